// What an admin list shows: rows made for display (each with its key), sortable columns and per-row actions.
import type { MessageKey } from '../shared/i18n.js';
import type { Records } from './records.js';

/** A row as shown: display values by column, sorted as they read (numbers as numbers). */
export interface ListRow {
  key: string;
}

export interface Column<Row> {
  prop: keyof Row & string;
  label: MessageKey;
  minWidth?: number;
}

export interface RowAction<Row> {
  /** Test id prefix: the button is `<id>-<row key>`. */
  id: string;
  label: MessageKey;
  danger?: boolean;
  shown?(row: Row): boolean;
  run(row: Row): void;
}

/** The part of a tab's records the list shows: loading, the last failure and the open form. */
export type ListState = Pick<Records<unknown>, 'loading' | 'failure' | 'form' | 'reload' | 'closeForm'>;
