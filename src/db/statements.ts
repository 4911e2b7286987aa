// Prepared statements cached per connection: preparing costs more than running the short queries of a request.
import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';

export type Prepare = (sql: string) => Statement;

const caches = new WeakMap<Db, Map<string, Statement>>();

/** A `prepare` that compiles each SQL text once per connection and reuses it afterwards. */
export function cachedPrepare(db: Db): Prepare {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const statements = cache;
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
