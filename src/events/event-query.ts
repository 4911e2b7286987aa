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
function prefixRange(prefix: string): [string, string] {
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
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
    const where: string[] = [];
    const params: Record<string, string | number> = { limit };
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
    if (filter.type?.endsWith('.')) {
      // A prefix spans many types: filter it while walking the time index rather than sorting a type range.
      const [low, high] = prefixRange(filter.type);
      where.push('+type >= @typeLow AND +type < @typeHigh');
      Object.assign(params, { typeLow: low, typeHigh: high });
    } else {
      equal(narrower || params.scopeUnit || params.orgUnitId ? '+type' : 'type', 'type', filter.type);
    }
    const severities = [...new Set(filter.severity ?? [])];
    if (severities.length > 0 && severities.length < 3) {
      where.push(`severity IN (${severities.map((_, index) => `@severity${index}`).join(', ')})`);
      severities.forEach((severity, index) => (params[`severity${index}`] = severity));
    }
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
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY at DESC, id DESC LIMIT @limit`;
    return this.prepare(sql).all(params) as EventRow[];
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
