// Patrol planning on a real database with a set clock: tasks by grade, spot checks, assignment, overdue flags.
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.js';
import { DEFAULT_FREQUENCIES } from '../../src/contracts/index.js';
import type { DomainEvent } from '../../src/events/index.js';
import { Patrols, type PlanningOrg } from '../../src/supervision/index.js';
import { tempDir } from '../support/temp-dir.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00+08:00');

const ENTERPRISES = [
  { id: 'e-a', orgUnitId: 'b1', name: 'A 企业', creditGrade: 'A' as const },
  { id: 'e-c', orgUnitId: 'b1', name: 'C 企业', creditGrade: 'C' as const },
  { id: 'e-d', orgUnitId: 'b1', name: 'D 企业', creditGrade: 'D' as const },
  { id: 'e-x', orgUnitId: 'b2', name: 'X 企业', creditGrade: 'B' as const },
];

/** A plan of branch b1: the defaults with `changes`. */
const planOfB1 = (changes: Partial<Parameters<Patrols['plans']['setPlan']>[0]>) => ({
  orgUnitId: 'b1',
  frequencies: DEFAULT_FREQUENCIES,
  spotChecksPerMonth: 0,
  graceDays: 2,
  ...changes,
});

describe('patrol planning', () => {
  let db: Db;
  let clock: number;
  let dice: number[];
  let events: DomainEvent[];
  let patrols: Patrols;

  const org: PlanningOrg = {
    enterprises: () => ENTERPRISES,
    inspectors: (unit) =>
      unit === 'b1'
        ? [
            { id: 'u-li', name: '李检查员' },
            { id: 'u-wang', name: '王检查员' },
          ]
        : [],
    enterpriseName: (id) => ENTERPRISES.find((enterprise) => enterprise.id === id)?.name,
    userName: (id) => id,
  };

  /** A record of a patrol of `enterpriseId` finished now, as the records table holds it. */
  const patrolled = (enterpriseId: string): void => {
    db.prepare(
      `INSERT INTO patrol_records (id, enterprise_id, inspector_name, started_at, finished_at, result, points)
         VALUES (?, ?, 'x', ?, ?, 'pass', '[]')`,
    ).run(`r-${enterpriseId}-${clock}`, enterpriseId, clock, clock);
  };

  beforeEach(() => {
    db = openDatabase(join(tempDir(), 'vigil.db'));
    for (const [id, parent, kind] of [
      ['c', null, 'center'],
      ['b1', 'c', 'branch'],
      ['b2', 'c', 'branch'],
    ] as const) {
      db.prepare('INSERT INTO org_units (id, parent_id, kind, name, created_at) VALUES (?, ?, ?, ?, 0)').run(
        id,
        parent,
        kind,
        id,
      );
    }
    for (const enterprise of ENTERPRISES) {
      db.prepare(
        'INSERT INTO enterprises (id, org_unit_id, name, credit_grade, created_at) VALUES (?, ?, ?, ?, 0)',
      ).run(enterprise.id, enterprise.orgUnitId, enterprise.name, enterprise.creditGrade);
    }
    for (const id of ['u-li', 'u-wang']) {
      db.prepare(
        `INSERT INTO users (id, org_unit_id, username, display_name, role, password_hash, created_at, password_changed_at)
           VALUES (?, 'b1', ?, ?, 'inspector', 'x', 0, 0)`,
      ).run(id, id, id);
    }
    clock = T0;
    dice = [];
    events = [];
    patrols = new Patrols({
      db,
      org,
      cameras: { list: () => [], statusOf: () => 'online' },
      snapshots: { get: () => undefined },
      publish: (event) => events.push(event),
      now: () => clock,
      random: () => dice.shift() ?? 0.99,
    });
  });

  const open = () => patrols.tasks.list({ state: 'open' });

  it('gives every enterprise one open task, due now when it was never patrolled, spread over the inspectors', () => {
    patrols.tick();
    const tasks = open();
    expect(tasks.map((task) => task.enterprise_id).sort()).toEqual(['e-a', 'e-c', 'e-d', 'e-x']);
    expect(tasks.every((task) => task.due_at === T0 && task.kind === 'scheduled')).toBe(true);
    const b1 = tasks.filter((task) => task.org_unit_id === 'b1').map((task) => task.assigned_to);
    expect(b1.filter((user) => user === 'u-li')).toHaveLength(2);
    expect(b1.filter((user) => user === 'u-wang')).toHaveLength(1);
    // A branch without inspectors still gets its task, for nobody yet.
    expect(tasks.find((task) => task.org_unit_id === 'b2')?.assigned_to).toBeNull();
    patrols.tick();
    expect(open()).toHaveLength(4);
  });

  it('plans the next patrol by grade after a patrol: D in 2⅓ days, C in 7, A in 30, and as the plan says', () => {
    patrols.tick();
    for (const enterprise of ['e-a', 'e-c', 'e-d']) {
      patrolled(enterprise);
      patrols.tasks.complete(enterprise, null, `r-${enterprise}-${clock}`, clock);
    }
    patrols.tick();
    const due = (id: string) => (open().find((task) => task.enterprise_id === id)?.due_at ?? 0) - T0;
    expect(due('e-d')).toBe((7 / 3) * DAY);
    expect(due('e-c')).toBe(7 * DAY);
    expect(due('e-a')).toBe(30 * DAY);

    const frequencies = { ...DEFAULT_FREQUENCIES, A: { count: 1, periodDays: 60 }, C: { count: 2, periodDays: 7 } };
    patrols.plans.setPlan(planOfB1({ frequencies, graceDays: 1 }), 'admin');
    clock += 8 * DAY;
    patrolled('e-c');
    patrols.tasks.complete('e-c', null, 'r2', clock);
    patrols.tick();
    expect(due('e-c')).toBe(8 * DAY + 3.5 * DAY);
  });

  it('flags an open task past its day and grace once a day, as a warning naming the enterprise', () => {
    patrols.tick();
    expect(events).toHaveLength(0);
    clock += 2 * DAY + 60_000; // past the default two days of grace
    patrols.tick();
    expect(events.map((event) => event.type)).toEqual(Array(4).fill('patrol.task.overdue'));
    expect(events[0]?.severity).toBe('warning');
    expect(patrols.tasks.view(open()[0]!, clock).overdue).toBe(true);
    clock += 3_600_000;
    patrols.tick();
    expect(events).toHaveLength(4);
    clock += DAY;
    patrols.tick();
    expect(events).toHaveLength(8);
  });

  it('draws spot checks once a day at the planned rate, on enterprises without an open one', () => {
    patrols.plans.setPlan(planOfB1({ spotChecksPerMonth: 45 }), 'admin'); // 1.5 a day
    dice = [0.2, 0, 0.7]; // 0.2 < 0.5: a second check; then the first and the last candidate
    patrols.tick();
    const spot = open().filter((task) => task.kind === 'spot');
    expect(spot.map((task) => task.enterprise_id).sort()).toEqual(['e-a', 'e-d']);
    expect(spot.every((task) => task.due_at === T0 + DAY)).toBe(true);
    patrols.tick();
    expect(open().filter((task) => task.kind === 'spot')).toHaveLength(2);
  });
});
