// Ingest benchmark: N simulated 1080p cameras through a hub process with live packaging on; CPU and RSS per camera.
//
//   npm run bench:ingest -- [--cameras 100] [--seconds 20] [--samples 3] [--settle 15] [--bitrate 2000]
//                           [--single] [--record] [--cpu-prof] [--hub-node-arg=--trace-gc --hub-log=/tmp/hub.log]
//
// The simulator (loop mode: one cached clip, paced by one ticker) and the HLS poller run in this process; the hub
// runs as its own process so its CPU and its ffmpegs' CPU are read separately from /proc. By default the run is
// done at N/2 and at N cameras (each with a fresh hub) so that the per-camera cost can be checked for linearity.
// Human-readable figures first; the last line of output is one JSON object.
//
// After the hub's runs, the same cameras go through bare `ffmpeg -c copy` remuxes (nothing else): the reference the
// hub is judged against, measured on this machine in this run. The JSON line holds cameras_fit_in_70pct,
// bare_ffmpeg_cpu_pct_per_camera, limit_cameras (70 % of the cores / the bare cost), fraction_of_limit,
// hub_cpu_pct_per_camera, ffmpeg_cpu_pct_per_camera, pss_mb_per_camera and playlist_errors among others.
//
// The parts, in scripts/lib/: ingest-options (flags), bench-lifecycle (abort, cleanups, child pids),
// ingest-run (one run: bench-hub-process launches the hub, bench-live-poller keeps packaging on, ingest-sample
// measures a window), bare-ffmpeg-run (the reference) and ingest-report (figures and the JSON line).
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { CameraSimulator, simulatedCameras } from '../src/simulator/index.js';
import { projectRoot } from '../src/version.js';
import { runBareReference } from './lib/bare-ffmpeg-run.js';
import { BenchLifecycle, log } from './lib/bench-lifecycle.js';
import { clockTicksPerSecond } from './lib/bench-proc.js';
import { HARD_LIMIT_MS, readIngestOptions, type IngestOptions } from './lib/ingest-options.js';
import { failureJson, report } from './lib/ingest-report.js';
import { runSize, type RunResult } from './lib/ingest-run.js';

const options = readIngestOptions();
const clkTck = clockTicksPerSecond();
// SIGINT/SIGTERM and the hard time limit abort every wait; cleanups run in reverse order.
const life = new BenchLifecycle();
life.install(HARD_LIMIT_MS);

async function main(): Promise<void> {
  if (!existsSync('/proc/self/stat')) throw new Error('this benchmark reads /proc: Linux only');
  const loadBefore = loadavg();
  log(
    `bench:ingest: sizes ${options.sizes.join(', ')} cameras, ${options.samples} × ${options.windowSeconds} s windows ` +
      `after ${options.settleSeconds} s settle; load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')}`,
  );
  const sim = await startSimulator(options);
  const runs: RunResult[] = [];
  for (const size of options.sizes) {
    log(`--- run with ${size} cameras ---`);
    runs.push(await runSize({ options, life, sim, root: projectRoot(), clkTck }, size));
  }
  log(`--- bare reference: ${options.cameras} × ffmpeg -c copy ---`);
  const bare = await runBareReference(life, sim, {
    count: options.cameras,
    samples: options.samples,
    windowSeconds: options.windowSeconds,
    bitrateKbps: options.bitrateKbps,
    clkTck,
  });
  await life.runCleanups();
  report(runs, bare, { before: loadBefore, after: loadavg() }, options, clkTck);
}

/** One simulator for every run, with the largest run's cameras: 1080p loop clips, main stream only. */
async function startSimulator({ sizes, bitrateKbps }: IngestOptions): Promise<CameraSimulator> {
  const maxCameras = Math.max(...sizes);
  const sim = new CameraSimulator({
    host: '127.0.0.1',
    port: 0,
    ffmpegPath: 'ffmpeg',
    cameras: simulatedCameras(maxCameras, { mode: 'loop', width: 1920, height: 1080, bitrateKbps, sub: false }),
  });
  const simStarted = Date.now();
  life.addCleanup('simulator', () => sim.stop());
  await sim.start();
  log(
    `simulator: ${maxCameras} loop cameras on rtsp://127.0.0.1:${sim.port}/ (${((Date.now() - simStarted) / 1000).toFixed(1)} s, clip cached)`,
  );
  return sim;
}

try {
  await main();
  process.exitCode = 0;
} catch (error) {
  const message = (error as Error).message;
  console.error(`bench:ingest failed: ${message}`);
  await life.runCleanups();
  // The last line stays one JSON object, even on failure.
  console.log(failureJson(message));
  process.exitCode = 1;
} finally {
  await life.runCleanups();
  life.dispose();
}
// Lingering keep-alive sockets of fetch must not hold the process open.
process.exit(process.exitCode ?? 0);
