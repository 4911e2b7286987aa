// Filtered, scoped, keyset-paginated reads of the event log: the one query code behind the API, the CSV and the bench.
import type { EventFilter } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { VigilError } from '../shared/errors.js';
import type { EventRow } from './event-log.js';

/** Who may see what (the same shape as the org module's scope): everything, or one branch's unit. */
export type EventScope = { kind: 'province' } | { kind: 'branch'; orgUnitId: string };

/** The org unit an enterprise or camera belongs to now; undefined when there is no such thing. */
export interface EventOwners {
  cameraUnit(cameraId: string): string | undefined;
  enterpriseUnit(enterpriseId: string): string | undefined;
}

export interface EventPageRows {
  rows: EventRow[];
  nextCursor: string | null;
}

/** Position after the last row of a page, newest first: (at, id) descending. */
interface Position {
  at: number;
  id: number;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.at}.${position.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) {
    throw new VigilError('VIGIL_VALIDATION', 'The cursor is not one this API gave out; start again without it', {
      details: [{ path: 'cursor', message: 'unknown cursor' }],
    });
  }
  return { at: Number(match[1]), id: Number(match[2]) };
}

/** `camera.` → the half-open range ['camera.', 'camera/') that an index can scan. */
export function prefixRange(prefix: string): [string, string] {
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
}

/** The distinct event types in [low, high), each found by one seek in the type index (a skip scan). */
export function distinctTypes(prepare: Prepare, [low, high]: [string, string], max = Infinity): string[] {
  const first = prepare('SELECT type FROM events WHERE type >= ? AND type < ? ORDER BY type LIMIT 1');
  const next = prepare('SELECT type FROM events WHERE type > ? AND type < ? ORDER BY type LIMIT 1');
  const types: string[] = [];
  let row = first.get(low, high) as { type: string } | undefined;
  while (row && types.length < max) {
    types.push(row.type);
    row = next.get(row.type, high) as { type: string } | undefined;
  }
  return types;
}

const NEWEST_FIRST = 'ORDER BY at DESC, id DESC LIMIT @limit';
/** Above this many types under a prefix, one walk of the time index filtering the type beats merging. */
const MAX_MERGED_TYPES = 64;

/** How many of the newest rows are checked for a page of type or severity matches before walking type by type. */
const DENSE_SCAN_ROWS = 1_000;

const select = (where: string[], limit = '@limit', from = 'events'): string =>
  `SELECT * FROM ${from} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${limit}`;

interface Conditions {
  /** What an index walk can use: who, where, when, and the cursor. */
  where: string[];
  /** Type and severity, tested on each row the walk gives. */
  checks: string[];
  params: Record<string, string | number>;
  /** A camera, enterprise or user filter leads the walk. */
  narrower: boolean;
}

function conditions(scope: EventScope, filter: EventFilter, after: Position | undefined, limit: number): Conditions {
  const where: string[] = [];
  const checks: string[] = [];
  const params: Record<string, string | number> = { limit, scan: DENSE_SCAN_ROWS };
  const equal = (column: string, name: string, value: string | undefined): void => {
    if (value === undefined) return;
    where.push(`${column} = @${name}`);
    params[name] = value;
  };
  equal('camera_id', 'cameraId', filter.cameraId);
  equal('enterprise_id', 'enterpriseId', filter.enterpriseId);
  equal('user_id', 'userId', filter.userId);
  // A camera, enterprise or user narrows far more than a unit: keep the planner on their index ("+" hides a column).
  const narrower = where.length > 0;
  const unitColumn = narrower ? '+org_unit_id' : 'org_unit_id';
  equal(unitColumn, 'scopeUnit', scope.kind === 'branch' ? scope.orgUnitId : undefined);
  if (scope.kind === 'province') equal(unitColumn, 'orgUnitId', filter.orgUnitId);
  if (filter.from !== undefined) {
    where.push('at >= @from');
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    where.push('at < @to');
    params.to = filter.to;
  }
  if (after) {
    // (at, id) < (after.at, after.id), written so the time index gives the range and id breaks ties.
    where.push('at <= @afterAt AND (at < @afterAt OR id < @afterId)');
    Object.assign(params, { afterAt: after.at, afterId: after.id });
  }
  const severities = [...new Set(filter.severity ?? [])];
  if (severities.length > 0 && severities.length < 3) {
    checks.push(`severity IN (${severities.map((_, index) => `@severity${index}`).join(', ')})`);
    severities.forEach((severity, index) => (params[`severity${index}`] = severity));
  }
  const type = filter.type;
  if (type?.endsWith('.')) {
    const [low, high] = prefixRange(type);
    checks.push('+type >= @typeLow AND +type < @typeHigh');
    Object.assign(params, { typeLow: low, typeHigh: high });
  } else if (type !== undefined) {
    checks.push('+type = @type');
    params.type = type;
  }
  return { where, checks, params, narrower };
}

export class EventQueries {
  private readonly prepare: Prepare;

  constructor(
    db: Db,
    private readonly owners: EventOwners,
  ) {
    this.prepare = cachedPrepare(db);
  }

  /** One page, newest first; `nextCursor` continues after its last row. */
  page(scope: EventScope, filter: EventFilter, limit: number, cursor?: string): EventPageRows {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows = this.rows(scope, filter, limit + 1, after);
    if (rows.length <= limit) return { rows, nextCursor: null };
    rows.length = limit;
    const last = rows[limit - 1] as EventRow;
    return { rows, nextCursor: encodeCursor(last) };
  }

  /** Every matching row, newest first, read in pages so the connection is never held between them. */
  *pages(scope: EventScope, filter: EventFilter, maxRows: number, pageSize = 1000): Generator<EventRow[]> {
    let after: Position | undefined;
    let left = maxRows;
    while (left > 0) {
      const rows = this.rows(scope, filter, Math.min(pageSize, left), after);
      if (rows.length === 0) return;
      yield rows;
      left -= rows.length;
      const last = rows[rows.length - 1] as EventRow;
      after = { at: last.at, id: last.id };
    }
  }

  private rows(scope: EventScope, filter: EventFilter, limit: number, after: Position | undefined): EventRow[] {
    if (!this.reachable(scope, filter)) return [];
    const { where, checks, params, narrower } = conditions(scope, filter, after, limit);
    if (checks.length === 0) return this.all(select(where), params);

    // Common matches: the newest rows of the walk hold a page of them.
    const dense = this.all(
      `SELECT * FROM (${select(where, '@scan')}) ${`WHERE ${checks.join(' AND ')}`} ${NEWEST_FIRST}`,
      params,
    );
    if (dense.length === limit) return dense;
    // Rare types: one walk of the (type, at) or (org_unit_id, type, at) index per type, each stopping after a page,
    // merged; as fast for a type seen once a month as for one seen every second.
    const type = filter.type;
    const types = type === undefined || narrower ? [] : type.endsWith('.') ? this.typesUnder(type) : [type];
    if (type !== undefined && !narrower && types.length === 0) return [];
    if (types.length === 0 || types.length > MAX_MERGED_TYPES) return this.all(select([...where, ...checks]), params);
    const severity = checks.filter((check) => check.startsWith('severity'));
    // Without statistics the planner takes (type, at) even when a unit is given too; the unit's index is far narrower.
    const unit = params.scopeUnit !== undefined || params.orgUnitId !== undefined;
    const from = unit ? 'events INDEXED BY events_unit_type_at' : 'events';
    const parts = types.map((one, index) => {
      params[`type${index}`] = one;
      return `SELECT * FROM (${select([...where, ...severity, `type = @type${index}`], '@limit', from)})`;
    });
    return this.all(`${parts.join(' UNION ALL ')} ${NEWEST_FIRST}`, params);
  }

  private all(sql: string, params: Record<string, string | number>): EventRow[] {
    return this.prepare(sql).all(params) as EventRow[];
  }

  private typesUnder(prefix: string): string[] {
    return distinctTypes(this.prepare, prefixRange(prefix), MAX_MERGED_TYPES + 1);
  }

  /** False when a filter names a unit, enterprise or camera outside the scope (or unknown): nothing to show. */
  private reachable(scope: EventScope, filter: EventFilter): boolean {
    if (scope.kind === 'province') return true;
    const unit = scope.orgUnitId;
    if (filter.orgUnitId !== undefined && filter.orgUnitId !== unit) return false;
    if (filter.enterpriseId !== undefined && this.owners.enterpriseUnit(filter.enterpriseId) !== unit) return false;
    return filter.cameraId === undefined || this.owners.cameraUnit(filter.cameraId) === unit;
  }
}
