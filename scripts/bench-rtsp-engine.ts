// RTSP engine benchmark: N simulated 1080p cameras pulled (a) by the native engine, all in one child Node process, and
// (b) by N bare ffmpeg -c copy → fMP4 processes, one after the other in the same run; CPU % of one core per camera.
//
//   npm run bench:rtsp -- [--cameras 50] [--seconds 10] [--samples 3] [--settle 8] [--bitrate 2000]
//
// The simulator (loop mode: one cached clip, no encoder) runs in this process; each side runs in processes of its
// own so /proc tells their CPU apart. Loopback only; only the processes started here are killed, by pid. The last
// line of output is one JSON object.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CameraSimulator, simulatedCameras } from '../src/simulator/index.js';
import { BenchLifecycle, log, tryKill } from './lib/bench-lifecycle.js';
import { clockTicksPerSecond, round } from './lib/bench-proc.js';
import { measurePhase, type PhaseResult } from './lib/engine-bench-phase.js';
import { bareArgs } from './lib/bare-ffmpeg-run.js';

const HARD_LIMIT_MS = 5 * 60_000;
const CHILD_SCRIPT = fileURLToPath(new URL('./lib/rtsp-engine-child.ts', import.meta.url));

const { values: args } = parseArgs({
  options: {
    cameras: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    samples: { type: 'string', default: '3' },
    settle: { type: 'string', default: '8' },
    bitrate: { type: 'string', default: '2000' },
  },
});
const cameras = positive('cameras', 1, 500);
const phase = {
  cameras,
  windowSeconds: positive('seconds', 1, 60),
  samples: positive('samples', 1, 9),
  settleSeconds: positive('settle', 0, 60),
  clkTck: clockTicksPerSecond(),
};
const bitrateKbps = positive('bitrate', 100, 20_000);
const life = new BenchLifecycle();
life.install(HARD_LIMIT_MS);

function positive(name: keyof typeof args, min: number, max: number): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
}

/** Starts a child, tracked for SIGKILL should this process die first, stopped by pid in the cleanups. */
function startTracked(command: string, argv: string[], stdout: 'pipe' | number): ChildProcess {
  const child = spawn(command, argv, { stdio: ['pipe', stdout, 'pipe'] });
  if (child.pid === undefined) throw new Error(`cannot start ${command}`);
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  life.trackPid(pid, exited);
  life.addCleanup(`${command} ${pid}`, async () => {
    if (child.exitCode === null && child.signalCode === null && tryKill(pid, 'SIGTERM')) {
      const timer = setTimeout(() => tryKill(pid, 'SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
  });
  return child;
}

async function nativeSide(urls: string[]): Promise<PhaseResult> {
  const mark = life.mark();
  const child = startTracked(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, ...urls], 'pipe');
  let ready = false;
  let report = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (text.includes('ready')) ready = true;
    const json = text.split('\n').find((line) => line.startsWith('{'));
    if (json) report = json;
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  if (!(await life.until(() => ready, 60_000)))
    throw new Error('native: not every camera delivered a fragment in 60 s');
  log(`native: ${cameras} cameras streaming in process ${child.pid}`);
  const result = await measurePhase(life, [child.pid ?? 0], { ...phase, name: 'native' });
  child.stdin?.write('report\n');
  await life.until(() => report !== '', 5_000);
  log(`native: ${report || 'no report'}`);
  await life.unwindTo(mark);
  return result;
}

async function ffmpegSide(urls: string[]): Promise<PhaseResult> {
  const mark = life.mark();
  const devNull = openSync('/dev/null', 'w');
  life.addCleanup('/dev/null', () => closeSync(devNull));
  const children = urls.map((url) => startTracked('ffmpeg', bareArgs(url), devNull));
  const pids = children.map((child) => child.pid ?? 0);
  log(`ffmpeg: ${children.length} processes started`);
  const result = await measurePhase(life, pids, { ...phase, name: 'ffmpeg' });
  await life.unwindTo(mark);
  return result;
}

async function main(): Promise<void> {
  if (!existsSync('/proc/self/stat')) throw new Error('this benchmark reads /proc: Linux only');
  const sim = new CameraSimulator({
    host: '127.0.0.1',
    port: 0,
    ffmpegPath: 'ffmpeg',
    cameras: simulatedCameras(cameras, { mode: 'loop', width: 1920, height: 1080, bitrateKbps, sub: false }),
  });
  life.addCleanup('simulator', () => sim.stop());
  await sim.start();
  const urls = sim.cameraIds().map((id) => sim.url(id));
  log(`bench:rtsp: ${cameras} loop cameras 1080p ${bitrateKbps} kbit/s on rtsp://127.0.0.1:${sim.port}/`);
  const native = await nativeSide(urls);
  const ffmpeg = await ffmpegSide(urls);
  await life.runCleanups();
  const ratio = native.cpuPctPerCamera / ffmpeg.cpuPctPerCamera;
  log(
    `native ${native.cpuPctPerCamera.toFixed(3)} % vs ffmpeg ${ffmpeg.cpuPctPerCamera.toFixed(3)} % of a core per ` +
      `camera (ratio ${ratio.toFixed(2)}); RSS ${native.rssMbPerCamera.toFixed(2)} vs ${ffmpeg.rssMbPerCamera.toFixed(2)} MiB per camera`,
  );
  console.log(
    JSON.stringify({
      cameras,
      bitrate_kbps: bitrateKbps,
      native_cpu_pct_per_camera: round(native.cpuPctPerCamera, 4),
      ffmpeg_cpu_pct_per_camera: round(ffmpeg.cpuPctPerCamera, 4),
      ratio: round(ratio, 3),
      native_windows: native.windows.map((v) => round(v, 4)),
      ffmpeg_windows: ffmpeg.windows.map((v) => round(v, 4)),
      native_rss_mb_per_camera: round(native.rssMbPerCamera, 2),
      ffmpeg_rss_mb_per_camera: round(ffmpeg.rssMbPerCamera, 2),
    }),
  );
}

life.run(main);
