// Retention as the hub runs it: per-camera days from the cameras table, the configured quota, exports left alone.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { RecordingStore, recordingRelativePath } from '../../src/recording/index.js';
import { waitUntil } from '../support/processes.js';
import { loggedEvents, indexedFiles } from '../support/recordings.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const DAY = 86_400_000;
const MB = 1_000_000;
const NOW = Date.now();

describe('retention in the hub', () => {
  let t: TestHub;
  const exportClip = join('exports', 'exp_keepme000001', 'clip.mp4');

  beforeAll(async () => {
    const nowhere = 'rtsp://127.0.0.1:9/none';
    t = await startTestHub(
      [
        { id: 'short', name: 'Short', stage: 'storage', mainUrl: nowhere, recordMode: 'off', retentionDays: 7 },
        { id: 'long', name: 'Long', stage: 'storage', mainUrl: nowhere, recordMode: 'off', retentionDays: 30 },
      ],
      // 4 MB stay after the age limit; the quota lets 3 MB stay. No free-space floor: the test machine's disk is not ours.
      { recording: { quotaGb: 3.5 * (MB / 1e9), minFreeGb: 0, minFreePercent: 0, retentionSweepSeconds: 5 } },
      undefined,
      (dataDir) => {
        const store = new RecordingStore(openDatabase(join(dataDir, 'vigil.db')));
        const file = (cameraId: string, startMs: number): void => {
          const path = recordingRelativePath(cameraId, startMs);
          mkdirSync(dirname(join(dataDir, path)), { recursive: true });
          writeFileSync(join(dataDir, path), Buffer.alloc(MB, 1));
          store.insert({ cameraId, startMs, endMs: startMs + 60_000, bytes: MB, path, open: false });
        };
        for (let i = 0; i < 3; i++) file('short', NOW - 10 * DAY + i * 60_000); // past 7 days: age
        for (let i = 0; i < 2; i++) file('short', NOW - DAY + i * 60_000);
        file('long', NOW - 10 * DAY - 60_000); // the oldest of all: quota
        file('long', NOW - 10 * DAY + 5 * 60_000);
        mkdirSync(dirname(join(dataDir, exportClip)), { recursive: true });
        writeFileSync(join(dataDir, exportClip), Buffer.alloc(2 * MB, 2));
      },
    );
  });

  afterAll(async () => {
    await t?.hub.stop();
  });

  it('deletes by age per camera, then the oldest beyond the quota, logs it, and keeps exported clips', async () => {
    const deleted = (): ReturnType<typeof loggedEvents> => loggedEvents(t.dataDir, 'recording.deleted');
    expect(await waitUntil(() => deleted().length >= 2, 10_000, 100)).toBe(true);
    const short = indexedFiles(t.dataDir, 'short');
    const long = indexedFiles(t.dataDir, 'long');
    expect(short.map((f) => f.startMs)).toEqual([NOW - DAY, NOW - DAY + 60_000]);
    expect(long.map((f) => f.startMs)).toEqual([NOW - 10 * DAY + 5 * 60_000]);
    const byCamera = Object.fromEntries(deleted().map((e) => [e.cameraId, e.data]));
    expect(byCamera.short).toMatchObject({ files: 3, byReason: { age: 3, quota: 0 } });
    expect(byCamera.long).toMatchObject({
      files: 1,
      byReason: { age: 0, quota: 1 },
      oldestStartMs: NOW - 10 * DAY - 60_000,
    });
    expect(existsSync(join(t.dataDir, recordingRelativePath('short', NOW - 10 * DAY)))).toBe(false);
    expect(existsSync(join(t.dataDir, exportClip))).toBe(true);
  });
});
