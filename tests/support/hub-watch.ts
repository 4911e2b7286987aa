// Watching a hub process under abuse: /healthz timed in the background, its exit, and gaps in its recording index.
import { get } from 'node:http';
import { isGone } from './processes.js';
import type { HubProcess } from '../../scripts/lib/hub-process.js';
import { readOnly } from './recordings.js';

/** A /healthz slower than this, or failing, counts against the hub. */
export const HEALTHZ_BUDGET_MS = 1_000;

/** One GET /healthz on a fresh connection: milliseconds to the whole answer, or the failure. */
function timeHealthz(port: number, timeoutMs: number): Promise<{ ms: number; error?: string; uptime?: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        const ms = performance.now() - started;
        if (response.statusCode !== 200) return resolve({ ms, error: `status ${response.statusCode}` });
        const uptime = (JSON.parse(body) as { uptimeSeconds?: number }).uptimeSeconds;
        resolve({ ms, ...(uptime === undefined ? {} : { uptime }) });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ ms: performance.now() - started, error: error.message }));
  });
}

export interface HubWatch {
  /** Slowest /healthz so far, in ms, and when it was asked. */
  worstMs(): number;
  worstAt(): string;
  samples(): number;
  /** Failed, late or restarted-looking /healthz answers, with when they happened. */
  problems(): string[];
  /** Set once the process has exited, with its code. */
  exit(): string | undefined;
  stop(): void;
}

/**
 * Times /healthz every `everyMs` (one at a time: a slow answer delays the next, it is never hidden by overlap),
 * watches the process for an exit, and the reported uptime for a restart.
 */
export function watchHub(hub: HubProcess, port: number, everyMs = 200): HubWatch {
  let worst = 0;
  let worstAt = '';
  let count = 0;
  let lastUptime = -1;
  let exit: string | undefined;
  const problems: string[] = [];
  const pid = hub.child.pid;
  void hub.exited.then((code) => {
    exit = `the hub process ${pid} exited with ${code ?? hub.child.signalCode}`;
  });
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    if (!running || exit) return;
    const at = new Date().toISOString();
    const sample = await timeHealthz(port, 5_000);
    count++;
    if (sample.ms > worst) [worst, worstAt] = [sample.ms, at];
    if (sample.error) problems.push(`${at}: /healthz failed: ${sample.error}`);
    else if (sample.ms > HEALTHZ_BUDGET_MS) problems.push(`${at}: /healthz took ${Math.round(sample.ms)} ms`);
    if (sample.uptime !== undefined) {
      if (sample.uptime < lastUptime) problems.push(`${at}: uptime went back from ${lastUptime} to ${sample.uptime} s`);
      lastUptime = sample.uptime;
    }
    if (running) timer = setTimeout(() => void tick(), everyMs);
  };
  void tick();
  return {
    worstMs: () => Math.round(worst),
    worstAt: () => worstAt,
    samples: () => count,
    problems: () => [...problems],
    // A dead child is a zombie until Node reaps it and emits 'exit': the connections it held close before that.
    exit: () => exit ?? (pid !== undefined && isGone(pid) ? `the hub process ${pid} died` : undefined),
    stop: () => {
      running = false;
      clearTimeout(timer);
    },
  };
}

/** The hub's error and fatal log lines (pino JSON), counted by message and error: what its 500s and its exit were. */
export function loggedErrors(output: string): string[] {
  const counts = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { type?: string; message?: string } };
    if ((entry.level ?? 0) < 50) continue;
    const key = `${entry.msg ?? ''}${entry.err ? ` (${entry.err.type ?? 'Error'}: ${entry.err.message ?? ''})` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${n}× ${key.slice(0, 300)}`);
}

interface Row {
  id: number;
  startMs: number;
  endMs: number;
  discontinuity: number;
}

/** The recorded end of a camera's newest file (the open file's end moves every second). */
export const recordedUntil = (dataDir: string, cameraId: string): number =>
  readOnly(
    dataDir,
    (db) =>
      (
        db.prepare('SELECT MAX(end_ms) AS end FROM recordings WHERE camera_id = ?').get(cameraId) as {
          end: number | null;
        }
      ).end ?? 0,
  );

/**
 * Where a camera's recording index fails to cover [fromMs, toMs] without a break: a missing start or end, a gap
 * between consecutive files larger than `maxGapMs`, or a file flagged as a new timeline (its producer restarted).
 */
export function recordingGaps(
  dataDir: string,
  cameraId: string,
  fromMs: number,
  toMs: number,
  maxGapMs = 1_000,
): string[] {
  const rows = readOnly(
    dataDir,
    (db) =>
      db
        .prepare(
          `SELECT id, start_ms AS startMs, end_ms AS endMs, discontinuity FROM recordings
           WHERE camera_id = ? AND end_ms >= ? AND start_ms <= ? ORDER BY start_ms`,
        )
        .all(cameraId, fromMs, toMs) as Row[],
  );
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return [`${cameraId}: nothing recorded between ${fromMs} and ${toMs}`];
  const gaps: string[] = [];
  if (first.startMs > fromMs + maxGapMs)
    gaps.push(`${cameraId}: the recording starts ${first.startMs - fromMs} ms late`);
  if (last.endMs < toMs - maxGapMs) gaps.push(`${cameraId}: the recording ends ${toMs - last.endMs} ms early`);
  rows.forEach((row, i) => {
    const previous = rows[i - 1];
    if (previous && row.startMs - previous.endMs > maxGapMs)
      gaps.push(`${cameraId}: a gap of ${row.startMs - previous.endMs} ms before file ${row.id}`);
    if (row.discontinuity && row.startMs > fromMs) gaps.push(`${cameraId}: file ${row.id} starts a new timeline`);
  });
  return gaps;
}
