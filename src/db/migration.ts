// One numbered schema migration: applied once, in order of its version, inside a transaction.

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The migration rebuilds tables others reference (SQLite cannot alter a CHECK constraint): it runs with foreign
   * keys off, and every reference is checked before it commits.
   */
  rebuildsTables?: true;
}
