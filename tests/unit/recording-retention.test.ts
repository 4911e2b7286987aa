// Retention over a real SQLite index with injected clock, statfs and unlink: age, quota and free-space floor, oldest first.
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import type { DomainEvent } from '../../src/events/index.js';
import {
  RecordingStore,
  RetentionService,
  recordingRelativePath,
  recordingsFreeBytes,
  type RetentionPorts,
  type StorageTenant,
} from '../../src/recording/index.js';
import { tempDir } from '../support/temp-dir.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 30, 12, 0, 0);
const MB = 1_000_000;
const dir = tempDir('vigil-retention-');
let n = 0;

interface Fixture {
  store: RecordingStore;
  unlinked: string[];
  events: DomainEvent[];
  ports: RetentionPorts;
  free: { bytes: number };
  dataDir: string;
}

function fixture(): Fixture {
  const dataDir = join(dir, `d${n++}`);
  const store = new RecordingStore(openDatabase(`${dataDir}.db`));
  const unlinked: string[] = [];
  const free = { bytes: 0 };
  const ports: RetentionPorts = {
    now: () => NOW,
    statfs: async () => ({ totalBytes: 1000 * MB, freeBytes: free.bytes }),
    unlink: async (path) => void unlinked.push(path),
  };
  return { store, unlinked, events: [], ports, free, dataDir };
}

/** One 1-minute, 1 MB file per day at noon, `days` days back. */
function addDaily(store: RecordingStore, cameraId: string, days: number, offsetMs = 0): void {
  for (let d = days; d >= 1; d--) {
    const startMs = NOW - d * DAY + offsetMs;
    store.insert({
      cameraId,
      startMs,
      endMs: startMs + 60_000,
      bytes: MB,
      path: recordingRelativePath(cameraId, startMs),
      open: false,
    });
  }
}

const starts = (f: Fixture, cameraId: string): number[] => f.store.files(cameraId, 0, NOW + DAY).map((r) => r.startMs);

describe('retention', () => {
  let f: Fixture;
  beforeEach(() => {
    f = fixture();
  });

  it('deletes by per-camera age and reports per camera', async () => {
    addDaily(f.store, 'cam-a', 10);
    addDaily(f.store, 'cam-b', 40);
    const retention = new RetentionService({
      dataDir: f.dataDir,
      index: f.store,
      ports: f.ports,
      events: { publish: (e) => void f.events.push(e) },
      retentionDays: (id) => (id === 'cam-a' ? 7 : undefined),
    });
    const report = await retention.sweep();
    expect(starts(f, 'cam-a')).toHaveLength(7);
    expect(Math.min(...starts(f, 'cam-a'))).toBe(NOW - 7 * DAY);
    expect(starts(f, 'cam-b')).toHaveLength(30); // the default of 30 days
    expect(report.files).toBe(3 + 10);
    expect(report.cameras['cam-a']).toMatchObject({ files: 3, bytes: 3 * MB, byReason: { age: 3 } });
    expect(f.unlinked.every((p) => p.startsWith(join(f.dataDir, 'recordings')))).toBe(true);
    const deleted = f.events.filter((e) => e.type === 'recording.deleted');
    expect(deleted.map((e) => e.cameraId).sort()).toEqual(['cam-a', 'cam-b']);
    expect(deleted.find((e) => e.cameraId === 'cam-b')?.data).toMatchObject({
      files: 10,
      bytes: 10 * MB,
      trigger: 'manual',
    });
  });

  it('keeps the total under the quota by deleting the oldest files across cameras', async () => {
    addDaily(f.store, 'cam-a', 10); // noon each day
    addDaily(f.store, 'cam-b', 10, 3_600_000); // an hour later each day
    const retention = new RetentionService({ dataDir: f.dataDir, index: f.store, ports: f.ports, quotaBytes: 15 * MB });
    const report = await retention.sweep();
    expect(report.files).toBe(5);
    expect(f.store.totalBytes()).toBe(15 * MB);
    // Interleaved by start time: a(-10), b(-10), a(-9), b(-9), a(-8).
    expect(starts(f, 'cam-a')[0]).toBe(NOW - 7 * DAY);
    expect(starts(f, 'cam-b')[0]).toBe(NOW - 8 * DAY + 3_600_000);
  });

  it('restores the free-space floor (bytes or percent, the larger) oldest first', async () => {
    addDaily(f.store, 'cam-a', 10);
    addDaily(f.store, 'cam-b', 10, 3_600_000);
    f.free.bytes = 46 * MB; // floor is max(20 MB, 5% of 1000 MB = 50 MB): 4 MB short
    const retention = new RetentionService({
      dataDir: f.dataDir,
      index: f.store,
      ports: f.ports,
      minFreeBytes: 20 * MB,
      minFreePercent: 5,
      events: { publish: (e) => void f.events.push(e) },
    });
    const report = await retention.sweep('disk-full');
    expect(report.files).toBe(4);
    expect(report.cameras['cam-a']?.byReason['free-space']).toBe(2);
    expect(report.floorUnmet).toBe(false);
    expect(f.events.every((e) => (e.data as { trigger?: string }).trigger === 'disk-full')).toBe(true);
  });

  it('never deletes open files or anything outside recordings/, such as exports', async () => {
    addDaily(f.store, 'cam-a', 3);
    const openStart = NOW - 60 * DAY;
    f.store.insert({
      cameraId: 'cam-a',
      startMs: openStart,
      bytes: MB,
      path: recordingRelativePath('cam-a', openStart),
      open: true,
    });
    // A corrupt row pointing into exports/ must not make retention touch the clip.
    f.store.insert({
      cameraId: 'cam-a',
      startMs: NOW - 50 * DAY,
      endMs: NOW - 50 * DAY + 1,
      bytes: MB,
      path: 'exports/exp_1/clip.mp4',
      open: false,
    });
    f.free.bytes = 0;
    const retention = new RetentionService({
      dataDir: f.dataDir,
      index: f.store,
      ports: f.ports,
      quotaBytes: 0,
      minFreeBytes: 100 * MB,
      events: { publish: (e) => void f.events.push(e) },
    });
    const report = await retention.sweep();
    expect(f.unlinked.some((p) => p.includes('exports'))).toBe(false);
    expect(f.store.openRows()).toHaveLength(1);
    expect(f.store.byPath('exports/exp_1/clip.mp4')).toBeDefined();
    expect(report.files).toBe(3);
    expect(report.floorUnmet).toBe(true);
    expect(f.events.some((e) => e.type === 'storage.full')).toBe(true);
  });
});

describe('the free-space floor with other tenants of the volume', () => {
  /** A tenant (exports, the database) whose size the test sets; it records when its own pruning ran. */
  const tenant = (name: string, budgetBytes: number, log: string[]): StorageTenant & { used: number } => ({
    name,
    budgetBytes,
    used: 0,
    prune: async (now) => void log.push(`${name} pruned at ${now}`),
    async usedBytes() {
      log.push(`${name} measured`);
      return this.used;
    },
  });

  it('counts each tenant at its budget: its growth, even past the budget, never moves the figure', () => {
    const tenants = (exports: number, db: number) => [
      { budgetBytes: 100 * MB, usedBytes: exports },
      { budgetBytes: 50 * MB, usedBytes: db },
    ];
    // Real free space falls by what the tenants take; the figure recordings are held to does not.
    expect(recordingsFreeBytes(300 * MB, tenants(0, 0))).toBe(150 * MB);
    expect(recordingsFreeBytes(200 * MB, tenants(80 * MB, 20 * MB))).toBe(150 * MB);
    expect(recordingsFreeBytes(70 * MB, tenants(180 * MB, 50 * MB))).toBe(150 * MB);
    expect(recordingsFreeBytes(300 * MB, [])).toBe(300 * MB);
  });

  it('deletes no recording when exports and the database grow, and still keeps the floor for recordings', async () => {
    const f = fixture();
    addDaily(f.store, 'cam-a', 10);
    addDaily(f.store, 'cam-b', 10, 3_600_000);
    const log: string[] = [];
    const exports = tenant('exports', 100 * MB, log);
    const db = tenant('events', 50 * MB, log);
    // A volume where recordings see 1 MB above the floor of 50 MB with both tenants empty.
    let base = 201 * MB;
    f.ports.statfs = async () => ({ totalBytes: 1000 * MB, freeBytes: base - exports.used - db.used });
    const retention = new RetentionService({
      dataDir: f.dataDir,
      index: f.store,
      ports: f.ports,
      minFreeBytes: 50 * MB,
      tenants: [exports, db],
      events: { publish: (e) => void f.events.push(e) },
    });
    expect((await retention.sweep()).files).toBe(0);
    expect(log.slice(0, 2)).toEqual([`exports pruned at ${NOW}`, `events pruned at ${NOW}`]);

    // Exports past their budget and a full database: the real free space is far under the floor (−29 MB), yet the
    // recordings' share is untouched; trimming the tenants is their own pruning's work.
    exports.used = 180 * MB;
    db.used = 50 * MB;
    const grown = await retention.sweep();
    expect(grown.files).toBe(0);
    expect(grown.recordingsFreeBytes).toBe(51 * MB);
    expect(f.store.totalBytes()).toBe(20 * MB);

    // Recordings (or anything else) taking 3 MB more: the floor deletes the oldest 2 MB of recordings.
    base -= 3 * MB;
    const report = await retention.sweep();
    expect(report.files).toBe(2);
    expect(report.cameras['cam-a']?.byReason['free-space']).toBe(1);
    expect(report.cameras['cam-b']?.byReason['free-space']).toBe(1);
  });
});

describe('RecordingStore.totalBytes', () => {
  it('stays exact across inserts, growing open files and deletes', () => {
    const f = fixture();
    addDaily(f.store, 'cam-a', 5);
    const openId = f.store.insert({
      cameraId: 'cam-a',
      startMs: NOW,
      bytes: 10,
      path: recordingRelativePath('cam-a', NOW),
      open: true,
    });
    expect(f.store.totalBytes()).toBe(5 * MB + 10);
    f.store.updateProgress([{ id: openId, endMs: NOW + 1000, bytes: 500 }]);
    const oldest = f.store.oldest(1)[0];
    if (!oldest) throw new Error('no row');
    f.store.remove(oldest.id);
    expect(f.store.totalBytes()).toBe(4 * MB + 500);
    f.store.close(openId, NOW + 2000, 700);
    addDaily(f.store, 'cam-b', 2);
    expect(f.store.totalBytes()).toBe(6 * MB + 700);
    f.store.remove(openId);
    expect(f.store.totalBytes()).toBe(6 * MB);
  });
});
