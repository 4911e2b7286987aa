// Users tab: accounts in reach with role, unit and state; add, edit, reset password, enable/disable, unlock, delete.
import { ROLES, USERNAME } from '../../../src/contracts/account-rules.js';
import type { AdminUser, Role } from '../../../src/contracts/index.js';
import { passwordCheck } from './password-rule.js';
import { h } from '../shared/dom.js';
import { openFormDialog, type FieldSpec, type FormValues } from '../shared/form-dialog.js';
import { t, type MessageKey } from '../shared/i18n.js';
import { adminApi } from './admin-api.js';
import { confirmDelete, ListView } from './list-view.js';
import { UnitDirectory } from './unit-directory.js';
import type { AdminContext } from './tabs.js';

export const roleLabel = (role: Role): string => t(`role.${role}` as MessageKey);

function profileFields(units: UnitDirectory, user?: AdminUser): FieldSpec[] {
  return [
    { name: 'displayName', label: 'admin.user.displayName', required: true, maxLength: 100, value: user?.displayName },
    {
      name: 'role',
      label: 'admin.user.role',
      kind: 'select',
      options: ROLES.map((role) => ({ value: role, label: roleLabel(role) })),
      value: user?.role ?? 'operator',
    },
    units.field('admin.user.unit', user?.orgUnitId),
  ];
}

const profile = (values: FormValues) => ({
  displayName: values.displayName ?? '',
  role: (values.role ?? 'operator') as Role,
  orgUnitId: values.orgUnitId ?? '',
});

export function usersTab({ user: me }: AdminContext): ListView<AdminUser> {
  const units = new UnitDirectory();
  const status = (user: AdminUser): HTMLElement => {
    const locked = user.lockedUntil
      ? t('admin.user.locked', { time: new Date(user.lockedUntil).toLocaleTimeString() })
      : '';
    const state = t(user.disabled ? 'admin.user.disabled' : 'admin.user.active');
    return h(
      'span',
      {
        className: `user-state ${user.disabled ? 'is-disabled' : ''}`,
        dataset: { state: user.disabled ? 'disabled' : 'active' },
      },
      [[state, locked].filter(Boolean).join(' · ')],
    );
  };
  const self = (user: AdminUser): boolean => user.username === me.username;
  return new ListView<AdminUser>({
    testId: 'admin-users',
    load: () => units.with(adminApi.users()),
    rowKey: (user) => user.username,
    columns: [
      { header: 'admin.user.username', cell: (user) => user.username },
      { header: 'admin.user.displayName', cell: (user) => user.displayName },
      { header: 'admin.user.role', cell: (user) => roleLabel(user.role) },
      { header: 'admin.user.unit', cell: (user) => units.name(user.orgUnitId) },
      { header: 'admin.user.status', cell: status },
    ],
    add: {
      label: 'admin.user.add',
      run: () =>
        openFormDialog({
          title: 'admin.user.add',
          testId: 'user-form',
          fields: [
            {
              name: 'username',
              label: 'admin.user.username',
              required: true,
              maxLength: 40,
              check: (value) => (USERNAME.test(value) ? undefined : 'form.usernameRule'),
            },
            ...profileFields(units),
            {
              name: 'password',
              label: 'admin.user.password',
              kind: 'new-password',
              required: true,
              check: passwordCheck((values) => values.username ?? ''),
            },
          ],
          submit: async (values) =>
            void (await adminApi.createUser({
              ...profile(values),
              username: values.username ?? '',
              password: values.password ?? '',
            })),
        }),
    },
    actions: [
      {
        label: 'admin.edit',
        id: 'user-edit',
        run: (user) =>
          openFormDialog({
            title: 'admin.user.edit',
            testId: 'user-form',
            fields: profileFields(units, user),
            submit: async (values) => void (await adminApi.updateUser(user.id, profile(values))),
          }),
      },
      {
        label: 'admin.user.resetPassword',
        id: 'user-reset',
        run: (user) =>
          openFormDialog({
            title: 'admin.user.resetPassword',
            testId: 'reset-form',
            fields: [
              {
                name: 'password',
                label: 'admin.user.newPassword',
                kind: 'new-password',
                required: true,
                check: passwordCheck(() => user.username),
              },
            ],
            submit: async (values) => void (await adminApi.resetPassword(user.id, values.password ?? '')),
          }),
      },
      {
        label: 'admin.user.unlock',
        id: 'user-unlock',
        shown: (user) => user.lockedUntil !== null,
        run: async (user) => Boolean(await adminApi.unlockUser(user.id)),
      },
      {
        label: 'admin.user.disable',
        id: 'user-disable',
        shown: (user) => !user.disabled && !self(user),
        run: async (user) => Boolean(await adminApi.updateUser(user.id, { disabled: true })),
      },
      {
        label: 'admin.user.enable',
        id: 'user-enable',
        shown: (user) => user.disabled,
        run: async (user) => Boolean(await adminApi.updateUser(user.id, { disabled: false })),
      },
      {
        label: 'admin.delete',
        id: 'user-delete',
        shown: (user) => !self(user),
        run: async (user) => {
          if (!confirmDelete(user.username)) return false;
          await adminApi.deleteUser(user.id);
          return true;
        },
      },
    ],
  });
}
