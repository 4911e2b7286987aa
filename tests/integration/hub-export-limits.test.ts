// An inspector exporting one camera in a loop is refused by the export store's budget: the refusal says why, it is
// in the event log, and no recording of any camera goes, on a data volume sized so the free-space floor is tight.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJobView } from '../../src/contracts/index.js';
import { openDatabase } from '../../src/db/index.js';
import type { ExportRefusal } from '../../src/playback/index.js';
import { RecordingStore, recordingRelativePath } from '../../src/recording/index.js';
import { capturingLogger } from '../support/log-capture.js';
import { waitUntil } from '../support/processes.js';
import { indexedFiles, loggedEvents } from '../support/recordings.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const run = promisify(execFile);
const CAMERAS = ['cam-a', 'cam-b', 'cam-c'];
const FILES = 10;
const FILE_MS = 2_000;
const START = Date.now() - 3_600_000;
const MB = 1e6;
const FLOOR = 10 * MB;
const DB_BUDGET = 16 * MB;

/** Bytes of every file under a directory: what the hub's data takes on its (simulated) volume. */
function du(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    bytes += entry.isDirectory() ? du(path) : statSync(path).size;
  }
  return bytes;
}

describe('exports in a loop never push recordings out', () => {
  let t: TestHub;
  const { logger, lines } = capturingLogger();
  let clipBytes = 0;
  let volume = 0;

  /** recordingsFreeBytes of each retention sweep so far. */
  const sweeps = (): number[] =>
    lines
      .map((line) => JSON.parse(line) as { msg: string; recordingsFreeBytes?: number })
      .filter((entry) => entry.msg === 'retention swept')
      .map((entry) => entry.recordingsFreeBytes ?? NaN);

  beforeAll(async () => {
    // One real two-second fragmented MP4, copied as every file of three cameras' recordings.
    const clip = join(tempDir(), 'clip.mp4');
    await run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25', '-t', '2'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p'],
      ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', clip],
    ]);
    clipBytes = statSync(clip).size;
    const exportBytes = FILES * clipBytes;
    const recordingBytes = CAMERAS.length * exportBytes;
    // Room for three and a half exports; the volume holds exactly the recordings, both budgets, the floor and 1 MB.
    const exportBudget = 3.5 * exportBytes;
    volume = recordingBytes + exportBudget + DB_BUDGET + FLOOR + MB;
    t = await startTestHub(
      CAMERAS.map((id) => ({
        id,
        name: id,
        stage: 'processing',
        mainUrl: 'rtsp://127.0.0.1:9/none',
        recordMode: 'off',
      })),
      {
        recording: { minFreeGb: FLOOR / 1e9, minFreePercent: 0, retentionSweepSeconds: 5 },
        exports: { maxTotalGb: exportBudget / 1e9, perUserConcurrent: 1 },
        events: { maxDbGb: DB_BUDGET / 1e9 },
      },
      logger,
      (dataDir) => {
        const store = new RecordingStore(openDatabase(join(dataDir, 'vigil.db')));
        for (const cameraId of CAMERAS) {
          for (let i = 0; i < FILES; i++) {
            const startMs = START + i * FILE_MS;
            const path = recordingRelativePath(cameraId, startMs);
            mkdirSync(dirname(join(dataDir, path)), { recursive: true });
            copyFileSync(clip, join(dataDir, path));
            store.insert({ cameraId, startMs, endMs: startMs + FILE_MS, bytes: clipBytes, path, open: false });
          }
        }
      },
      (dataDir) => ({ statfs: async () => ({ totalBytes: volume, freeBytes: volume - du(dataDir) }) }),
    );
  }, 60_000);

  afterAll(async () => {
    await t?.hub.stop();
  });

  it('refuses the export that does not fit, says why, logs it once, and deletes no recording', async () => {
    expect(await waitUntil(() => sweeps().length >= 1, 10_000, 50)).toBe(true);
    const before = sweeps()[0] ?? NaN;
    // The floor is tight: recordings see 1 MB above it (less the key and SQLite's shared-memory file).
    expect(before - FLOOR).toBeGreaterThan(0.9 * MB);
    expect(before - FLOOR).toBeLessThan(MB);
    const realFree = (): number => volume - du(t.dataDir);
    const freeBefore = realFree();

    const inspector = await t.login('east-insp');
    const body = { from: START, to: START + FILES * FILE_MS };
    const exportOnce = (): Promise<Response> => t.send('POST', '/playback/cam-a/exports', inspector, body);
    let refused: Response | undefined;
    let done = 0;
    for (let attempt = 0; attempt < 12 && !refused; attempt++) {
      const response = await exportOnce();
      if (response.status !== 202) {
        refused = response;
        break;
      }
      const job = (await response.json()) as ExportJobView;
      let state = job.state;
      await waitUntil(
        async () => {
          state = ((await (await t.get(job.statusUrl, inspector)).json()) as ExportJobView).state;
          return state !== 'running';
        },
        30_000,
        50,
      );
      expect(state).toBe('done');
      done++;
    }
    expect(done).toBe(3);
    expect(refused?.status).toBe(507);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(29 * 86_400);
    const error = ((await refused?.json()) as { error: { code: string; message: string; details: ExportRefusal } })
      .error;
    expect(error.code).toBe('VIGIL_STORAGE_FULL');
    expect(error.message).toMatch(/^The export store holds [\d.]+ GB of its [\d.]+ GB: this clip .* fits after \d{4}-/);
    expect(error.details).toMatchObject({ limit: 'store-full', max: 3.5 * FILES * clipBytes });
    expect(Date.parse(error.details.freesAt ?? '') - Date.now()).toBeGreaterThan(29 * 86_400_000);

    // Asked again at once: the same refusal, counted in the open window rather than logged a second time.
    expect((await exportOnce()).status).toBe(507);
    const events = loggedEvents(t.dataDir, 'export.refused');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ cameraId: 'cam-a', orgUnitId: 'east', data: { limit: 'store-full' } });
    expect(events[0]?.userId).toMatch(/\S/);

    // A sweep after the exports: the floor as recordings see it has not moved, though the volume filled up.
    const swept = sweeps().length;
    expect(await waitUntil(() => sweeps().length > swept, 10_000, 50)).toBe(true);
    expect(Math.abs((sweeps().at(-1) ?? NaN) - before)).toBeLessThan(64 * 1024);
    expect(freeBefore - realFree()).toBeGreaterThan(2.5 * FILES * clipBytes);
    for (const cameraId of CAMERAS) {
      const files = indexedFiles(t.dataDir, cameraId);
      expect(files).toHaveLength(FILES);
      expect(files.every((file) => existsSync(join(t.dataDir, recordingRelativePath(cameraId, file.startMs))))).toBe(
        true,
      );
    }
    expect(loggedEvents(t.dataDir, 'recording.deleted')).toEqual([]);
  }, 120_000);
});
