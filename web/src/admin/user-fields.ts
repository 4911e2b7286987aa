// The users tab's forms: a new account, an account's profile, a password reset; and what they send.
import { ROLES, USERNAME } from '../../../src/contracts/account-rules.js';
import type { AdminUser, Role } from '../../../src/contracts/index.js';
import type { FieldSpec, FormValues } from '../shared/form-spec.js';
import { t, type MessageKey } from '../shared/i18n.js';
import { passwordCheck } from './password-rule.js';

export const roleLabel = (role: Role): string => t(`role.${role}` as MessageKey);

/** Name, role and unit, as set on a new account and edited on an existing one. */
export function profileFields(unitField: FieldSpec, user?: AdminUser): FieldSpec[] {
  return [
    { name: 'displayName', label: 'admin.user.displayName', required: true, maxLength: 100, value: user?.displayName },
    {
      name: 'role',
      label: 'admin.user.role',
      kind: 'select',
      options: ROLES.map((role) => ({ value: role, label: roleLabel(role) })),
      value: user?.role ?? 'operator',
    },
    unitField,
  ];
}

/**
 * The enterprise of an enterprise account: required for that role, ignored for the others (the hub keeps an
 * enterprise account in its enterprise's branch, whatever unit the form names).
 */
export function enterpriseField(enterprises: ReadonlyArray<{ id: string; name: string }>): FieldSpec {
  return {
    name: 'enterpriseId',
    label: 'admin.user.enterprise',
    kind: 'select',
    options: [
      { value: '', label: '—' },
      ...enterprises.map((enterprise) => ({ value: enterprise.id, label: enterprise.name })),
    ],
    value: '',
    check: (value, values) => (values.role === 'enterprise' && !value ? 'admin.user.enterpriseRequired' : undefined),
  };
}

/** A new account: its user name first, its initial password last (which must not contain the user name). */
export function newUserFields(unitField: FieldSpec, enterprise: FieldSpec): FieldSpec[] {
  return [
    {
      name: 'username',
      label: 'admin.user.username',
      required: true,
      maxLength: 40,
      check: (value) => (USERNAME.test(value) ? undefined : 'form.usernameRule'),
    },
    ...profileFields(unitField),
    enterprise,
    {
      name: 'password',
      label: 'admin.user.password',
      kind: 'new-password',
      required: true,
      check: passwordCheck((values) => values.username ?? ''),
    },
  ];
}

export const resetFields = (username: string): FieldSpec[] => [
  {
    name: 'password',
    label: 'admin.user.newPassword',
    kind: 'new-password',
    required: true,
    check: passwordCheck(() => username),
  },
];

export const profileOf = (values: FormValues) => ({
  displayName: values.displayName ?? '',
  role: (values.role ?? 'operator') as Role,
  orgUnitId: values.orgUnitId ?? '',
});
