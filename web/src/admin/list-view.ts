// A reloadable table of records with an add button, per-row actions and one status line, for every admin tab.
import { errorMessage } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { onLanguageChange, t, type MessageKey } from '../shared/i18n.js';

type Cell = Node | string;

export interface Column<T> {
  header: MessageKey;
  cell(row: T): Cell;
}

export interface RowAction<T> {
  label: MessageKey;
  /** Test id suffix: the button is `<action>-<row key>`. */
  id: string;
  shown?(row: T): boolean;
  /** Resolves true when something changed (the list reloads). */
  run(row: T): Promise<boolean>;
}

export interface ListViewOptions<T> {
  testId: string;
  load(): Promise<T[]>;
  columns: ReadonlyArray<Column<T>>;
  actions?: ReadonlyArray<RowAction<T>>;
  rowKey(row: T): string;
  add?: { label: MessageKey; run(): Promise<boolean> };
}

export class ListView<T> {
  readonly element: HTMLElement;
  private readonly body = h('tbody');
  private readonly status = h('p', { className: 'admin-status', attrs: { role: 'status' }, testId: 'admin-status' });
  private rows: T[] = [];
  private readonly stopLanguage: () => void;

  constructor(private readonly options: ListViewOptions<T>) {
    const headers = options.columns.map((column) => h('th', { text: column.header }));
    if (options.actions?.length) headers.push(h('th', { text: 'admin.actions' }));
    const toolbar = h('div', { className: 'admin-toolbar' });
    if (options.add) {
      const { label, run } = options.add;
      const button = h('button', { className: 'primary', text: label, attrs: { type: 'button' }, testId: 'admin-add' });
      button.addEventListener('click', () => this.act(run));
      toolbar.append(button);
    }
    this.element = h('section', { className: 'admin-list', testId: options.testId }, [
      toolbar,
      this.status,
      h('table', { className: 'admin-table' }, [h('thead', {}, [h('tr', {}, headers)]), this.body]),
    ]);
    this.stopLanguage = onLanguageChange(() => this.render());
    void this.reload();
  }

  async reload(): Promise<void> {
    this.status.textContent = t('admin.loading');
    try {
      this.rows = await this.options.load();
      this.status.textContent = '';
    } catch (error) {
      this.status.textContent = t('admin.loadFailed', { message: errorMessage(error) });
    }
    this.render();
  }

  destroy(): void {
    this.stopLanguage();
  }

  private render(): void {
    const { columns, actions = [], rowKey, testId } = this.options;
    if (this.rows.length === 0) {
      const span = columns.length + (actions.length ? 1 : 0);
      this.body.replaceChildren(h('tr', {}, [h('td', { text: 'admin.empty', attrs: { colspan: span } })]));
      return;
    }
    this.body.replaceChildren(
      ...this.rows.map((row) => {
        const key = rowKey(row);
        const cells = columns.map((column) => h('td', {}, [column.cell(row)]));
        if (actions.length) {
          const buttons = actions
            .filter((action) => action.shown?.(row) ?? true)
            .map((action) => {
              const button = h('button', {
                text: action.label,
                attrs: { type: 'button' },
                testId: `${action.id}-${key}`,
              });
              button.addEventListener('click', () => this.act(() => action.run(row)));
              return button;
            });
          cells.push(h('td', { className: 'admin-row-actions' }, buttons));
        }
        return h('tr', { dataset: { key }, testId: `${testId}-row` }, cells);
      }),
    );
  }

  private act(run: () => Promise<boolean>): void {
    run()
      .then((changed) => (changed ? this.reload() : undefined))
      .catch((error: unknown) => {
        this.status.textContent = t('admin.actionFailed', { message: errorMessage(error) });
      });
  }
}

/** Asks before a delete; the answer is the user's. */
export const confirmDelete = (name: string): boolean => window.confirm(t('admin.confirmDelete', { name }));
