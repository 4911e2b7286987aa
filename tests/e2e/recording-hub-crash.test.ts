// kill -9 of the hub process in the middle of a recording file: the restarted hub repairs, indexes and plays it.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loginCookie } from '../../scripts/lib/province.js';
import { LOOPBACK_SERVER_YAML, startHubProcess, type HubProcess } from '../../scripts/lib/hub-process.js';
import { waitUntil } from '../support/processes.js';
import { decodeFrames, indexedFiles, playlistSeconds, readOnly } from '../support/recordings.js';
import { tempDir } from '../support/temp-dir.js';

const CAMERA = 'demo-cam-01';
const CONFIG = `${LOOPBACK_SERVER_YAML}demo:
  cameras: 1
recording:
  segmentSeconds: 60
`;

describe('a hub killed while recording', () => {
  const dir = tempDir();
  const dataDir = join(dir, 'data');
  const running: HubProcess[] = [];
  const start = (): HubProcess => {
    const hub = startHubProcess({ VIGIL_CONFIG: join(dir, 'vigil.yaml'), VIGIL_DATA_DIR: dataDir });
    running.push(hub);
    return hub;
  };
  afterAll(() => {
    for (const hub of running) hub.child.kill('SIGKILL');
  });

  it('closes the torn file at the next start; it plays up to its last fragment', async () => {
    writeFileSync(join(dir, 'vigil.yaml'), CONFIG);
    const first = start();
    await first.ready;
    const openFor = (ms: number) => () =>
      indexedFiles(dataDir, CAMERA).some((f) => f.state === 'open' && f.endMs - f.startMs > ms);
    expect(await waitUntil(openFor(5_000), 30_000, 200)).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    const victim = indexedFiles(dataDir, CAMERA).find((f) => f.state === 'open');
    if (!victim) throw new Error('no open recording after the kill');

    const second = start();
    const { httpUrl } = await second.ready;
    const repaired = indexedFiles(dataDir, CAMERA).find((f) => f.id === victim.id);
    expect(repaired?.state).toBe('closed');
    // At least what the index had seen before the kill, give or take the fragment in flight.
    const seconds = ((repaired?.endMs ?? 0) - (repaired?.startMs ?? 0)) / 1000;
    expect(seconds).toBeGreaterThan((victim.endMs - victim.startMs) / 1000 - 0.5);

    const cookie = await loginCookie(httpUrl.replace(/\/$/, ''), 'donggang-inspector', 'vigil-demo');
    // A second inside the victim: the file before it (the run's first, cut at the minute) may end a few ms after the
    // victim starts, as each file's times come from the wall clock's placement of its fragments.
    const range = `from=${victim.startMs + 1000}&to=${victim.startMs + 2000}`;
    const list = await (
      await fetch(new URL(`/playback/${CAMERA}/vod.m3u8?${range}`, httpUrl), { headers: { cookie } })
    ).text();
    expect(list).toContain(`files/${victim.id}/media.m4s`);
    expect(Math.abs(playlistSeconds(list) - seconds)).toBeLessThan(0.01);
    const decoded = await decodeFrames(new URL(`/playback/${CAMERA}/vod.m3u8?${range}`, httpUrl).href, cookie);
    expect(decoded.stderr).toBe('');
    // Media time decoded, not frames counted: a live encoder on a busy machine does not keep a steady frame rate.
    expect(Math.abs(decoded.seconds - seconds)).toBeLessThan(0.5);
    const row = readOnly(
      dataDir,
      (db) =>
        db.prepare('SELECT bytes, path FROM recordings WHERE id = ?').get(victim.id) as { bytes: number; path: string },
    );
    // The torn tail is cut: the file ends with its last whole fragment, as the index says.
    expect(row.bytes).toBe(statSync(join(dataDir, row.path)).size);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    // Two hub starts from source (each bounded by startHubProcess) on a machine that may be busy.
  }, 150_000);
});
