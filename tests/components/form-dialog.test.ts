// The form dialog in Chromium: its own rules before sending; a real hub's field errors by the fields, one error line.
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import { adminApi } from '../../web/src/admin/admin-api.js';
import FormDialog from '../../web/src/shared/FormDialog.vue';
import type { FieldSpec, FormValues } from '../../web/src/shared/form-spec.js';
import { setLanguage } from '../../web/src/shared/i18n.js';
import { logIn } from './hub-session.js';

const FIELDS: FieldSpec[] = [
  { name: 'name', label: 'admin.ent.name', required: true, maxLength: 5 },
  {
    name: 'grade',
    label: 'admin.ent.licence',
    kind: 'select',
    options: [
      { value: 'A', label: 'A 级' },
      { value: 'C', label: 'C 级' },
    ],
    value: 'A',
  },
  {
    name: 'confirm',
    label: 'account.confirm',
    check: (value, values) => (value === values.name ? undefined : 'account.mismatch'),
  },
];

function open(submit: (values: FormValues) => Promise<void>) {
  const done: string[] = [];
  const screen = render(FormDialog, {
    props: { title: 'account.changePassword', testId: 'test-form', fields: FIELDS, submit },
    attrs: { onDone: () => done.push('done') },
  });
  return { screen, done };
}

describe('FormDialog', () => {
  setLanguage('zh-CN');

  it('checks required, length and cross-field rules before sending anything', async () => {
    const sent: FormValues[] = [];
    open(async (values) => void sent.push(values));
    await page.getByTestId('form-submit').click();
    await expect.element(page.getByTestId('field-error-name')).toHaveTextContent('此项必填');
    // The field takes no more than its length.
    await page.getByTestId('field-name').fill('太长的企业名称');
    await expect.element(page.getByTestId('field-name')).toHaveValue('太长的企业');
    await page.getByTestId('field-confirm').fill('x');
    await page.getByTestId('form-submit').click();
    await expect.element(page.getByTestId('field-error-name')).not.toBeInTheDocument();
    await expect.element(page.getByTestId('field-error-confirm')).toHaveTextContent('两次输入的新密码不一致');
    expect(sent).toEqual([]);
  });

  it('sends the values once they pass, the chosen option included', async () => {
    const sent: FormValues[] = [];
    const { done } = open(async (values) => void sent.push(values));
    await page.getByTestId('field-name').fill('北湾');
    await page.getByTestId('field-confirm').fill('北湾');
    await page.getByTestId('field-grade').click();
    await page.getByTestId('field-grade').getByTestId('option-C').click();
    await page.getByTestId('form-submit').click();
    await expect.poll(() => sent).toEqual([{ name: '北湾', grade: 'C', confirm: '北湾' }]);
    expect(done).toEqual(['done']);
  });

  it("shows the hub's field errors next to their fields and any other failure on the error line", async () => {
    await logIn();
    const usersBefore = (await adminApi.users()).map((user) => user.username);
    // Fields without rules of their own: what is wrong with them, only the hub says.
    const accountFields: FieldSpec[] = [
      { name: 'username', label: 'admin.user.username', required: true },
      { name: 'password', label: 'admin.user.password', kind: 'new-password', required: true },
    ];
    render(FormDialog, {
      props: {
        title: 'admin.user.add',
        testId: 'test-form',
        fields: accountFields,
        submit: async (values: FormValues) => {
          await adminApi.createUser({
            username: values.username ?? '',
            password: values.password ?? '',
            displayName: 'Form dialog',
            role: 'operator',
            orgUnitId: 'c',
          });
        },
      },
    });
    await page.getByTestId('field-username').fill('a b');
    await page.getByTestId('field-password').fill('pw-1');
    await page.getByTestId('form-submit').click();
    await expect
      .element(page.getByTestId('field-error-username'))
      .toHaveTextContent('无效字符串：必须满足正则表达式 /^[A-Za-z0-9._-]{3,40}$/');
    await expect.element(page.getByTestId('field-error-password')).toHaveTextContent('数值过小：期望 string >=10 字符');
    await expect.element(page.getByTestId('form-error')).toHaveTextContent('');

    await page.getByTestId('field-username').fill('center-admin');
    await page.getByTestId('field-password').fill('Long-enough-pw-9');
    await page.getByTestId('form-submit').click();
    await expect
      .element(page.getByTestId('form-error'))
      .toHaveTextContent('与现有数据冲突：用户名“center-admin”已被使用');
    await expect.element(page.getByTestId('field-error-username')).not.toBeInTheDocument();
    expect((await adminApi.users()).map((user) => user.username)).toEqual(usersBefore);
  });
});
