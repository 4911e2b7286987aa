// Where recordings live on disk: <data>/recordings/<camera>/<YYYY-MM-DD>/<HH-MM-SS>.mp4, dates in UTC.
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { VigilError } from '../shared/index.js';

export const RECORDINGS_DIR = 'recordings';
export const EXPORTS_DIR = 'exports';

/**
 * Camera ids become folder names, so only plain characters are accepted (ids are generated slugs; a camera mirrored
 * from a branch hub is `<branch>~<id>`).
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

export function assertSafeCameraId(cameraId: string): void {
  if (!SAFE_ID.test(cameraId) || cameraId.includes('..')) {
    throw new VigilError('VIGIL_VALIDATION', `camera id "${cameraId}" cannot name a recordings folder`);
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The path of a recording, relative to the data dir, always with '/' (it is stored in the index and must
 * survive moving the archive between systems). UTC so that names never repeat or skip at a DST change.
 * `suffix` > 0 disambiguates two files started within the same second (a cut on a stream restart).
 */
export function recordingRelativePath(cameraId: string, startMs: number, suffix = 0): string {
  assertSafeCameraId(cameraId);
  const d = new Date(startMs);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}`;
  return `${RECORDINGS_DIR}/${cameraId}/${day}/${time}${suffix > 0 ? `-${suffix}` : ''}.mp4`;
}

const NAME = /^(\d{4})-(\d{2})-(\d{2})\/(\d{2})-(\d{2})-(\d{2})(?:-\d+)?\.mp4$/;

/** Start time (to the second) encoded in a `<day>/<time>.mp4` tail; undefined when it is not one of ours. */
export function startFromName(dayAndFile: string): number | undefined {
  const m = NAME.exec(dayAndFile);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (
    y === undefined ||
    mo === undefined ||
    d === undefined ||
    h === undefined ||
    mi === undefined ||
    s === undefined
  ) {
    return undefined;
  }
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * Resolves a stored relative path against the data dir, refusing anything that escapes `<data>/recordings`:
 * a corrupt or hostile index row must never make retention unlink (or playback serve) another file.
 */
export function resolveRecordingPath(dataDir: string, relativePath: string): string {
  const root = join(dataDir, RECORDINGS_DIR);
  const full = normalize(join(dataDir, relativePath));
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new VigilError('VIGIL_VALIDATION', `recording path "${relativePath}" is outside the recordings folder`);
  }
  return full;
}
