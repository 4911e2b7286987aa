// Ingest lifecycle with real ffmpeg (bundled 4.1 and Debian 5.1): wrong password, on-demand stop, no orphans after SIGKILL.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSpawn, resolveFfmpeg, type FfmpegBinary } from '../../src/ffmpeg/index.js';
import type { CameraSource, CameraSourceOptions } from '../../src/ingest/index.js';
import { addSource } from '../support/camera-source.js';
import { isGone, waitFor } from '../support/processes.js';
import { startRtspServer, type RtspServer } from '../support/rtsp-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let bundled: FfmpegBinary;
let debian: FfmpegBinary;
let server: RtspServer;
let scratch: string;
const sources: CameraSource[] = [];

function source(url: string, binary: FfmpegBinary, extra: Partial<CameraSourceOptions> = {}): CameraSource {
  return addSource(sources, url, binary, extra);
}

beforeAll(async () => {
  [bundled, debian] = await Promise.all([resolveFfmpeg({ only: 'bundled' }), resolveFfmpeg({ only: 'path' })]);
  expect(bundled.major).toBe(4);
  server = await startRtspServer(['--auth', 'digest', '--user', 'admin', '--password', 'right-pass']);
  scratch = mkdtempSync(join(tmpdir(), 'vigil-ingest-'));
});

afterAll(async () => {
  await Promise.all(sources.map((s) => s.close()));
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('ingest lifecycle', () => {
  it('4.1: digest auth works, kill -9 recovers, and close() leaves no ffmpeg', async () => {
    const cam = source(`rtsp://admin:right-pass@127.0.0.1:${server.port}/stream`, bundled, { keepAlive: true });
    await waitFor(() => cam.status === 'online', 15_000, 'online');
    const first = cam.stats.pid;
    if (first === undefined) throw new Error('no pid');
    process.kill(first, 'SIGKILL');
    const fragments = cam.stats.fragments;
    await waitFor(() => cam.stats.fragments > fragments + 2, 5_000, 'fragments after kill -9');
    const second = cam.stats.pid;
    if (second === undefined) throw new Error('no pid');
    await cam.close();
    expect(isGone(first)).toBe(true);
    expect(isGone(second)).toBe(true);
    expect(cam.status).toBe('idle');
    expect(cam.output.isEnded).toBe(true);
  });

  it('4.1 and 5.1: a wrong password says "authentication failed" and backs off (no restart storm)', async () => {
    const cams = [bundled, debian].map((binary) =>
      source(`rtsp://admin:wrong-pass@127.0.0.1:${server.port}/stream`, binary, { keepAlive: true }),
    );
    await waitFor(() => cams.every((cam) => cam.reason !== null), 5_000, 'a failure');
    for (const cam of cams) {
      expect(cam.reason?.code).toBe('auth_failed');
      expect(cam.reason?.message).toBe('authentication failed');
      expect(cam.status).toBe('reconnecting');
    }
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    for (const cam of cams) {
      expect(cam.stats.runs).toBeLessThanOrEqual(4);
      expect(cam.status).toBe('offline');
      const tail = cam.stderrTail().join('\n');
      expect(tail).toContain('401 Unauthorized');
      expect(tail).not.toContain('wrong-pass');
      await cam.close();
    }
  });

  it('on demand: runs while acquired, stops after the idle delay, restarts on the next viewer', async () => {
    const cam = source(`rtsp://admin:right-pass@127.0.0.1:${server.port}/stream`, debian, { idleStopMs: 500 });
    expect(cam.status).toBe('idle');
    cam.acquire();
    cam.acquire();
    await waitFor(() => cam.status === 'online', 15_000, 'online');
    const pid = cam.stats.pid;
    if (pid === undefined) throw new Error('no pid');
    cam.release();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(cam.status).toBe('online');
    cam.release();
    await waitFor(() => cam.status === 'idle', 5_000, 'idle after the last viewer left');
    expect(isGone(pid)).toBe(true);
    expect(cam.output.isEnded).toBe(false);
    cam.acquire();
    await waitFor(() => cam.status === 'online', 15_000, 'online again');
    cam.release();
    await cam.close();
  });

  it.each([
    ['with setpriv --pdeathsig (5.1)', 'path', 'setpriv'],
    ['with the stdout pipe alone (4.1)', 'bundled', 'pipe'],
  ])('leaves no ffmpeg behind when the hub is killed with SIGKILL, %s', async (_name, only, mode) => {
    if (mode === 'setpriv') expect(await prepareSpawn()).toBeDefined();
    // .mts: an ES module (top-level await) even though the scratch directory has no package.json.
    const script = join(scratch, `hub-${mode}.mts`);
    const modules = (path: string): string => pathToFileURL(join(ROOT, path)).href;
    writeFileSync(
      script,
      [
        `import { spawn } from 'node:child_process';`,
        `import { prepareSpawn, resolveFfmpeg, systemSpawn } from '${modules('src/ffmpeg/index.ts')}';`,
        `import { CameraSource } from '${modules('src/ingest/index.ts')}';`,
        `import { silentLogger } from '${modules('src/shared/index.ts')}';`,
        `const binary = await resolveFfmpeg({ only: '${only}' });`,
        // As the hub does at start: the setpriv check, once, before the first spawn.
        `await prepareSpawn();`,
        // A child that never writes: only the kernel's parent-death signal can end it (proves pdeathsig alone).
        `const sleeper = ${mode === 'setpriv'} ? systemSpawn('sleep', ['60']) : { pid: 0 };`,
        // The pipe variant spawns ffmpeg directly, as on a machine without setpriv.
        `const spawnPort = ${mode === 'pipe'} ? (command: string, args: readonly string[]) => spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }) : undefined;`,
        `const cam: CameraSource = new CameraSource({ cameraId: 'orphan', stream: 'main', url: process.argv[2] ?? '', binary,`,
        `  logger: silentLogger(), keepAlive: true, ...(spawnPort ? { spawn: spawnPort } : {}),`,
        `  onStatus: (change) => { if (change.status === 'online') console.log(JSON.stringify({ pid: cam.stats.pid, sleeper: sleeper.pid })); } });`,
      ].join('\n'),
    );
    const hub = spawn(
      process.execPath,
      ['--import', 'tsx', script, `rtsp://admin:right-pass@127.0.0.1:${server.port}/stream`],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const [pid, sleeper] = await new Promise<[number, number]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the hub-like child did not get online')), 30_000);
        hub.once('exit', (code) => reject(new Error(`the hub-like child exited with ${code}`)));
        hub.stdout?.on('data', (chunk: Buffer) => {
          const match = /"pid":(\d+),"sleeper":(\d+)/.exec(chunk.toString());
          if (match) {
            clearTimeout(timer);
            resolve([Number(match[1]), Number(match[2])]);
          }
        });
      });
      expect(isGone(pid)).toBe(false);
      // ffmpeg is the hub's direct child: setpriv execs it in place.
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]).toBe(String(hub.pid));
      hub.kill('SIGKILL');
      const killedAt = Date.now();
      await waitFor(() => isGone(pid), 2_000, `ffmpeg ${pid} to die with its parent`);
      expect(Date.now() - killedAt).toBeLessThan(2_000);
      if (sleeper > 0)
        await waitFor(() => isGone(sleeper), 2_000, `the silent child ${sleeper} to die with its parent`);
    } finally {
      if (hub.exitCode === null && hub.signalCode === null) hub.kill('SIGKILL');
    }
  });
});
