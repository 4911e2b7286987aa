// The event query code against a real SQLite file: every plan (time walk, type by type, narrow index) gives exactly
// what a plain filter over all rows gives, page after page, for many filters and both kinds of scope.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventFilter } from '../../src/contracts/index.js';
import { openDatabase, type Db } from '../../src/db/index.js';
import {
  EventBus,
  EventLog,
  EventQueries,
  type DomainEvent,
  type EventRow,
  type EventScope,
} from '../../src/events/index.js';
import { silentLogger } from '../../src/shared/index.js';
import { tempDir } from '../support/temp-dir.js';

const TYPES = [
  ['camera.online', 'info'],
  ['camera.offline', 'error'],
  ['camera.reconnecting', 'warning'],
  ['audit.live.started', 'info'],
  ['audit.live.ended', 'info'],
  ['audit.login.failed', 'warning'],
  ['hub.started', 'info'],
] as const;
const CAMERAS = ['cam-a1', 'cam-a2', 'cam-b1'];
const unitOf = (camera: string): string => (camera.startsWith('cam-a') ? 'unit-a' : 'unit-b');
const T0 = Date.UTC(2026, 1, 1);

describe('event queries over a real database', () => {
  let db: Db;
  let queries: EventQueries;
  let all: EventRow[];

  beforeAll(() => {
    db = openDatabase(join(tempDir(), 'events.db'));
    const log = new EventLog(db, new EventBus(), silentLogger(), (cameraId) => ({
      enterpriseId: `ent-${unitOf(cameraId)}`,
      orgUnitId: unitOf(cameraId),
    }));
    let seed = 3;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    db.transaction(() => {
      for (let i = 0; i < 6_000; i++) {
        // Mostly camera status; a login failure about once in 600 events (rarer than one page of the time walk).
        const [type, severity] = i % 600 === 7 ? TYPES[5] : (TYPES[random(5)] as (typeof TYPES)[number]);
        const camera = CAMERAS[random(3)] as string;
        // The mix is drawn from a table, so TypeScript cannot pair each type with its data shape: the row is what counts.
        const event = { type, severity, message: `${type} ${i}`, cameraId: camera, userId: `usr-${random(4)}` };
        log.write(event as DomainEvent, T0 + Math.floor(i / 2) * 1000);
      }
      log.write({ type: 'hub.started', severity: 'info', message: 'hub-wide', data: { version: 'x' } }, T0 + 99);
    })();
    all = (db.prepare('SELECT * FROM events').all() as EventRow[]).sort((a, b) => b.at - a.at || b.id - a.id);
    queries = new EventQueries(db, {
      cameraUnit: (id) => (CAMERAS.includes(id) ? unitOf(id) : undefined),
      enterpriseUnit: (id) => (id.startsWith('ent-unit-') ? id.slice(4) : undefined),
    });
  });

  const oracle = (scope: EventScope, filter: EventFilter): number[] =>
    all
      .filter(
        (row) =>
          (scope.kind === 'province' || row.org_unit_id === scope.orgUnitId) &&
          (filter.from === undefined || row.at >= filter.from) &&
          (filter.to === undefined || row.at < filter.to) &&
          (filter.type === undefined ||
            (filter.type.endsWith('.') ? row.type.startsWith(filter.type) : row.type === filter.type)) &&
          (filter.severity === undefined || filter.severity.includes(row.severity as 'info')) &&
          (filter.cameraId === undefined || row.camera_id === filter.cameraId) &&
          (filter.enterpriseId === undefined || row.enterprise_id === filter.enterpriseId) &&
          (filter.orgUnitId === undefined || row.org_unit_id === filter.orgUnitId) &&
          (filter.userId === undefined || row.user_id === filter.userId),
      )
      .map((row) => row.id);

  const paged = (scope: EventScope, filter: EventFilter, limit: number): number[] => {
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10_000; pages++) {
      const page = queries.page(scope, filter, limit, cursor);
      ids.push(...page.rows.map((row) => row.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('too many pages');
  };

  const province: EventScope = { kind: 'province' };
  const unitA: EventScope = { kind: 'branch', orgUnitId: 'unit-a' };
  const filters: EventFilter[] = [
    {},
    { type: 'camera.' },
    { type: 'camera.offline' },
    { type: 'audit.' },
    { type: 'audit.login.' },
    { type: 'audit.login.failed', severity: ['warning'] },
    { type: 'camera.', severity: ['warning', 'error'] },
    { type: 'camera.', severity: ['error'], from: T0 + 500_000, to: T0 + 1_500_000 },
    { severity: ['error'] },
    { cameraId: 'cam-a2' },
    { cameraId: 'cam-a2', type: 'camera.' },
    { enterpriseId: 'ent-unit-a', type: 'audit.login.' },
    { userId: 'usr-1', severity: ['info', 'warning'] },
    { orgUnitId: 'unit-a', type: 'camera.reconnecting' },
    { type: 'storage.' },
    { from: T0 + 1_000_000, to: T0 + 1_000_010 },
  ];

  it.each(filters.map((filter) => [JSON.stringify(filter), filter] as const))(
    'pages %s exactly like a filter over every row, for the center and a branch',
    (_name, filter) => {
      for (const scope of [province, unitA]) {
        const expected = oracle(scope, filter);
        for (const limit of [1, 7, 50, 500]) {
          if (limit === 1 && expected.length > 400) continue;
          expect(paged(scope, filter, limit), `${scope.kind} limit ${limit}`).toEqual(expected);
        }
      }
    },
  );

  it('shows a branch nothing of another branch or of the hub, whatever it filters on', () => {
    const unitB: EventScope = { kind: 'branch', orgUnitId: 'unit-b' };
    expect(queries.page(unitA, { cameraId: 'cam-b1' }, 50).rows).toEqual([]);
    expect(queries.page(unitA, { enterpriseId: 'ent-unit-b' }, 50).rows).toEqual([]);
    expect(queries.page(unitA, { orgUnitId: 'unit-b' }, 50).rows).toEqual([]);
    expect(queries.page(unitA, { type: 'hub.' }, 50).rows).toEqual([]);
    expect(queries.page(unitB, { cameraId: 'cam-b1' }, 50).rows.length).toBe(50);
    expect(queries.page(province, { type: 'hub.' }, 50).rows.map((row) => row.message)).toEqual(['hub-wide']);
  });

  it('reads a whole view in pages, stopping at the row limit', () => {
    const read = (maxRows: number, pageSize: number): number[] =>
      [...queries.pages(unitA, { type: 'camera.' }, maxRows, pageSize)].flatMap((rows) => rows.map((row) => row.id));
    const expected = oracle(unitA, { type: 'camera.' });
    expect(read(1_000_000, 333)).toEqual(expected);
    expect(read(25, 10)).toEqual(expected.slice(0, 25));
    expect([...queries.pages(unitA, { type: 'camera.' }, 25, 10)].map((rows) => rows.length)).toEqual([10, 10, 5]);
  });

  it('rejects a cursor it did not give out', () => {
    expect(() => queries.page(province, {}, 10, 'not-a-cursor')).toThrow(/cursor/);
  });
});
