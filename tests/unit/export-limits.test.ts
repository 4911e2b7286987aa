// Export admission with an injected clock (each limit, its numbers and when it frees) and export retention over real
// directories (by age, by budget, running exports kept, a restart's quota read back from the manifests).
import { mkdirSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/events/index.js';
import { ExportLimits, ExportStore, type ExportLimitsConfig, type ExportRefusal } from '../../src/playback/index.js';
import { isVigilError, type VigilError } from '../../src/shared/index.js';
import { tempDir } from '../support/temp-dir.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 5, 30, 12, 0, 0);
const MB = 1e6;

const CONFIG: ExportLimitsConfig = {
  maxConcurrent: 2,
  maxQueued: 1,
  perUserConcurrent: 2,
  perUserDailyCount: 3,
  perUserDailyBytes: 100 * MB,
  budgetBytes: 250 * MB,
  retentionMs: 30 * DAY,
};

let ids = 0;
const nextId = (): string => `exp_${String(ids++).padStart(10, '0')}`;

/** The refusal thrown by admit, or undefined when it was granted. */
function admit(
  limits: ExportLimits,
  request: Partial<{ user: string; bytes: number; now: number; running: number; queued: number }> = {},
): (VigilError & { details: ExportRefusal }) | undefined {
  try {
    limits.admit({ id: nextId(), user: 'u1', bytes: 10 * MB, now: NOW, running: 0, queued: 0, ...request });
    return undefined;
  } catch (error) {
    if (isVigilError(error)) return error as VigilError & { details: ExportRefusal };
    throw error;
  }
}

describe('export limits', () => {
  it('caps one user’s exports running or queued at once', () => {
    const limits = new ExportLimits(CONFIG);
    expect(admit(limits)).toBeUndefined();
    expect(admit(limits, { user: 'u2' })).toBeUndefined();
    expect(admit(limits)).toBeUndefined();
    const refused = admit(limits);
    expect(refused?.code).toBe('VIGIL_QUOTA_EXCEEDED');
    expect(refused?.status).toBe(429);
    expect(refused?.details).toEqual({ limit: 'user-concurrent', used: 2, max: 2, freesAt: null });
    expect(refused?.message).toMatch(/2 export\(s\) running or waiting/);
    expect(refused?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('counts a user’s exports over any 24 hours and says when the oldest leaves the window', () => {
    const limits = new ExportLimits(CONFIG);
    for (let i = 0; i < 3; i++) {
      const id = nextId();
      limits.admit({ id, user: 'u1', bytes: MB, now: NOW + i * HOUR, running: 0, queued: 0 });
      limits.finish(id, { id, createdAt: NOW + i * HOUR, bytes: MB, createdBy: 'u1' });
    }
    const refused = admit(limits, { now: NOW + 5 * HOUR });
    expect(refused?.details).toEqual({
      limit: 'user-daily-count',
      used: 3,
      max: 3,
      freesAt: new Date(NOW + DAY).toISOString(),
    });
    expect(refused?.retryAfterSeconds).toBe(19 * 3600);
    expect(admit(limits, { now: NOW + DAY + 1 })).toBeUndefined();
  });

  it('counts a user’s bytes over 24 hours: a failed export counts nothing, the real size replaces the estimate', () => {
    const limits = new ExportLimits(CONFIG);
    const [a, b] = [nextId(), nextId()];
    limits.admit({ id: a, user: 'u1', bytes: 60 * MB, now: NOW, running: 0, queued: 0 });
    limits.finish(a, undefined);
    limits.admit({ id: b, user: 'u1', bytes: 60 * MB, now: NOW + HOUR, running: 0, queued: 0 });
    limits.finish(b, { id: b, createdAt: NOW + HOUR, bytes: 70 * MB, createdBy: 'u1' });
    const refused = admit(limits, { bytes: 40 * MB, now: NOW + 2 * HOUR });
    expect(refused?.details).toEqual({
      limit: 'user-daily-bytes',
      used: 70 * MB,
      max: 100 * MB,
      freesAt: new Date(NOW + HOUR + DAY).toISOString(),
    });
    expect(refused?.message).toMatch(/0\.04 GB\) would take your exports of the last 24 hours to 0\.11 GB/);
    // A clip larger than a whole day's allowance never fits: no time is promised.
    expect(admit(limits, { user: 'u3', bytes: 101 * MB })?.details.freesAt).toBeNull();
  });

  it('queues beyond the running ffmpegs and refuses beyond the queue', () => {
    const limits = new ExportLimits(CONFIG);
    expect(admit(limits, { user: 'a', running: 2, queued: 0 })).toBeUndefined();
    const refused = admit(limits, { user: 'b', running: 2, queued: 1 });
    expect(refused?.details).toEqual({ limit: 'queue-full', used: 1, max: 1, freesAt: null });
    expect(refused?.message).toMatch(/All 2 export slots are busy and 1 export\(s\) are waiting/);
  });

  it('refuses what does not fit in the store with 507, saying when the oldest exports expire', () => {
    const limits = new ExportLimits(CONFIG);
    limits.syncStore(
      [
        { id: 'exp_old0000000', createdAt: NOW - 20 * DAY, bytes: 100 * MB, createdBy: 'x' },
        { id: 'exp_new0000000', createdAt: NOW - 1 * DAY, bytes: 100 * MB, createdBy: 'y' },
      ],
      NOW,
    );
    expect(admit(limits, { bytes: 40 * MB })).toBeUndefined(); // held: 240 MB of 250
    const refused = admit(limits, { user: 'u2', bytes: 20 * MB });
    expect(refused?.code).toBe('VIGIL_STORAGE_FULL');
    expect(refused?.status).toBe(507);
    expect(refused?.details).toEqual({
      limit: 'store-full',
      used: 240 * MB,
      max: 250 * MB,
      freesAt: new Date(NOW + 10 * DAY).toISOString(),
    });
    expect(refused?.message).toMatch(/^The export store holds 0\.24 GB of its 0\.25 GB/);
  });

  it('reads the last 24 hours of each user’s exports back from the store after a restart', () => {
    const limits = new ExportLimits(CONFIG);
    limits.syncStore(
      [0, 1, 2].map((i) => ({ id: `exp_seed00000${i}`, createdAt: NOW - i * HOUR, bytes: MB, createdBy: 'u1' })),
      NOW,
    );
    expect(admit(limits)?.details.limit).toBe('user-daily-count');
    expect(admit(limits, { user: 'u2' })).toBeUndefined();
  });
});

describe('export retention', () => {
  const root = tempDir('vigil-exports-');
  let n = 0;

  /** An export directory with a clip of `mb` MB made `ageDays` ago (a manifest, or only the mtime). */
  function place(dataDir: string, id: string, ageDays: number, mb: number, manifest = true): void {
    const dir = join(dataDir, 'exports', id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'clip.mp4'), Buffer.alloc(mb * MB));
    const createdAt = NOW - ageDays * DAY;
    if (manifest)
      writeFileSync(
        join(dir, 'manifest.json'),
        JSON.stringify({ createdAt: new Date(createdAt).toISOString(), createdBy: 'u1' }),
      );
    else utimesSync(dir, createdAt / 1000, createdAt / 1000);
  }

  it('deletes exports past their days, then the oldest beyond the budget, keeps running ones, and logs it', async () => {
    const dataDir = join(root, `d${n++}`);
    place(dataDir, 'exp_aaaaaaaaaa', 40, 1); // past 30 days
    place(dataDir, 'exp_bbbbbbbbbb', 35, 1, false); // past 30 days by its mtime (no manifest: a crash left it)
    place(dataDir, 'exp_cccccccccc', 20, 2); // over budget: the oldest left
    place(dataDir, 'exp_dddddddddd', 10, 2); // running: kept whatever it is
    place(dataDir, 'exp_eeeeeeeeee', 5, 2);
    mkdirSync(join(dataDir, 'exports', 'not-an-export'));
    const events: DomainEvent[] = [];
    const store = new ExportStore({
      dataDir,
      retentionMs: 30 * DAY,
      budgetBytes: 4.5 * MB,
      publish: (event) => events.push(event),
    });
    expect((await store.list()).map((clip) => clip.id)).toEqual([
      'exp_aaaaaaaaaa',
      'exp_bbbbbbbbbb',
      'exp_cccccccccc',
      'exp_dddddddddd',
      'exp_eeeeeeeeee',
    ]);
    const report = await store.prune(NOW, new Set(['exp_dddddddddd']));
    expect(report.age).toEqual(['exp_aaaaaaaaaa', 'exp_bbbbbbbbbb']);
    expect(report.budget).toEqual(['exp_cccccccccc']);
    expect((await store.list()).map((clip) => clip.id)).toEqual(['exp_dddddddddd', 'exp_eeeeeeeeee']);
    expect(existsSync(join(dataDir, 'exports', 'not-an-export'))).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'export.deleted',
      data: { exports: 3, byReason: { age: 2, budget: 1 } },
    });
    expect(await store.prune(NOW, new Set())).toMatchObject({ age: [], budget: [] });
  });
});
