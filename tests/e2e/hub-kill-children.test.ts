// kill -9 of the hub process while an export and while a snapshot runs in ffmpeg: every ffmpeg child dies with it.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loginCookie } from '../../scripts/lib/province.js';
import { LOOPBACK_SERVER_YAML, startHubProcess, type HubProcess } from '../../scripts/lib/hub-process.js';
import { childrenOf, isGone, stateOf, waitFor, waitUntil } from '../support/processes.js';
import { readOnly } from '../support/recordings.js';
import { tempDir } from '../support/temp-dir.js';

const CAMERA = 'demo-cam-01';
const CONFIG = `${LOOPBACK_SERVER_YAML}push:
  enabled: false
demo:
  cameras: 2
recording:
  segmentSeconds: 2
`;

/** Stops `pid` where it is; false when it had finished already (gone, or a zombie). */
function hold(pid: number): boolean {
  try {
    process.kill(pid, 'SIGSTOP');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  return stateOf(pid) === 'T';
}

describe('a hub killed with SIGKILL while ffmpeg works for a request', () => {
  const running: HubProcess[] = [];
  afterAll(() => {
    for (const hub of running)
      if (hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill('SIGKILL');
  });

  const start = async (): Promise<{ hub: HubProcess; base: string; cookie: string; dataDir: string }> => {
    const dir = tempDir();
    writeFileSync(join(dir, 'vigil.yaml'), CONFIG);
    const dataDir = join(dir, 'data');
    const hub = startHubProcess({ VIGIL_CONFIG: join(dir, 'vigil.yaml'), VIGIL_DATA_DIR: dataDir });
    running.push(hub);
    const base = (await hub.ready).httpUrl.replace(/\/$/, '');
    return { hub, base, cookie: await loginCookie(base, 'donggang-inspector', 'vigil-demo'), dataDir };
  };

  /** Kills the hub by SIGKILL and waits, by PID, for each of its ffmpeg children to be gone. */
  const killAndCheck = async (hub: HubProcess, watched: number): Promise<void> => {
    const pid = hub.child.pid ?? 0;
    const ffmpegs = childrenOf(pid).filter((child) => child.cmdline.includes('ffmpeg'));
    expect(ffmpegs.map((child) => child.pid)).toContain(watched);
    hub.child.kill('SIGKILL');
    await hub.exited;
    for (const child of ffmpegs) {
      await waitFor(
        () => isGone(child.pid),
        2_000,
        `ffmpeg ${child.pid} (${stateOf(child.pid)}: ${child.cmdline}) to die`,
      );
    }
  };

  it('during an export: the export ffmpeg (blocked on its input) and every ingest ffmpeg are gone', async () => {
    const { hub, base, cookie, dataDir } = await start();
    const closed = (): { id: number; path: string; startMs: number; endMs: number } | undefined =>
      readOnly(
        dataDir,
        (db) =>
          db
            .prepare(
              "SELECT id, path, start_ms AS startMs, end_ms AS endMs FROM recordings WHERE camera_id = ? AND state = 'closed' ORDER BY start_ms LIMIT 1",
            )
            .get(CAMERA) as { id: number; path: string; startMs: number; endMs: number } | undefined,
      );
    expect(await waitUntil(() => closed() !== undefined, 30_000, 200)).toBe(true);
    const file = closed();
    if (!file) throw new Error('no closed recording');
    // The recorded file becomes a FIFO nobody writes: the export's ffmpeg waits on it for as long as the test needs.
    const path = join(dataDir, file.path);
    rmSync(path);
    execFileSync('mkfifo', [path]);
    const response = await fetch(`${base}/playback/${CAMERA}/exports`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ from: file.startMs, to: file.endMs }),
    });
    expect(response.status).toBe(202);
    const pid = hub.child.pid ?? 0;
    const exporter = (): number | undefined =>
      childrenOf(pid).find((child) => child.cmdline.includes('sources.ffconcat'))?.pid;
    await waitFor(() => exporter() !== undefined, 10_000, 'the export ffmpeg');
    await killAndCheck(hub, exporter() ?? 0);
  });

  it('during a snapshot: the snapshot ffmpeg (held mid-decode) and every ingest ffmpeg are gone', async () => {
    const { hub, base, cookie } = await start();
    const pid = hub.child.pid ?? 0;
    const online = async (): Promise<boolean> =>
      ((await (await fetch(`${base}/api/cameras/${CAMERA}`, { headers: { cookie } })).json()) as { status: string })
        .status === 'online';
    expect(await waitUntil(online, 30_000, 200)).toBe(true);
    // A decode takes tens of milliseconds: catch one in the act and stop it there (SIGSTOP), so it is surely
    // running when the hub dies. Snapshots are cached 5 s per stream, so the requests go round the streams.
    const streams = ['demo-cam-01?stream=main', 'demo-cam-01?stream=sub', 'demo-cam-02?stream=main'];
    let held: number | undefined;
    const deadline = Date.now() + 60_000;
    for (let round = 0; held === undefined && Date.now() < deadline; round++) {
      const [id, query] = (streams[round % streams.length] ?? '').split('?');
      const request = fetch(`${base}/api/cameras/${id}/snapshot.jpg?${query}`, { headers: { cookie } });
      while (held === undefined) {
        // Only once setpriv has exec'd ffmpeg: stopped before that, it would not have armed the parent-death signal.
        const decoder = childrenOf(pid).find((c) => c.cmdline.includes('image2') && !c.cmdline.includes('setpriv'));
        if (decoder && hold(decoder.pid)) held = decoder.pid;
        const done = await Promise.race([request.then(() => true), new Promise<false>((r) => setImmediate(r, false))]);
        if (done) break;
      }
      if (held === undefined) await request;
    }
    if (held === undefined) throw new Error('no snapshot decode caught in the act');
    await killAndCheck(hub, held);
  });
});
