// The admin lists in Chromium: a table sorted over all its rows and paged, and the users tab's form rules in both languages.
import { defineComponent, h, ref, shallowRef } from 'vue';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { ElConfigProvider } from 'element-plus';
import { en, zhCn } from 'element-plus/es/locale/index.mjs';
import { render } from 'vitest-browser-vue';
import type { Column, ListState, RowAction } from '../../web/src/admin/record-list.js';
import RecordList from '../../web/src/admin/RecordList.vue';
import { enterpriseField, newUserFields } from '../../web/src/admin/user-fields.js';
import FormDialog from '../../web/src/shared/FormDialog.vue';
import type { FieldSpec } from '../../web/src/shared/form-spec.js';
import { language, setLanguage } from '../../web/src/shared/i18n.js';

interface UnitRow {
  key: string;
  name: string;
  users: number;
}

const ROWS: UnitRow[] = [
  { key: 'b', name: 'Bay', users: 12 },
  { key: 'd', name: 'Dock', users: 3 },
  { key: 'a', name: 'Airport', users: 7 },
  { key: 'f', name: 'Ferry', users: 1 },
  { key: 'c', name: 'Customs', users: 30 },
];
const COLUMNS: Column<UnitRow>[] = [
  { prop: 'name', label: 'admin.unit.name' },
  { prop: 'users', label: 'admin.unit.users' },
];
const quiet = (): ListState => ({
  loading: ref(false),
  failure: shallowRef(null),
  form: shallowRef(null),
  reload: async () => undefined,
  closeForm: () => undefined,
});

async function showList() {
  const rows = shallowRef(ROWS);
  const list = quiet();
  const deleted: string[] = [];
  const actions: RowAction<UnitRow>[] = [
    { id: 'unit-edit', label: 'admin.edit', run: () => undefined },
    { id: 'unit-delete', label: 'admin.delete', shown: (row) => row.users < 10, run: (row) => deleted.push(row.key) },
  ];
  // Rendered as the console renders it, in Element Plus's locale of the console's language; through a parent, so that
  // the list's row type is the one given.
  const parent = defineComponent({
    setup: () => () =>
      h(ElConfigProvider, { locale: language() === 'en' ? en : zhCn }, () =>
        h(RecordList<UnitRow>, { testId: 'units', list, rows: rows.value, columns: COLUMNS, actions, pageSize: 2 }),
      ),
  });
  const screen = await render(parent);
  const keys = (): string[] =>
    [...screen.container.querySelectorAll<HTMLElement>('[data-testid="units-row"]')].map(
      (row) => row.dataset.key ?? '',
    );
  /** Clicks the ascending or descending arrow in the header of the column titled `title`. */
  const sortBy = async (title: string, order: 'ascending' | 'descending'): Promise<void> => {
    const header = [...screen.container.querySelectorAll<HTMLElement>('th')].find(
      (cell) => cell.textContent?.trim() === title,
    );
    await page.elementLocator(header?.querySelector(`.sort-caret.${order}`) as Element).click();
  };
  const nextPage = () => page.elementLocator(screen.container.querySelector('.btn-next') as Element).click();
  return { screen, rows, deleted, keys, sortBy, nextPage };
}

describe('an admin list', () => {
  afterEach(() => setLanguage('zh-CN'));

  it('sorts all its rows, not only the page shown, and pages through them', async () => {
    setLanguage('zh-CN');
    const { screen, keys, sortBy, nextPage } = await showList();
    await expect.poll(keys).toEqual(['b', 'd']);
    expect(screen.container.querySelector('.el-pagination__total')?.textContent).toContain('共 5 条');
    // The largest number of users is on the third row given: sorted, it comes first.
    await sortBy('用户数', 'descending');
    await expect.poll(keys).toEqual(['c', 'b']);
    await nextPage();
    await expect.poll(keys).toEqual(['a', 'd']);
    await nextPage();
    await expect.poll(keys).toEqual(['f']);
    await sortBy('名称', 'ascending');
    await expect.poll(keys).toEqual(['f']);
  });

  it('offers each row the actions that apply to it, and runs them on that row', async () => {
    setLanguage('zh-CN');
    const { screen, deleted, keys } = await showList();
    await expect.poll(keys).toEqual(['b', 'd']);
    const buttons = [...screen.container.querySelectorAll('button[data-testid^="unit-"]')];
    expect(buttons.map((button) => button.getAttribute('data-testid'))).toEqual([
      'unit-edit-b',
      'unit-edit-d',
      'unit-delete-d',
    ]);
    await page.getByTestId('unit-delete-d').click();
    expect(deleted).toEqual(['d']);
  });

  it('says its headers, its totals and its empty state in English', async () => {
    setLanguage('en');
    const { screen, rows, keys, sortBy } = await showList();
    await sortBy('Name', 'ascending');
    await expect.poll(keys).toEqual(['a', 'b']);
    expect(screen.container.querySelector('.el-pagination__total')?.textContent).toContain('Total 5');
    rows.value = [];
    await expect.element(page.getByText('Nothing here yet')).toBeInTheDocument();
  });
});

describe("the users tab's new-account form", () => {
  const UNIT: FieldSpec = {
    name: 'orgUnitId',
    label: 'admin.user.unit',
    kind: 'select',
    required: true,
    options: [{ value: 'west', label: '西区分局' }],
    value: 'west',
  };

  async function fillAndSubmit(username: string, password: string): Promise<void> {
    await render(FormDialog, {
      props: {
        title: 'admin.user.add',
        testId: 'user-form',
        fields: newUserFields(UNIT, enterpriseField([])),
        submit: async () => undefined,
      },
    });
    await page.getByTestId('field-username').fill(username);
    await page.getByTestId('field-password').fill(password);
    await page.getByTestId('form-submit').click();
  }

  it('says what is wrong in Chinese', async () => {
    setLanguage('zh-CN');
    await fillAndSubmit('a b', 'short');
    await expect.element(page.getByTestId('field-error-displayName')).toHaveTextContent('此项必填');
    await expect
      .element(page.getByTestId('field-error-username'))
      .toHaveTextContent('用户名为 3–40 位字母、数字、点、横线或下划线');
    await expect.element(page.getByTestId('field-error-password')).toHaveTextContent('密码至少 10 位');
  });

  it('says what is wrong in English, a password holding the user name included', async () => {
    setLanguage('en');
    await fillAndSubmit('kim.lee', 'xx-KIM.LEE-42');
    await expect.element(page.getByTestId('field-error-displayName')).toHaveTextContent('Required');
    await expect
      .element(page.getByTestId('field-error-password'))
      .toHaveTextContent('The password must not contain the user name');
    await expect.element(page.getByTestId('field-error-username')).not.toBeInTheDocument();
  });
});
