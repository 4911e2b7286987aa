// Evidence locks in retention over a real SQLite index: every deletion path skips locked files, the rest still goes,
// the space held is counted once per file, and a sweep over a large index with many locks stays fast.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.js';
import type { DomainEvent } from '../../src/events/index.js';
import {
  EvidenceLocks,
  RecordingStore,
  RetentionService,
  recordingRelativePath,
  type RetentionOptions,
} from '../../src/recording/index.js';
import { tempDir } from '../support/temp-dir.js';

const DAY = 86_400_000;
const MIN = 60_000;
const MB = 1_000_000;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const dir = tempDir('vigil-locks-');
let n = 0;

interface Fixture {
  db: Db;
  store: RecordingStore;
  locks: EvidenceLocks;
  events: DomainEvent[];
  retention(options: Partial<RetentionOptions>): RetentionService;
  starts(cameraId: string): number[];
}

/** An index with the cases the locks name (their rows are referenced), and a retention with injected ports. */
function fixture(caseIds: readonly string[] = ['cas_a', 'cas_b']): Fixture {
  const dataDir = join(dir, `d${n++}`);
  const db = openDatabase(`${dataDir}.db`);
  db.prepare(`INSERT INTO org_units (id, kind, name, created_at) VALUES ('c', 'center', '中心', 0)`).run();
  db.prepare(`INSERT INTO enterprises (id, org_unit_id, name, created_at) VALUES ('ent', 'c', '企业', 0)`).run();
  for (const id of caseIds)
    db.prepare(`INSERT INTO cases (id, enterprise_id, title, created_at) VALUES (?, 'ent', 't', 0)`).run(id);
  const store = new RecordingStore(db);
  const locks = new EvidenceLocks(db);
  const events: DomainEvent[] = [];
  return {
    db,
    store,
    locks,
    events,
    retention: (options) =>
      new RetentionService({
        dataDir,
        index: store,
        locks,
        events: { publish: (event) => void events.push(event) },
        ports: { now: () => NOW, unlink: async () => undefined, statfs: async () => ({ totalBytes: 0, freeBytes: 0 }) },
        ...options,
      }),
    starts: (cameraId) => store.files(cameraId, 0, NOW + DAY).map((row) => row.startMs),
  };
}

/** `count` closed 1-minute files of 1 MB from `fromMs` on. */
function record(store: RecordingStore, cameraId: string, fromMs: number, count: number): void {
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const startMs = fromMs + i * MIN;
      const path = recordingRelativePath(cameraId, startMs);
      store.insert({ cameraId, startMs, endMs: startMs + MIN, bytes: MB, path, open: false });
    }
  });
}

describe('retention with evidence locks', () => {
  it('skips locked files by age, quota and free-space floor, and still deletes the unlocked ones', async () => {
    const f = fixture();
    const old = NOW - 40 * DAY;
    record(f.store, 'cam-a', old, 10);
    record(f.store, 'cam-b', old + 30 * MIN, 10);
    // Minutes 2..4 of cam-a (a range inside files: the files it overlaps are held whole).
    f.locks.lock('cas_a', [{ itemId: 'i1', cameraId: 'cam-a', fromMs: old + 2 * MIN + 5_000, toMs: old + 4 * MIN }]);

    const byAge = await f.retention({ defaultRetentionDays: 30 }).sweep();
    expect(byAge.files).toBe(18);
    expect(f.starts('cam-a')).toEqual([old + 2 * MIN, old + 3 * MIN]);
    expect(f.starts('cam-b')).toEqual([]);

    record(f.store, 'cam-b', NOW - DAY, 5);
    const byQuota = await f.retention({ quotaBytes: 4 * MB, defaultRetentionDays: 0 }).sweep();
    // 7 MB, 4 allowed: the 2 locked files are the oldest but stay; the 3 oldest unlocked ones go.
    expect(byQuota.files).toBe(3);
    expect(f.starts('cam-a')).toEqual([old + 2 * MIN, old + 3 * MIN]);
    expect(f.starts('cam-b')).toHaveLength(2);
    expect(byQuota.held).toEqual([]);
    expect(byQuota.locked).toEqual({ files: 2, bytes: 2 * MB });

    const byFloor = await f.retention({ minFreeBytes: 100 * MB, defaultRetentionDays: 0 }).sweep('disk-full');
    expect(byFloor.files).toBe(2);
    expect(f.starts('cam-a')).toHaveLength(2);
    expect(byFloor.floorUnmet).toBe(true);
    expect(byFloor.held).toEqual([{ limit: 'free-space', shortBytes: 98 * MB, lockedBytes: 2 * MB, lockedFiles: 2 }]);
  });

  it('says once per sweep that only locked footage is left over the quota, with the space locked', async () => {
    const f = fixture();
    record(f.store, 'cam-a', NOW - DAY, 6);
    f.locks.lock('cas_a', [{ itemId: 'i1', cameraId: 'cam-a', fromMs: NOW - DAY, toMs: NOW - DAY + 4 * MIN }]);
    const report = await f.retention({ quotaBytes: 1 * MB, defaultRetentionDays: 0 }).sweep();
    expect(report.files).toBe(2);
    const held = f.events.filter((event) => event.type === 'recording.locked_over_quota');
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      severity: 'warning',
      data: { limit: 'quota', shortBytes: 3 * MB, lockedBytes: 4 * MB, lockedFiles: 4, trigger: 'manual' },
    });
    expect(held[0]?.message).toContain('4.0 MB');
  });

  it('counts a file two cases hold once in the total, and in each case', () => {
    const f = fixture();
    record(f.store, 'cam-a', NOW - DAY, 6);
    f.locks.lock('cas_a', [{ itemId: 'i1', cameraId: 'cam-a', fromMs: NOW - DAY, toMs: NOW - DAY + 3 * MIN }]);
    f.locks.lock('cas_b', [
      { itemId: 'i2', cameraId: 'cam-a', fromMs: NOW - DAY + 2 * MIN, toMs: NOW - DAY + 4 * MIN },
    ]);
    expect(f.locks.space('cas_a')).toEqual({ files: 3, bytes: 3 * MB });
    expect(f.locks.space('cas_b')).toEqual({ files: 2, bytes: 2 * MB });
    expect(f.locks.space()).toEqual({ files: 4, bytes: 4 * MB });
    f.locks.release('cas_a');
    expect(f.locks.space()).toEqual({ files: 2, bytes: 2 * MB });
    expect(f.locks.byCase()).toEqual([{ caseId: 'cas_b', files: 2, bytes: 2 * MB }]);
  });

  it('sweeps 200 000 files of 20 cameras with 100 locked ranges by index', async () => {
    const cases = Array.from({ length: 100 }, (_, i) => `cas_${i}`);
    const f = fixture(cases);
    const perCamera = 10_000;
    const start = NOW - perCamera * MIN;
    for (let c = 0; c < 20; c++) record(f.store, `cam-${c}`, start, perCamera);
    // Five locks per camera, one hour each, spread over its footage (the oldest hour of each camera among them).
    for (const [i, caseId] of cases.entries()) {
      const cameraId = `cam-${i % 20}`;
      const fromMs = start + Math.floor(i / 20) * 2_000 * MIN;
      f.locks.lock(caseId, [{ itemId: `i${i}`, cameraId, fromMs, toMs: fromMs + 60 * MIN }]);
    }
    const total = 20 * perCamera * MB;
    const began = performance.now();
    const report = await f.retention({ quotaBytes: total - 2_000 * MB, defaultRetentionDays: 0 }).sweep();
    const sweepMs = performance.now() - began;
    console.info(`sweep: ${report.files} files deleted of 200000 with 100 locks in ${sweepMs.toFixed(0)} ms`);
    expect(report.files).toBe(2_000);
    // The oldest hour of cam-0 (locked) stays although the quota took the oldest footage around it.
    expect(f.store.files('cam-0', start, start + 60 * MIN)).toHaveLength(60);
    expect(f.locks.space().files).toBe(100 * 60);
    const plan = f.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT 1 FROM evidence_locks l
         WHERE l.camera_id = 'cam-0' AND l.from_ms < 10 AND l.to_ms > 0`,
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' ')).toContain('USING COVERING INDEX evidence_locks_camera');
    expect(sweepMs).toBeLessThan(20_000);
  });
});
