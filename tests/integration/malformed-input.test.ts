// Malformed input at every door of a live hub process: no 5xx, no stack trace, no crash, /healthz fast, no recording gap.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { VigilConfigInput } from '../../src/config/index.js';
import { loginCookie } from '../../scripts/lib/province.js';
import { startHubProcess, type HubProcess } from '../../scripts/lib/hub-process.js';
import {
  HEALTHZ_BUDGET_MS,
  loggedErrors,
  recordedUntil,
  recordingGaps,
  watchHub,
  type HubWatch,
} from '../support/hub-watch.js';
import { DOORS, describeFailures, runCases, type Case, type Door, type Target } from '../support/malformed-cases.js';
import {
  answersWithin,
  idleHttpCase,
  idleRtmpCase,
  SLOWLORIS_BOUND_MS,
  slowlorisCases,
} from '../support/malformed-connections.js';
import { csvCases } from '../support/malformed-csv.js';
import { mediaCases } from '../support/malformed-media.js';
import { restCases } from '../support/malformed-rest.js';
import { rtmpCases } from '../support/malformed-rtmp.js';
import { socketIoCases } from '../support/malformed-socketio.js';
import { waitUntil } from '../support/processes.js';
import { indexedFiles } from '../support/recordings.js';
import { tempDir } from '../support/temp-dir.js';

const CAMERAS = ['demo-cam-01', 'demo-cam-02'];
const PASSWORD = 'vigil-demo';
// Two recorded demo cameras in 10-second files; the push gateway on any free port (read back from its log line).
const CONFIG: VigilConfigInput = {
  server: { host: '127.0.0.1', port: 0, https: { enabled: false } },
  demo: { cameras: 2 },
  push: { port: 0 },
  recording: { segmentSeconds: 10 },
};

describe('malformed input at every door of a running hub', () => {
  const dir = tempDir();
  const dataDir = join(dir, 'data');
  let hub: HubProcess;
  let watch: HubWatch;
  let target: Target;
  /** When the first case was sent: the recording must cover this moment to the end without a break. */
  let fromMs = 0;
  const counts = new Map<Door, number>(DOORS.map((door) => [door, 0]));
  let failed = 0;
  let slowloris: Promise<string>;

  /** Runs a table of cases; the grouped failures, with the cases in flight if the hub died under them. */
  const run = async (cases: readonly Case[], concurrency: number): Promise<string> => {
    for (const item of cases) counts.set(item.door, (counts.get(item.door) ?? 0) + 1);
    const report = await runCases(cases, target, concurrency, () => watch.exit());
    failed += report.failures.length;
    const inFlight = report.inFlightAtStop.length
      ? `\nin flight when the hub went: ${report.inFlightAtStop.join(' | ')}`
      : '';
    return describeFailures(report.failures) + inFlight;
  };

  beforeAll(async () => {
    writeFileSync(join(dir, 'vigil.yaml'), stringify(CONFIG));
    hub = startHubProcess({ VIGIL_CONFIG: join(dir, 'vigil.yaml'), VIGIL_DATA_DIR: dataDir });
    const { httpUrl } = await hub.ready;
    const httpPort = Number(new URL(httpUrl).port);
    // The gateway starts before the web servers, so its line is out by the time the banner is.
    const rtmpPort = Number(/"port":(\d+)[^\n]*"msg":"RTMP push gateway listening"/.exec(hub.output())?.[1]);
    if (!rtmpPort) throw new Error(`no RTMP gateway port in the hub's log:\n${hub.output()}`);
    watch = watchHub(hub, httpPort);
    const base = httpUrl.replace(/\/$/, '');
    const cookies = {
      admin: await loginCookie(base, 'center-admin', PASSWORD),
      inspector: await loginCookie(base, 'donggang-inspector', PASSWORD),
    };
    const recording = (): boolean =>
      CAMERAS.every((camera) => indexedFiles(dataDir, camera).some((file) => file.endMs - file.startMs > 1_000));
    expect(await waitUntil(recording, 60_000, 250)).toBe(true);
    const recordingId = indexedFiles(dataDir, CAMERAS[0] as string)[0]?.id ?? 0;
    target = { httpPort, rtmpPort, cookies, recordingId };
    fromMs = Date.now();
    // Slow clients take a headers timeout to be dropped: they trickle in the background while the doors are tried.
    slowloris = run(slowlorisCases(10), 10);
    // A hub start from source, then the cameras' first second on disk, on a machine that may be busy.
  }, 150_000);

  afterAll(async () => {
    watch?.stop();
    if (!hub || hub.child.exitCode !== null || hub.child.signalCode !== null) return;
    hub.child.kill('SIGTERM');
    const stopped = await Promise.race([hub.exited.then(() => true), new Promise((r) => setTimeout(r, 20_000, false))]);
    if (!stopped) hub.child.kill('SIGKILL');
  }, 30_000);

  it('REST: every route × malformed cookies, paths, queries, headers and bodies, with and without a session', async () => {
    expect(await run(restCases(), 8)).toBe('');
  }, 180_000);

  it('media: live and playback URLs with malformed cameras, files, ids, queries and ranges', async () => {
    expect(await run(mediaCases(), 8)).toBe('');
  }, 120_000);

  it('upload: malformed CSV files, content types and sessions on the camera import', async () => {
    expect(await run(csvCases(), 4)).toBe('');
  }, 120_000);

  it('RTMP: broken handshakes, chunks and commands on the push gateway, and idle sockets there', async () => {
    // All at once: each waits for the gateway's start deadline.
    expect(await run([...rtmpCases(), idleRtmpCase(50)], 100)).toBe('');
  }, 60_000);

  it('connections: 500 idle sockets on the HTTP port while the API keeps answering', async () => {
    const probe = (): Promise<string | undefined> =>
      answersWithin(target.httpPort, target.cookies.admin, HEALTHZ_BUDGET_MS);
    expect(await run([idleHttpCase(500, probe)], 1)).toBe('');
  }, 60_000);

  // Last of the doors: a crash here must not hide what the others would have said.
  it('socket.io: handshakes with malformed cookies, origins and queries; bad packets and frames', async () => {
    expect(await run(socketIoCases(), 6)).toBe('');
  }, 180_000);

  it(
    'connections: slow clients that never finish their request head are dropped',
    async () => {
      expect(await slowloris).toBe('');
    },
    SLOWLORIS_BOUND_MS + 20_000,
  );

  it('the hub never went down or slow, and recorded both cameras without a gap', async () => {
    const toMs = Date.now();
    await waitUntil(() => CAMERAS.every((camera) => recordedUntil(dataDir, camera) >= toMs), 15_000, 250);
    const gaps = CAMERAS.flatMap((camera) => recordingGaps(dataDir, camera, fromMs, toMs));
    const exit = watch.exit();
    watch.stop();
    const perDoor = DOORS.map((door) => `${door} ${counts.get(door)}`).join(', ');
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(
      [
        `malformed input: ${total} cases (${perDoor}); ${failed} failed`,
        `crashes ${exit ? 1 : 0}${exit ? ` (${exit})` : ''}`,
        `recording gaps ${gaps.length} over ${Math.round((toMs - fromMs) / 1000)} s`,
        `worst /healthz ${watch.worstMs()} ms (at ${watch.worstAt()}) over ${watch.samples()} samples`,
        ...watch.problems().slice(0, 10),
        ...gaps,
        "the hub's errors:",
        ...loggedErrors(hub.output()),
        ...(exit ? ['its last words:', ...hub.output().split('\n').slice(-15)] : []),
      ].join('\n'),
    );
    expect(total).toBeGreaterThanOrEqual(300);
    expect(exit).toBeUndefined();
    expect(watch.problems()).toEqual([]);
    expect(watch.worstMs()).toBeLessThan(HEALTHZ_BUDGET_MS);
    expect(gaps).toEqual([]);
  }, 30_000);
});
