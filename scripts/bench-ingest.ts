// Ingest benchmark: N simulated 1080p cameras through a hub process with live packaging on; CPU and RSS per camera.
//
//   npm run bench:ingest -- [--cameras 100] [--seconds 20] [--samples 3] [--settle 15] [--bitrate 2000]
//                           [--single] [--cpu-prof] [--hub-node-arg=--trace-gc --hub-log=/tmp/hub.log]
//
// The simulator (loop mode: one cached clip, paced by one ticker) and the HLS poller run in this process; the hub
// runs as its own process so its CPU and its ffmpegs' CPU are read separately from /proc. By default the run is
// done at N/2 and at N cameras (each with a fresh hub) so that the per-camera cost can be checked for linearity.
// Human-readable figures first; the last line of output is one JSON object.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { CameraSimulator, simulatedCameras } from '../src/simulator/index.js';
import { projectRoot } from '../src/version.js';
import { summarizeProfile, type ProfileSummary } from './lib/bench-cpuprofile.js';
import {
  childrenNamed,
  clockTicksPerSecond,
  median,
  ProcessSetWindow,
  readCmdline,
  readMachineTicks,
  readPssMb,
  readRssMb,
  readStat,
  round,
} from './lib/bench-proc.js';
import { loginCookie, seedProvince, type SeedCamera } from './lib/province.js';

// ---------------------------------------------------------------------------------------------------------------
// Options and reference figures

const REFERENCE = {
  /** Bare `ffmpeg -c copy` RTSP → fMP4 at 2 Mbit/s, per process, % of one core (issue text). */
  ffmpegPctPerCamera: 0.32,
  /** A Node process that only parses box headers, per stream, % of one core (issue text). */
  nodePctPerStream: 0.014,
};
const TARGET_CAMERAS = 300;
const BUDGET_FRACTION = 0.7;
const HARD_LIMIT_MS = 15 * 60_000;
const POLL_PERIOD_MS = 10_000;
const POLL_CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 8_000;

const { values: args } = parseArgs({
  options: {
    cameras: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    samples: { type: 'string', default: '3' },
    settle: { type: 'string', default: '15' },
    bitrate: { type: 'string', default: '2000' },
    single: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    /** Extra flags for the hub's node, e.g. --hub-node-arg=--trace-gc (repeatable). */
    'hub-node-arg': { type: 'string', multiple: true, default: [] },
    /** Also write the hub's stdout and stderr to this file (e.g. for --trace-gc). */
    'hub-log': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

if (args.help) {
  console.log(
    'usage: tsx scripts/bench-ingest.ts [--cameras N=100] [--seconds 20] [--samples 3] [--settle 15] [--bitrate 2000] ' +
      '[--single] [--cpu-prof] [--hub-node-arg=FLAG ...] [--hub-log=FILE]',
  );
  process.exit(0);
}

function intArg(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer in [${min}, ${max}] (got ${value})`);
    process.exit(2);
  }
  return n;
}

const CAMERAS = intArg('cameras', args.cameras, 1, 1000);
const WINDOW_S = intArg('seconds', args.seconds, 2, 300);
const SAMPLES = intArg('samples', args.samples, 1, 20);
const SETTLE_S = intArg('settle', args.settle, 0, 300);
const BITRATE_KBPS = intArg('bitrate', args.bitrate, 2000, 20000);
const SIZES = args.single || CAMERAS < 4 ? [CAMERAS] : [Math.round(CAMERAS / 2), CAMERAS];
const CPU_PROF = args['cpu-prof'];
const HUB_NODE_ARGS = args['hub-node-arg'] ?? [];
const HUB_LOG = args['hub-log'];
const ROOT = projectRoot();
const CLK_TCK = clockTicksPerSecond();

// ---------------------------------------------------------------------------------------------------------------
// Abort and cleanup: SIGINT/SIGTERM and a hard time limit abort every wait; cleanups run in reverse order.

const abort = new AbortController();
const cleanups: Array<{ name: string; run: () => Promise<void> | void }> = [];
/** Hub pids still alive: killed synchronously on an abrupt exit. */
const livePids = new Set<number>();

function onSignal(signal: NodeJS.Signals): void {
  if (abort.signal.aborted) {
    // Second signal: no more patience.
    for (const pid of livePids) tryKill(pid, 'SIGKILL');
    process.exit(130);
  }
  console.error(`\n${signal}: stopping the benchmark and cleaning up...`);
  abort.abort(new Error(`interrupted by ${signal}`));
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('exit', () => {
  for (const pid of livePids) tryKill(pid, 'SIGKILL');
});
const hardLimit = setTimeout(
  () => abort.abort(new Error(`hard time limit of ${HARD_LIMIT_MS / 60_000} min reached`)),
  HARD_LIMIT_MS,
);
hardLimit.unref();

function tryKill(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    // Already gone.
    return false;
  }
}

async function sleep(ms: number): Promise<void> {
  abort.signal.throwIfAborted();
  await delay(ms, undefined, { signal: abort.signal });
}

async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop()!;
    try {
      await cleanup.run();
    } catch (error) {
      console.error(`cleanup ${cleanup.name} failed: ${(error as Error).message}`);
    }
  }
}

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The hub process

interface HubProcess {
  child: ChildProcess;
  pid: number;
  base: string;
  warnings: () => { count: number; last: string[] };
  stderrTail: () => string;
  exited: Promise<void>;
}

async function startHub(dataDir: string, profDir: string | undefined): Promise<HubProcess> {
  const configFile = join(dataDir, '..', 'vigil.yaml');
  writeFileSync(
    configFile,
    [
      `dataDir: ${JSON.stringify(dataDir)}`,
      'server: { host: 127.0.0.1, port: 0, https: { enabled: false } }',
      'demo: { enabled: false }',
      'log: { level: warn }',
      'admin: { password: bench-admin-password }',
      '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_CONFIG: configFile };
  for (const key of ['VIGIL_PORT', 'VIGIL_HOST', 'VIGIL_DATA_DIR', 'VIGIL_ADMIN_PASSWORD', 'VIGIL_LOG_LEVEL'])
    delete env[key];
  const nodeArgs = [
    ...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []),
    ...HUB_NODE_ARGS,
    '--import',
    'tsx',
    'src/main.ts',
  ];
  const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('could not start the hub process');
  const pid = child.pid;
  livePids.add(pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => livePids.delete(pid));

  let warnCount = 0;
  const lastWarnings: string[] = [];
  let stderr = '';
  let stdoutBuffer = '';
  let resolveUrl: (url: string) => void = () => undefined;
  const urlPromise = new Promise<string>((resolve) => (resolveUrl = resolve));
  const hubLog = HUB_LOG ? createWriteStream(HUB_LOG, { flags: 'a' }) : undefined;
  if (hubLog) void exited.then(() => hubLog.end());
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    hubLog?.write(chunk);
    stdoutBuffer += chunk;
    let newline: number;
    while ((newline = stdoutBuffer.indexOf('\n')) >= 0) {
      const line = stdoutBuffer.slice(0, newline);
      stdoutBuffer = stdoutBuffer.slice(newline + 1);
      const banner = /Vigil console: (https?:\/\/\S+)/.exec(line);
      if (banner?.[1]) resolveUrl(banner[1].replace(/\/$/, ''));
      if (line.startsWith('{')) {
        warnCount++;
        try {
          const entry = JSON.parse(line) as { level?: number; msg?: string; camera?: string };
          lastWarnings.push(
            `level ${entry.level ?? '?'}${entry.camera ? ` ${entry.camera}` : ''}: ${entry.msg ?? ''}`.slice(0, 200),
          );
        } catch {
          lastWarnings.push(line.slice(0, 200));
        }
        if (lastWarnings.length > 5) lastWarnings.shift();
      }
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    hubLog?.write(chunk);
    stderr = (stderr + chunk).slice(-4000);
  });

  const stopHub = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    tryKill(pid, 'SIGTERM');
    const gone = await Promise.race([exited.then(() => true), delay(20_000).then(() => false)]);
    if (!gone) {
      console.error(`hub pid ${pid} did not stop within 20 s: SIGKILL`);
      tryKill(pid, 'SIGKILL');
      await Promise.race([exited, delay(5_000)]);
    }
  };
  cleanups.push({ name: `hub ${pid}`, run: stopHub });

  const timeout = delay(90_000, 'timeout' as const, { signal: abort.signal });
  const result = await Promise.race([urlPromise, exited.then(() => 'exited' as const), timeout]);
  if (result === 'exited') throw new Error(`the hub exited before it was ready:\n${stderr}`);
  if (result === 'timeout') throw new Error(`the hub printed no console URL within 90 s:\n${stderr}`);
  return {
    child,
    pid,
    base: result,
    warnings: () => ({ count: warnCount, last: [...lastWarnings] }),
    stderrTail: () => stderr,
    exited,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP helpers and the live-packaging poller

interface CameraJson {
  id: string;
  status: string;
  health: { main: { bitrateKbps: number | null; fps: number | null; restarts: number } | null } | null;
}

async function listCameras(base: string, cookie: string): Promise<CameraJson[]> {
  const response = await fetch(`${base}/api/cameras`, {
    headers: { cookie },
    signal: AbortSignal.any([abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  if (response.status !== 200) throw new Error(`GET /api/cameras: ${response.status}`);
  return ((await response.json()) as { cameras: CameraJson[] }).cameras;
}

interface PollStats {
  rounds: number;
  playlistsOk: number;
  mediaOk: number;
  mediaBytes: number;
  errors: number;
  lastErrors: string[];
  /** Seconds the last full round took. */
  lastRoundSeconds: number;
}

/**
 * Keeps every camera's LL-HLS packager alive: each round (every 10 s) fetches every camera's playlist and one
 * media object (alternately its newest complete segment and its newest listed part); init.mp4 in the first round.
 */
class LivePoller {
  readonly stats: PollStats = {
    rounds: 0,
    playlistsOk: 0,
    mediaOk: 0,
    mediaBytes: 0,
    errors: 0,
    lastErrors: [],
    lastRoundSeconds: 0,
  };
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly stop = new AbortController();

  constructor(
    private readonly base: string,
    private readonly cookie: string,
    private readonly ids: readonly string[],
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.stop.abort();
    await Promise.race([this.loop, delay(REQUEST_TIMEOUT_MS + 2_000)]);
  }

  private async run(): Promise<void> {
    // Bounded: at most one round per period for the whole hard time limit.
    for (let round = 0; round < HARD_LIMIT_MS / POLL_PERIOD_MS && !this.stopped; round++) {
      const started = Date.now();
      const queue = [...this.ids];
      const worker = async (): Promise<void> => {
        for (let id = queue.shift(); id !== undefined && !this.stopped; id = queue.shift()) await this.one(id, round);
      };
      await Promise.all(Array.from({ length: POLL_CONCURRENCY }, worker));
      this.stats.rounds++;
      this.stats.lastRoundSeconds = (Date.now() - started) / 1000;
      const wait = POLL_PERIOD_MS - (Date.now() - started);
      if (wait > 0 && !this.stopped) await delay(wait, undefined, { signal: this.stop.signal }).catch(() => undefined);
    }
  }

  private async get(path: string): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      headers: { cookie: this.cookie },
      signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
  }

  private async one(id: string, round: number): Promise<void> {
    const dir = `/live/${encodeURIComponent(id)}/main/`;
    try {
      const response = await this.get(`${dir}index.m3u8`);
      const text = await response.text();
      if (response.status !== 200 || !text.startsWith('#EXTM3U')) {
        return this.fail(`${id} playlist: HTTP ${response.status}`);
      }
      this.stats.playlistsOk++;
      const media: string[] = [];
      if (round === 0) media.push('init.mp4');
      const lines = text.split('\n');
      const segments = lines.filter((line) => /^seg-\d+\.m4s$/.test(line));
      const parts = lines
        .filter((line) => line.startsWith('#EXT-X-PART:'))
        .map((line) => /URI="([^"]+)"/.exec(line)?.[1])
        .filter((uri): uri is string => uri !== undefined);
      const pick = round % 2 === 0 ? (segments.at(-1) ?? parts.at(-1)) : (parts.at(-1) ?? segments.at(-1));
      if (pick) media.push(pick);
      for (const file of media) {
        const res = await this.get(dir + file);
        const body = await res.arrayBuffer();
        if (res.status !== 200 || body.byteLength === 0) this.fail(`${id} ${file}: HTTP ${res.status}`);
        else {
          this.stats.mediaOk++;
          this.stats.mediaBytes += body.byteLength;
        }
      }
    } catch (error) {
      if (!this.stopped) this.fail(`${id}: ${(error as Error).message}`);
    }
  }

  private fail(message: string): void {
    this.stats.errors++;
    this.stats.lastErrors.push(message);
    if (this.stats.lastErrors.length > 5) this.stats.lastErrors.shift();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One run: a fresh hub with `count` cameras, brought online, packagers kept alive, CPU and RSS sampled.

interface Sample {
  seconds: number;
  hubPct: number;
  /** Kernel-mode share of hubPct. */
  hubSysPct: number;
  ffmpegPct: number;
  ffmpegCount: number;
  ffmpegChurn: number;
  benchPct: number;
  machineBusyPct: number;
  otherPct: number;
  hubRssMb: number;
  hubPssMb: number;
  ffmpegRssMb: number;
  ffmpegPssMb: number;
  ffmpegPrivateMb: number;
  load1: number;
}

interface RunResult {
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
  poll: PollStats;
  warnings: { count: number; last: string[] };
  profile: ProfileSummary | undefined;
  profileFile: string | undefined;
}

async function runSize(count: number, sim: CameraSimulator, simIds: readonly string[]): Promise<RunResult> {
  const mark = cleanups.length;
  const work = mkdtempSync(join(tmpdir(), 'vigil-bench-ingest-'));
  cleanups.push({ name: `rm ${work}`, run: () => rmSync(work, { recursive: true, force: true }) });
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  const ids = simIds.slice(0, count);
  const seeds: SeedCamera[] = ids.map((id, i) => ({
    id,
    name: `Bench ${id}`,
    stage: 'processing',
    mainUrl: sim.url(id, 'main'),
    recordMode: 'continuous',
    enterprise: i % 2 === 0 ? 'east' : 'west',
  }));
  await seedProvince(dataDir, seeds);
  const profDir = CPU_PROF ? join(work, 'prof') : undefined;
  if (profDir) mkdirSync(profDir);

  const startedAt = Date.now();
  const hub = await startHub(dataDir, profDir);
  log(
    `hub pid ${hub.pid} ready at ${hub.base} (${((Date.now() - startedAt) / 1000).toFixed(1)} s); ${count} cameras starting`,
  );
  const cookie = await loginCookie(hub.base, 'center-op');

  // All cameras online (the hub starts ~3-4 ffmpegs per second), bounded.
  const onlineDeadline = Date.now() + (45 + count / 2) * 1000;
  let online = 0;
  let lastReport = 0;
  for (let i = 0; i < 2_000 && Date.now() < onlineDeadline; i++) {
    if (hub.child.exitCode !== null) throw new Error(`the hub exited during start-up:\n${hub.stderrTail()}`);
    const cameras = await listCameras(hub.base, cookie);
    online = cameras.filter((camera) => camera.status === 'online').length;
    if (online >= count) break;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`  ${online}/${count} online`);
    }
    await sleep(2_000);
  }
  const secondsToOnline = (Date.now() - startedAt) / 1000;
  log(`${online}/${count} cameras online after ${secondsToOnline.toFixed(1)} s`);
  if (online === 0) throw new Error(`no camera came online; hub stderr:\n${hub.stderrTail()}`);

  const poller = new LivePoller(hub.base, cookie, ids);
  poller.start();
  cleanups.push({ name: 'poller', run: () => poller.close() });
  log(
    `live packaging on for ${ids.length} cameras (playlist + one part/segment each per ${POLL_PERIOD_MS / 1000} s); settling ${SETTLE_S} s`,
  );
  await sleep(SETTLE_S * 1000);

  const samples: Sample[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const hub0 = readStat(hub.pid);
    const ffmpeg0 = childrenNamed(hub.pid, 'ffmpeg');
    const self0 = readStat(process.pid);
    const machine0 = readMachineTicks();
    const t0 = performance.now();
    await sleep(WINDOW_S * 1000);
    const hub1 = readStat(hub.pid);
    const ffmpeg1 = childrenNamed(hub.pid, 'ffmpeg');
    const self1 = readStat(process.pid);
    const machine1 = readMachineTicks();
    const seconds = (performance.now() - t0) / 1000;
    if (!hub0 || !hub1 || !self0 || !self1) throw new Error('the hub process went away during sampling');
    const ffmpegMemory = ffmpeg1.map((stat) => readPssMb(stat.pid) ?? { pss: 0, private: 0 });
    const pct = (ticks: number): number => (ticks / CLK_TCK / seconds) * 100;
    const ff = new ProcessSetWindow(ffmpeg0).finish(ffmpeg1);
    const machineTotal = machine1.total - machine0.total;
    // Machine busy as % of ONE core (like the others), so it adds up with them; two cores = 200 %.
    const cores = machineTotal / CLK_TCK / seconds;
    const machineBusyPct =
      machineTotal > 0 ? ((machine1.busy - machine0.busy) / machineTotal) * cores * 100 : Number.NaN;
    const sample: Sample = {
      seconds,
      hubPct: pct(hub1.ticks - hub0.ticks),
      hubSysPct: pct(hub1.stime - hub0.stime),
      ffmpegPct: pct(ff.ticks),
      ffmpegCount: ff.count,
      ffmpegChurn: ff.appeared + ff.vanished,
      benchPct: pct(self1.ticks - self0.ticks),
      machineBusyPct,
      otherPct: 0,
      hubRssMb: readRssMb(hub.pid) ?? Number.NaN,
      hubPssMb: readPssMb(hub.pid)?.pss ?? Number.NaN,
      ffmpegRssMb: ffmpeg1.reduce((sum, stat) => sum + (readRssMb(stat.pid) ?? 0), 0),
      ffmpegPssMb: ffmpegMemory.reduce((sum, m) => sum + m.pss, 0),
      ffmpegPrivateMb: ffmpegMemory.reduce((sum, m) => sum + m.private, 0),
      load1: loadavg()[0] ?? Number.NaN,
    };
    sample.otherPct = sample.machineBusyPct - sample.hubPct - sample.ffmpegPct - sample.benchPct;
    samples.push(sample);
    log(
      `  sample ${i + 1}/${SAMPLES} (${seconds.toFixed(1)} s): hub ${sample.hubPct.toFixed(2)} %, ` +
        `${sample.ffmpegCount} ffmpeg ${sample.ffmpegPct.toFixed(2)} %, bench ${sample.benchPct.toFixed(2)} %, ` +
        `machine ${sample.machineBusyPct.toFixed(1)} % of 200 %, load ${sample.load1.toFixed(2)}`,
    );
  }

  const cameras = await listCameras(hub.base, cookie);
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
    poll: { ...poller.stats, lastErrors: [...poller.stats.lastErrors] },
    warnings: hub.warnings(),
    profile: undefined,
    profileFile: undefined,
  };

  // Tear down this run (poller, hub, temp dir) before the next one.
  while (cleanups.length > mark) {
    const cleanup = cleanups.pop()!;
    if (cleanup.name === `rm ${work}` && profDir) {
      // Keep the profile: summarize and move it out of the temp dir first.
      const file = readdirSync(profDir).find((name) => name.endsWith('.cpuprofile'));
      if (file) {
        const kept = join(tmpdir(), `vigil-bench-ingest-hub-${count}cams-${Date.now()}.cpuprofile`);
        renameSync(join(profDir, file), kept);
        result.profileFile = kept;
        result.profile = summarizeProfile(kept, ROOT);
      }
    }
    await cleanup.run();
  }
  // The hub kills its ffmpegs on SIGTERM (and setpriv --pdeathsig on any death); make sure, by pid.
  for (const pid of ffmpegPids) {
    const stat = readStat(pid);
    if (stat && stat.comm === 'ffmpeg' && readCmdline(pid).includes(`127.0.0.1:${sim.port}/`)) {
      console.error(`ffmpeg pid ${pid} outlived the hub: SIGKILL`);
      tryKill(pid, 'SIGKILL');
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function fmt(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  return rows
    .map((row) =>
      row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  '),
    )
    .join('\n');
}

function perCamera(run: RunResult): {
  hub: number;
  ffmpeg: number;
  hubRss: number;
  ffmpegRss: number;
  ffmpegPss: number;
  ffmpegPrivate: number;
} {
  const n = Math.max(1, run.online);
  const procs = Math.max(1, run.ffmpegCount);
  return {
    hub: run.hubPct / n,
    ffmpeg: run.ffmpegPct / procs,
    hubRss: run.hubRssMb / n,
    ffmpegRss: run.ffmpegRssMbTotal / procs,
    ffmpegPss: run.ffmpegPssMbTotal / procs,
    ffmpegPrivate: run.ffmpegPrivateMbTotal / procs,
  };
}

function report(runs: RunResult[], load: { before: number[]; after: number[] }): void {
  const main = runs[runs.length - 1]!;
  const per = perCamera(main);
  const fit = Math.floor((BUDGET_FRACTION * 200) / (per.hub + per.ffmpeg));

  console.log('\n=== bench:ingest — simulated 1080p cameras through the hub, live packaging on ===');
  console.log(
    `machine: ${readMachineCores()} cores, CLK_TCK ${CLK_TCK}; load average before ${load.before.map((v) => v.toFixed(2)).join(' ')}, ` +
      `after ${load.after.map((v) => v.toFixed(2)).join(' ')}`,
  );
  console.log(
    `streams: 1920x1080 25 fps, GOP 1 s, ${BITRATE_KBPS} kbit/s target (loop clip), RTSP/TCP on 127.0.0.1; ` +
      `windows: ${SAMPLES} × ${WINDOW_S} s after ${SETTLE_S} s settle; figures are medians; CPU in % of ONE core (machine = 200 %)\n`,
  );

  const header = ['', ...runs.map((run) => `${run.cameras} cams`)];
  const row = (label: string, f: (run: RunResult) => string): string[] => [label, ...runs.map(f)];
  console.log(
    table([
      header,
      row('online / ffmpeg processes', (r) => `${r.online} / ${r.ffmpegCount}`),
      row('seconds to all online', (r) => fmt(r.secondsToOnline, 1)),
      row(
        'measured bitrate kbit/s (min / median)',
        (r) => `${fmt(r.bitrateKbpsMin, 0)} / ${fmt(r.bitrateKbpsMedian, 0)}`,
      ),
      row('measured fps (median)', (r) => fmt(r.fpsMedian, 1)),
      row('hub CPU %', (r) => fmt(r.hubPct, 2)),
      row('  of which kernel (sys) %', (r) => fmt(median(r.samples.map((s) => s.hubSysPct)), 2)),
      row('  per camera %', (r) => fmt(perCamera(r).hub, 4)),
      row('ffmpeg CPU % (sum)', (r) => fmt(r.ffmpegPct, 2)),
      row('  per camera %', (r) => fmt(perCamera(r).ffmpeg, 4)),
      row('hub + ffmpeg per camera %', (r) => fmt(perCamera(r).hub + perCamera(r).ffmpeg, 4)),
      row('bench process CPU % (simulator + poller)', (r) => fmt(r.benchPct, 2)),
      row('other load on the machine % (median)', (r) => fmt(median(r.samples.map((s) => s.otherPct)), 1)),
      row('machine busy % of 200 (median)', (r) => fmt(median(r.samples.map((s) => s.machineBusyPct)), 1)),
      row('hub RSS MB (PSS)', (r) => `${fmt(r.hubRssMb, 1)} (${fmt(r.hubPssMb, 1)})`),
      row('  per camera MB (RSS / cameras)', (r) => fmt(perCamera(r).hubRss, 3)),
      row('ffmpeg RSS MB per process', (r) => fmt(perCamera(r).ffmpegRss, 2)),
      row(
        '  PSS / private MB per process',
        (r) => `${fmt(perCamera(r).ffmpegPss, 2)} / ${fmt(perCamera(r).ffmpegPrivate, 2)}`,
      ),
      row('ffmpeg RSS MB total (PSS total)', (r) => `${fmt(r.ffmpegRssMbTotal, 0)} (${fmt(r.ffmpegPssMbTotal, 0)})`),
      row(
        'ffmpeg restarts / processes churned',
        (r) => `${r.restarts} / ${Math.max(...r.samples.map((s) => s.ffmpegChurn))}`,
      ),
      row(
        'poller rounds / playlists / media OK',
        (r) => `${r.poll.rounds} / ${r.poll.playlistsOk} / ${r.poll.mediaOk}`,
      ),
      row('poller errors / MB fetched', (r) => `${r.poll.errors} / ${fmt(r.poll.mediaBytes / 1e6, 1)}`),
      row('hub warnings logged', (r) => String(r.warnings.count)),
    ]),
  );

  console.log('\nper-sample CPU % (hub / ffmpeg / bench / machine):');
  for (const run of runs) {
    const cells = run.samples.map(
      (s) => `${fmt(s.hubPct, 2)} / ${fmt(s.ffmpegPct, 2)} / ${fmt(s.benchPct, 2)} / ${fmt(s.machineBusyPct, 1)}`,
    );
    console.log(`  ${run.cameras} cams: ${cells.join('   ')}`);
  }

  let marginal: { hub: number; ffmpeg: number; hubRss: number } | undefined;
  if (runs.length >= 2) {
    const small = runs[0]!;
    const dn = main.online - small.online;
    if (dn > 0) {
      marginal = {
        hub: (main.hubPct - small.hubPct) / dn,
        ffmpeg: (main.ffmpegPct - small.ffmpegPct) / Math.max(1, main.ffmpegCount - small.ffmpegCount),
        hubRss: (main.hubRssMb - small.hubRssMb) / dn,
      };
      const ratio = perCamera(main).hub / perCamera(small).hub;
      console.log(
        `\nlinearity: marginal cost per added camera (${small.online} → ${main.online}): hub ${fmt(marginal.hub, 4)} %, ` +
          `ffmpeg ${fmt(marginal.ffmpeg, 4)} %, hub RSS ${fmt(marginal.hubRss, 3)} MB; ` +
          `hub per-camera ratio ${main.cameras}/${small.cameras} = ${fmt(ratio, 2)} (1.0 = linear, < 1 = fixed overhead amortised)`,
      );
    }
  }

  console.log(
    `\nvs the bare reference (issue): ffmpeg ${fmt(per.ffmpeg, 4)} % vs ${REFERENCE.ffmpegPctPerCamera} % ` +
      `(× ${fmt(per.ffmpeg / REFERENCE.ffmpegPctPerCamera, 2)}); hub ${fmt(per.hub, 4)} % vs ${REFERENCE.nodePctPerStream} % for a ` +
      `box-header-only reader (× ${fmt(per.hub / REFERENCE.nodePctPerStream, 1)}); hub share of the per-camera cost ` +
      `${fmt((100 * per.hub) / (per.hub + per.ffmpeg), 1)} %`,
  );
  console.log(
    `capacity: ${BUDGET_FRACTION * 100} % of 2 cores = ${BUDGET_FRACTION * 200} % / ${fmt(per.hub + per.ffmpeg, 4)} % per camera ` +
      `= ${fit} cameras (target ${TARGET_CAMERAS}: ${fit >= TARGET_CAMERAS ? 'MET' : 'NOT MET'})` +
      (marginal
        ? `; from marginal costs: ${Math.floor((BUDGET_FRACTION * 200) / (marginal.hub + marginal.ffmpeg))}`
        : ''),
  );
  if (per.hub > 0.05)
    console.log(
      `note: hub per-camera CPU ${fmt(per.hub, 4)} % is above 0.05 %; run with --cpu-prof to see where it goes`,
    );

  for (const run of runs) {
    if (run.online < run.cameras)
      console.log(`WARNING: only ${run.online}/${run.cameras} cameras online in the ${run.cameras}-camera run`);
    if (Number.isFinite(run.bitrateKbpsMin) && run.bitrateKbpsMin < 2000) {
      console.log(
        `WARNING: lowest measured bitrate ${fmt(run.bitrateKbpsMin, 0)} kbit/s is below 2 Mbit/s (raise --bitrate)`,
      );
    }
    if (run.poll.errors > 0)
      console.log(
        `poller errors (${run.cameras} cams, last ${run.poll.lastErrors.length}): ${run.poll.lastErrors.join('; ')}`,
      );
    if (run.warnings.count > 0)
      console.log(
        `hub warnings (${run.cameras} cams, last ${run.warnings.last.length}): ${run.warnings.last.join(' | ')}`,
      );
    if (run.profile) {
      console.log(
        `\nhub CPU profile, ${run.cameras} cams (${run.profileFile}; ${fmt(run.profile.totalMs / 1000, 1)} s sampled, ` +
          `${fmt(run.profile.idlePct, 1)} % idle), top self time:`,
      );
      for (const entry of run.profile.top)
        console.log(`  ${fmt(entry.selfPct, 2).padStart(6)} %  ${fmt(entry.selfMs, 0).padStart(7)} ms  ${entry.name}`);
    }
  }

  const json = {
    bench: 'ingest',
    cameras: main.online,
    cameras_requested: main.cameras,
    bitrate_kbps_min: round(main.bitrateKbpsMin, 0),
    hub_cpu_pct: round(main.hubPct, 3),
    hub_cpu_pct_per_camera: round(per.hub, 5),
    ffmpeg_cpu_pct_per_camera: round(per.ffmpeg, 5),
    hub_rss_mb: round(main.hubRssMb, 1),
    hub_rss_mb_per_camera: round(per.hubRss, 4),
    ffmpeg_rss_mb_per_camera: round(per.ffmpegRss, 3),
    ffmpeg_pss_mb_per_camera: round(per.ffmpegPss, 3),
    bench_process_cpu_pct: round(main.benchPct, 2),
    ...(marginal
      ? {
          marginal_hub_cpu_pct_per_camera: round(marginal.hub, 5),
          marginal_ffmpeg_cpu_pct_per_camera: round(marginal.ffmpeg, 5),
          sizes: runs.map((run) => run.online),
        }
      : {}),
    load_avg_1m: round(load.before[0] ?? Number.NaN, 2),
    cameras_fit_in_70pct: fit,
    target_cameras: TARGET_CAMERAS,
  };
  console.log(JSON.stringify(json));
}

function readMachineCores(): number {
  try {
    return readdirSync('/sys/devices/system/cpu').filter((name) => /^cpu\d+$/.test(name)).length;
  } catch {
    // Not Linux sysfs.
    return Number.NaN;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  if (!existsSync('/proc/self/stat')) throw new Error('this benchmark reads /proc: Linux only');
  const loadBefore = loadavg();
  log(
    `bench:ingest: sizes ${SIZES.join(', ')} cameras, ${SAMPLES} × ${WINDOW_S} s windows after ${SETTLE_S} s settle; ` +
      `load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')}`,
  );

  const maxCameras = Math.max(...SIZES);
  const sim = new CameraSimulator({
    host: '127.0.0.1',
    port: 0,
    ffmpegPath: 'ffmpeg',
    cameras: simulatedCameras(maxCameras, {
      mode: 'loop',
      width: 1920,
      height: 1080,
      bitrateKbps: BITRATE_KBPS,
      sub: false,
    }),
  });
  const simStarted = Date.now();
  cleanups.push({ name: 'simulator', run: () => sim.stop() });
  await sim.start();
  log(
    `simulator: ${maxCameras} loop cameras on rtsp://127.0.0.1:${sim.port}/ (${((Date.now() - simStarted) / 1000).toFixed(1)} s, clip cached)`,
  );

  const runs: RunResult[] = [];
  for (const size of SIZES) {
    log(`--- run with ${size} cameras ---`);
    runs.push(await runSize(size, sim, sim.cameraIds()));
  }
  await runCleanups();
  report(runs, { before: loadBefore, after: loadavg() });
}

try {
  await main();
  process.exitCode = 0;
} catch (error) {
  const message = (error as Error).message;
  console.error(`bench:ingest failed: ${message}`);
  await runCleanups();
  // The last line stays one JSON object, even on failure.
  console.log(JSON.stringify({ bench: 'ingest', error: message.split('\n')[0], target_cameras: TARGET_CAMERAS }));
  process.exitCode = 1;
} finally {
  await runCleanups();
  clearTimeout(hardLimit);
}
// Lingering keep-alive sockets of fetch must not hold the process open.
process.exit(process.exitCode ?? 0);
