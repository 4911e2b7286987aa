// The password change every user opens from the top bar: the current password, a new one twice; other logins end.
import { passwordCheck } from '../admin/users-tab.js';
import { request } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { openFormDialog } from '../shared/form-dialog.js';
import { t } from '../shared/i18n.js';

/** Opens the dialog; after a change a short notice says that the other sessions ended. */
export async function openPasswordDialog(username: string): Promise<void> {
  const changed = await openFormDialog({
    title: 'account.changePassword',
    testId: 'password-form',
    fields: [
      { name: 'oldPassword', label: 'account.oldPassword', kind: 'password', required: true },
      {
        name: 'newPassword',
        label: 'account.newPassword',
        kind: 'new-password',
        required: true,
        check: passwordCheck(() => username),
      },
      {
        name: 'confirm',
        label: 'account.confirm',
        kind: 'new-password',
        required: true,
        check: (value, values) => (value === values.newPassword ? undefined : 'account.mismatch'),
      },
    ],
    submit: async (values) =>
      void (await request('/api/auth/password', {
        method: 'POST',
        body: { oldPassword: values.oldPassword, newPassword: values.newPassword },
      })),
  });
  if (!changed) return;
  const notice = h('div', { className: 'toast', attrs: { role: 'status' }, testId: 'password-changed' }, [
    t('account.changed'),
  ]);
  document.body.append(notice);
  setTimeout(() => notice.remove(), 6_000);
}
