// Event log retention over a real SQLite file with an injected clock: days, longer days for audit, the database budget.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.js';
import { EventBus, EventLog, EventRetention, type DomainEvent } from '../../src/events/index.js';
import { silentLogger } from '../../src/shared/index.js';
import { tempDir } from '../support/temp-dir.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 30, 12, 0, 0);
const dir = tempDir('vigil-event-retention-');
let n = 0;

function fill(db: Db, types: readonly string[], days: number, perDay: number): void {
  const log = new EventLog(db, new EventBus(), silentLogger(), () => undefined);
  db.transaction(() => {
    for (let d = days; d >= 1; d--) {
      for (let i = 0; i < perDay; i++) {
        const type = types[i % types.length] as `audit.${string}`;
        log.write({ type, severity: 'info', message: `${type} ${d}/${i} ${'x'.repeat(200)}` }, NOW - d * DAY + i);
      }
    }
  })();
}

const count = (db: Db, where = '1'): number =>
  (db.prepare(`SELECT count(*) AS n FROM events WHERE ${where}`).get() as { n: number }).n;

describe('event log retention', () => {
  const open = (): Db => openDatabase(join(dir, `events-${n++}.db`));

  it('deletes events past their days, audit events past theirs, in batches, and says so in an event', async () => {
    const db = open();
    fill(db, ['camera.offline', 'audit.login.failed', 'push.refused', 'audit.playback'], 40, 50);
    const published: DomainEvent[] = [];
    const retention = new EventRetention({
      db,
      retentionDays: 10,
      auditRetentionDays: 30,
      budgetBytes: 1e9,
      batchRows: 7, // many batches, each its own short transaction
      publish: (event) => published.push(event),
    });
    const report = await retention.prune(NOW);
    // Day d's events are at NOW - d days (+ i ms): those of days 11..40 are older than 10 days, 31..40 than 30.
    expect(report).toMatchObject({ age: 30 * 25, audit: 10 * 25, budget: 0 });
    expect(count(db, "type NOT LIKE 'audit.%' AND at < " + (NOW - 10 * DAY))).toBe(0);
    expect(count(db, "type LIKE 'audit.%'")).toBe(30 * 25);
    expect(count(db)).toBe(10 * 25 + 30 * 25);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      type: 'events.pruned',
      severity: 'info',
      data: { events: 1000, byReason: { age: 750, audit: 250, budget: 0 } },
    });
    // Nothing more to do on the same day.
    expect(await retention.prune(NOW)).toMatchObject({ age: 0, audit: 0, budget: 0 });
    expect(published).toHaveLength(1);
    db.close();
  });

  it('deletes the oldest events beyond the database budget, whatever their type', async () => {
    const db = open();
    fill(db, ['camera.offline', 'audit.login.failed'], 20, 200);
    const retention = new EventRetention({ db, retentionDays: 365, auditRetentionDays: 365, budgetBytes: 0 });
    const full = retention.liveBytes();
    const budget = Math.round(full / 2);
    const halved = new EventRetention({
      db,
      retentionDays: 365,
      auditRetentionDays: 365,
      budgetBytes: budget,
      batchRows: 100,
    });
    const report = await halved.prune(NOW);
    expect(report.budget).toBeGreaterThan(0);
    expect(report.dbBytes).toBeLessThanOrEqual(budget);
    // The oldest went, of both types; the newest days are whole.
    expect(count(db)).toBe(20 * 200 - report.budget);
    expect(count(db, `at < ${NOW - 19 * DAY}`)).toBe(0);
    expect(count(db, `at >= ${NOW - 5 * DAY}`)).toBe(5 * 200);
    expect(await halved.usedBytes()).toBeGreaterThan(0);
    db.close();
  });
});
