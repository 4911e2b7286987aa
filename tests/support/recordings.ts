// Recorded test hubs: looped simulated cameras, the index and event log read from the side, HLS decoded by ffmpeg.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';

const run = promisify(execFile);

export interface IndexedFile {
  id: number;
  startMs: number;
  endMs: number;
  state: 'open' | 'closed';
}

export function readOnly<T>(dataDir: string, query: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'vigil.db'), { readonly: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}

export const indexedFiles = (dataDir: string, cameraId: string): IndexedFile[] =>
  readOnly(
    dataDir,
    (db) =>
      db
        .prepare(
          `SELECT id, start_ms AS startMs, end_ms AS endMs, state FROM recordings WHERE camera_id = ? ORDER BY start_ms`,
        )
        .all(cameraId) as IndexedFile[],
  );

/** Seconds of closed files of a camera. */
export const closedSeconds = (dataDir: string, cameraId: string): number =>
  indexedFiles(dataDir, cameraId)
    .filter((file) => file.state === 'closed')
    .reduce((sum, file) => sum + (file.endMs - file.startMs) / 1000, 0);

export interface LoggedEvent {
  id: number;
  type: string;
  message: string;
  userId: string | null;
  orgUnitId: string | null;
  cameraId: string | null;
  ip: string | null;
  data: Record<string, unknown>;
}

export const loggedEvents = (dataDir: string, type: string): LoggedEvent[] =>
  readOnly(dataDir, (db) =>
    (
      db
        .prepare(
          `SELECT id, type, message, user_id AS userId, org_unit_id AS orgUnitId, camera_id AS cameraId, ip, data
           FROM events WHERE type = ? ORDER BY id`,
        )
        .all(type) as Array<Omit<LoggedEvent, 'data'> & { data: string | null }>
    ).map((row) => ({ ...row, data: JSON.parse(row.data ?? '{}') as Record<string, unknown> })),
  );

/** Sum of the EXTINF durations of a playlist, in seconds. */
export const playlistSeconds = (text: string): number =>
  [...text.matchAll(/^#EXTINF:([\d.]+),/gm)].reduce((sum, m) => sum + Number(m[1]), 0);

/** ffprobe's duration of a URL fetched with a session cookie. */
export async function probeDuration(url: string, cookie: string): Promise<number> {
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-headers', `Cookie: ${cookie}\r\n`, '-show_entries', 'format=duration', '-of', 'csv=p=0', url],
    { timeout: 30_000 },
  );
  return Number(stdout.trim());
}

/** Decodes every frame of a URL with ffmpeg: frames, media seconds decoded, and what ffmpeg complained about. */
export async function decodeFrames(
  url: string,
  cookie: string,
): Promise<{ frames: number; seconds: number; stderr: string }> {
  const { stdout, stderr } = await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-headers',
      `Cookie: ${cookie}\r\n`,
      '-i',
      url,
      '-f',
      'null',
      '-progress',
      'pipe:1',
      '-',
    ],
    { timeout: 60_000 },
  );
  const last = (key: string): number =>
    [...stdout.matchAll(new RegExp(`^${key}=(\\d+)`, 'gm'))].map((m) => Number(m[1])).at(-1) ?? 0;
  // The null muxer ticks at the frame rate ffmpeg guessed for the output; when the simulator had to skip frames
  // (its process starved on a loaded machine) that guess is a little low and two frames land on one tick. That is
  // about the output clock, not the footage: only what concerns the input counts.
  const complaints = stderr
    .split('\n')
    .filter(
      (line) => line && !/^\[null @ [^\]]+\] Application provided invalid, non monotonically increasing dts/.test(line),
    );
  return { frames: last('frame'), seconds: last('out_time_us') / 1e6, stderr: complaints.join('\n') };
}

/** A started simulator of `count` looped-clip cameras (no encoder running) without sub streams. */
export async function startLoopCameras(
  count: number,
  size: { width: number; height: number; bitrateKbps: number },
): Promise<CameraSimulator> {
  const sim = new CameraSimulator({
    ffmpegPath: 'ffmpeg',
    cameras: simulatedCameras(count, { mode: 'loop', ...size, sub: false }),
  });
  await sim.start();
  return sim;
}
