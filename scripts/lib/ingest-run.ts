// One bench:ingest run: a fresh hub with N cameras, brought online, packagers kept alive, CPU and RSS sampled.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CameraSimulator } from '../../src/simulator/index.js';
import { summarizeProfile, type ProfileSummary } from './bench-cpuprofile.js';
import { launchHubProcess, type HubProcess } from './bench-hub-process.js';
import { log, tryKill, type BenchLifecycle } from './bench-lifecycle.js';
import { listCameras, LivePoller, POLL_PERIOD_MS, type PollStats } from './bench-live-poller.js';
import { childrenNamed, median, readCmdline, readStat } from './bench-proc.js';
import { HARD_LIMIT_MS, type IngestOptions } from './ingest-options.js';
import { measureSample, type Sample } from './ingest-sample.js';
import { loginCookie, seedProvince, type SeedCamera } from './province.js';

export interface RunContext {
  options: IngestOptions;
  life: BenchLifecycle;
  /** The simulator serving (at least) the largest run's cameras. */
  sim: CameraSimulator;
  root: string;
  clkTck: number;
}

export interface RunResult {
  cameras: number;
  online: number;
  secondsToOnline: number;
  samples: Sample[];
  hubPct: number;
  ffmpegPct: number;
  benchPct: number;
  hubRssMb: number;
  hubPssMb: number;
  ffmpegRssMbTotal: number;
  ffmpegPssMbTotal: number;
  ffmpegPrivateMbTotal: number;
  ffmpegCount: number;
  bitrateKbpsMin: number;
  bitrateKbpsMedian: number;
  fpsMedian: number;
  restarts: number;
  /** Cameras per ingest engine, as the hub reports them (`native`, `ffmpeg`). */
  engines: Record<string, number>;
  poll: PollStats;
  warnings: { count: number; last: string[] };
  profile: ProfileSummary | undefined;
  profileFile: string | undefined;
}

/** Runs `count` cameras and tears the run down (poller, hub, temp dir) before returning. */
export async function runSize(context: RunContext, count: number): Promise<RunResult> {
  const { options, life, sim } = context;
  const mark = life.mark();
  const work = mkdtempSync(join(tmpdir(), 'vigil-bench-ingest-'));
  life.addCleanup(`rm ${work}`, () => rmSync(work, { recursive: true, force: true }));
  const workMark = life.mark();
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  const ids = sim.cameraIds().slice(0, count);
  const seeds: SeedCamera[] = ids.map((id, i) => ({
    id,
    name: `Bench ${id}`,
    stage: 'processing',
    mainUrl: sim.url(id, 'main'),
    recordMode: options.record ? 'continuous' : 'off',
    enterprise: i % 2 === 0 ? 'east' : 'west',
  }));
  await seedProvince(dataDir, seeds);
  const profDir = options.cpuProfile ? join(work, 'prof') : undefined;
  if (profDir) mkdirSync(profDir);

  const startedAt = Date.now();
  const hub = await launchHubProcess(life, {
    root: context.root,
    dataDir,
    profDir,
    nodeArgs: options.hubNodeArgs,
    logFile: options.hubLog,
    engine: options.engine,
  });
  log(
    `hub pid ${hub.pid} ready at ${hub.base} (${((Date.now() - startedAt) / 1000).toFixed(1)} s); ${count} cameras starting`,
  );
  const cookie = await loginCookie(hub.base, 'center-op');
  // The poller is each camera's live viewer: cameras that are not recorded start on its first playlist request.
  const poller = new LivePoller(hub.base, cookie, ids, HARD_LIMIT_MS);
  poller.start();
  life.addCleanup('poller', () => poller.close());
  const online = await waitForOnline(life, hub, cookie, count);
  poller.markSteady();
  const secondsToOnline = (Date.now() - startedAt) / 1000;
  log(`${online}/${count} cameras online after ${secondsToOnline.toFixed(1)} s`);
  if (online === 0) throw new Error(`no camera came online; hub stderr:\n${hub.stderrTail()}`);

  log(
    `live packaging on for ${ids.length} cameras (playlist + one part/segment each per ${POLL_PERIOD_MS / 1000} s); settling ${options.settleSeconds} s`,
  );
  await life.sleep(options.settleSeconds * 1000);

  const samples: Sample[] = [];
  for (let i = 0; i < options.samples; i++) {
    const sample = await measureSample(life, hub.pid, options.windowSeconds, context.clkTck);
    samples.push(sample);
    log(
      `  sample ${i + 1}/${options.samples} (${sample.seconds.toFixed(1)} s): hub ${sample.hubPct.toFixed(2)} %, ` +
        `${sample.ffmpegCount} ffmpeg ${sample.ffmpegPct.toFixed(2)} %, bench ${sample.benchPct.toFixed(2)} %, ` +
        `machine ${sample.machineBusyPct.toFixed(1)} % of 200 %, load ${sample.load1.toFixed(2)}`,
    );
  }

  const cameras = await listCameras(hub.base, cookie, life.signal);
  const mains = cameras.map((camera) => camera.health?.main).filter((main) => main !== null && main !== undefined);
  const bitrates = mains.map((main) => main.bitrateKbps ?? Number.NaN).filter(Number.isFinite);
  const onlineAfter = cameras.filter((camera) => camera.status === 'online').length;
  const ffmpegPids = childrenNamed(hub.pid, 'ffmpeg').map((stat) => stat.pid);
  const result: RunResult = {
    cameras: count,
    online: Math.min(online, onlineAfter),
    secondsToOnline,
    samples,
    hubPct: median(samples.map((s) => s.hubPct)),
    ffmpegPct: median(samples.map((s) => s.ffmpegPct)),
    benchPct: median(samples.map((s) => s.benchPct)),
    hubRssMb: median(samples.map((s) => s.hubRssMb)),
    hubPssMb: median(samples.map((s) => s.hubPssMb)),
    ffmpegRssMbTotal: median(samples.map((s) => s.ffmpegRssMb)),
    ffmpegPssMbTotal: median(samples.map((s) => s.ffmpegPssMb)),
    ffmpegPrivateMbTotal: median(samples.map((s) => s.ffmpegPrivateMb)),
    ffmpegCount: median(samples.map((s) => s.ffmpegCount)),
    bitrateKbpsMin: bitrates.length > 0 ? Math.min(...bitrates) : Number.NaN,
    bitrateKbpsMedian: median(bitrates),
    fpsMedian: median(mains.map((main) => main.fps ?? Number.NaN)),
    restarts: mains.reduce((sum, main) => sum + main.restarts, 0),
    engines: countEngines(mains.map((main) => main.engine ?? 'unknown')),
    poll: { ...poller.stats, lastErrors: [...poller.stats.lastErrors] },
    warnings: hub.warnings(),
    profile: undefined,
    profileFile: undefined,
  };

  // Poller, then hub: node writes the hub's profile as it exits; keep it before the temp dir goes.
  await life.unwindTo(workMark);
  if (profDir) Object.assign(result, keepProfile(profDir, count, context.root));
  await life.unwindTo(mark);
  killLeftoverFfmpegs(ffmpegPids, sim.port);
  return result;
}

function countEngines(engines: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const engine of engines) counts[engine] = (counts[engine] ?? 0) + 1;
  return counts;
}

/** Polls the camera list until all `count` cameras are online (the hub starts ~3-4 ffmpegs per second), bounded. */
async function waitForOnline(life: BenchLifecycle, hub: HubProcess, cookie: string, count: number): Promise<number> {
  const onlineDeadline = Date.now() + (45 + count / 2) * 1000;
  let online = 0;
  let lastReport = 0;
  for (let i = 0; i < 2_000 && Date.now() < onlineDeadline; i++) {
    if (hub.child.exitCode !== null) throw new Error(`the hub exited during start-up:\n${hub.stderrTail()}`);
    const cameras = await listCameras(hub.base, cookie, life.signal);
    online = cameras.filter((camera) => camera.status === 'online').length;
    if (online >= count) break;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`  ${online}/${count} online`);
    }
    await life.sleep(2_000);
  }
  return online;
}

/** Moves the hub's .cpuprofile out of the run's temp dir and summarizes it. */
function keepProfile(
  profDir: string,
  count: number,
  root: string,
): Pick<RunResult, 'profile' | 'profileFile'> | undefined {
  const file = readdirSync(profDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return undefined;
  const kept = join(tmpdir(), `vigil-bench-ingest-hub-${count}cams-${Date.now()}.cpuprofile`);
  renameSync(join(profDir, file), kept);
  return { profileFile: kept, profile: summarizeProfile(kept, root) };
}

/** The hub kills its ffmpegs on SIGTERM (and setpriv --pdeathsig on any death); make sure, by pid. */
function killLeftoverFfmpegs(pids: readonly number[], simulatorPort: number): void {
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat && stat.comm === 'ffmpeg' && readCmdline(pid).includes(`127.0.0.1:${simulatorPort}/`)) {
      console.error(`ffmpeg pid ${pid} outlived the hub: SIGKILL`);
      tryKill(pid, 'SIGKILL');
    }
  }
}
