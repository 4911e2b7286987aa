// The bench:ingest report: the figures table, linearity, the reference and capacity lines, then one JSON line.
import { readMachineCores, median, round } from './bench-proc.js';
import type { IngestOptions } from './ingest-options.js';
import type { BareResult } from './bare-ffmpeg-run.js';
import type { RunResult } from './ingest-run.js';

/** A Node process that only parses box headers, per stream, % of one core (an earlier reference measurement). */
const NODE_HEADER_READER_PCT = 0.014;
/** Of the cameras the bare remux would allow, the share the hub must reach (recording on). */
export const TARGET_FRACTION_OF_LIMIT = 0.85;
const BUDGET_FRACTION = 0.7;

export interface LoadAverages {
  before: number[];
  after: number[];
}

interface Marginal {
  hub: number;
  ffmpeg: number;
  hubRss: number;
}

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
  /** Hub PSS shared out over the cameras plus the ffmpegs' PSS per camera. */
  pss: number;
} {
  const n = Math.max(1, run.online);
  const procs = Math.max(1, run.ffmpegCount);
  return {
    pss: (run.hubPssMb + run.ffmpegPssMbTotal) / n,
    hub: run.hubPct / n,
    ffmpeg: run.ffmpegPct / procs,
    hubRss: run.hubRssMb / n,
    ffmpegRss: run.ffmpegRssMbTotal / procs,
    ffmpegPss: run.ffmpegPssMbTotal / procs,
    ffmpegPrivate: run.ffmpegPrivateMbTotal / procs,
  };
}

/** Prints the figures of every run, the last (largest) run's verdict and, as the last line, one JSON object. */
export function report(
  runs: RunResult[],
  bare: BareResult,
  load: LoadAverages,
  options: IngestOptions,
  clkTck: number,
): void {
  const main = runs[runs.length - 1]!;
  printHeader(load, options, clkTck);
  printTable(runs);
  printSamples(runs);
  const marginal = runs.length >= 2 ? linearity(runs[0]!, main) : undefined;
  const capacity = printCapacity(main, marginal, bare);
  for (const run of runs) printRunNotes(run);
  console.log(JSON.stringify(summaryJson(runs, marginal, load, capacity, bare, options)));
}

/** The last line when the benchmark fails: still one JSON object. */
export function failureJson(message: string): string {
  return JSON.stringify({ bench: 'ingest', error: message.split('\n')[0] });
}

function printHeader(load: LoadAverages, options: IngestOptions, clkTck: number): void {
  console.log(
    `\n=== bench:ingest — simulated 1080p cameras through the hub, live packaging on, recording ${options.record ? 'on' : 'off'} ===`,
  );
  console.log(
    `machine: ${readMachineCores()} cores, CLK_TCK ${clkTck}; load average before ${load.before.map((v) => v.toFixed(2)).join(' ')}, ` +
      `after ${load.after.map((v) => v.toFixed(2)).join(' ')}`,
  );
  console.log(
    `streams: 1920x1080 25 fps, GOP 1 s, ${options.bitrateKbps} kbit/s target (loop clip), RTSP/TCP on 127.0.0.1; ` +
      `windows: ${options.samples} × ${options.windowSeconds} s after ${options.settleSeconds} s settle; figures are medians; CPU in % of ONE core (machine = 200 %)\n`,
  );
}

function printTable(runs: RunResult[]): void {
  const header = ['', ...runs.map((run) => `${run.cameras} cams`)];
  const row = (label: string, f: (run: RunResult) => string): string[] => [label, ...runs.map(f)];
  console.log(
    table([
      header,
      row('online / ffmpeg processes', (r) => `${r.online} / ${r.ffmpegCount}`),
      row('ingest engines', (r) =>
        Object.entries(r.engines)
          .map(([engine, n]) => `${engine} ${n}`)
          .join(', '),
      ),
      row('seconds to all online', (r) => fmt(r.secondsToOnline, 1)),
      row(
        'measured bitrate kbit/s (min / median)',
        (r) => `${fmt(r.bitrateKbpsMin, 0)} / ${fmt(r.bitrateKbpsMedian, 0)}`,
      ),
      row('measured fps (median)', (r) => fmt(r.fpsMedian, 1)),
      row('hub CPU %', (r) => fmt(r.hubPct, 2)),
      row('  of which kernel (sys) %', (r) => fmt(median(r.samples.map((s) => s.hubSysPct)), 2)),
      row('  of which main thread %', (r) => fmt(median(r.samples.map((s) => s.hubMainPct)), 2)),
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
      row(
        'poller errors / while starting / MB fetched',
        (r) => `${r.poll.errors} / ${r.poll.startupErrors} / ${fmt(r.poll.mediaBytes / 1e6, 1)}`,
      ),
      row('hub warnings logged', (r) => String(r.warnings.count)),
    ]),
  );
}

function printSamples(runs: RunResult[]): void {
  console.log('\nper-sample CPU % (hub / ffmpeg / bench / machine):');
  for (const run of runs) {
    const cells = run.samples.map(
      (s) => `${fmt(s.hubPct, 2)} / ${fmt(s.ffmpegPct, 2)} / ${fmt(s.benchPct, 2)} / ${fmt(s.machineBusyPct, 1)}`,
    );
    console.log(`  ${run.cameras} cams: ${cells.join('   ')}`);
  }
}

/** Marginal cost per added camera between the smaller and the larger run, printed; undefined if none was added. */
function linearity(small: RunResult, main: RunResult): Marginal | undefined {
  const dn = main.online - small.online;
  if (dn <= 0) return undefined;
  const marginal: Marginal = {
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
  return marginal;
}

/** The verdict of the largest run against the bare remux measured in the same run. */
export interface Capacity {
  /** hub + its ffmpegs, per camera, % of one core. */
  perCamera: number;
  fit: number;
  /** 70 % of the cores divided by the bare remux's cost per camera. */
  limit: number;
  fraction: number;
}

/** Prints the comparison with the bare reference and the capacity. */
function printCapacity(main: RunResult, marginal: Marginal | undefined, bare: BareResult): Capacity {
  const per = perCamera(main);
  const budget = BUDGET_FRACTION * budgetCores() * 100;
  const perCameraCost = (main.hubPct + main.ffmpegPct) / Math.max(1, main.online);
  const fit = Math.floor(budget / perCameraCost);
  const limit = Math.floor(budget / bare.cpuPctPerProcess);
  const fraction = fit / limit;
  console.log(
    `
bare reference (same run): ${bare.processes} × ffmpeg -c copy → fMP4 /dev/null = ${fmt(bare.cpuPctPerProcess, 4)} % ` +
      `per camera, PSS ${fmt(bare.pssMbPerProcess, 2)} MB${bare.starved > 0 ? `; WARNING ${bare.starved} wrote too little` : ''}`,
  );
  console.log(
    `hub + ffmpeg per camera ${fmt(perCameraCost, 4)} % = × ${fmt(perCameraCost / bare.cpuPctPerProcess, 2)} the bare remux; ` +
      `hub ${fmt(per.hub, 4)} % (× ${fmt(per.hub / NODE_HEADER_READER_PCT, 1)} a box-header-only reader's ${NODE_HEADER_READER_PCT} %), ` +
      `hub / ffmpeg ${fmt(per.hub / per.ffmpeg, 2)}`,
  );
  console.log(
    `capacity: ${BUDGET_FRACTION * 100} % of ${budgetCores()} cores = ${budget} % / ${fmt(perCameraCost, 4)} % = ${fit} cameras; ` +
      `the bare remux alone: ${limit}; fraction of the limit ${fmt(fraction, 2)} ` +
      `(target ${TARGET_FRACTION_OF_LIMIT}: ${fraction >= TARGET_FRACTION_OF_LIMIT ? 'MET' : 'NOT MET'})` +
      (marginal ? `; from marginal costs: ${Math.floor(budget / (marginal.hub + marginal.ffmpeg))}` : ''),
  );
  return { perCamera: perCameraCost, fit, limit, fraction };
}

function budgetCores(): number {
  const cores = readMachineCores();
  return Number.isFinite(cores) ? cores : 2;
}

/** Warnings and the CPU profile of one run. */
function printRunNotes(run: RunResult): void {
  if (run.online < run.cameras)
    console.log(`WARNING: only ${run.online}/${run.cameras} cameras online in the ${run.cameras}-camera run`);
  if (Number.isFinite(run.bitrateKbpsMin) && run.bitrateKbpsMin < 2000) {
    console.log(
      `WARNING: lowest measured bitrate ${fmt(run.bitrateKbpsMin, 0)} kbit/s is below 2 Mbit/s (raise --bitrate)`,
    );
  }
  if (run.poll.errors + run.poll.startupErrors > 0)
    console.log(
      `poller failures (${run.cameras} cams, ${run.poll.startupErrors} while cameras were starting, ${run.poll.errors} after; ` +
        `last ${run.poll.lastErrors.length}): ${run.poll.lastErrors.join('; ')}`,
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

function summaryJson(
  runs: RunResult[],
  marginal: Marginal | undefined,
  load: LoadAverages,
  capacity: Capacity,
  bare: BareResult,
  options: IngestOptions,
): Record<string, unknown> {
  const main = runs[runs.length - 1]!;
  const per = perCamera(main);
  const online = Math.max(1, main.online);
  return {
    bench: 'ingest',
    recording: options.record,
    engines: main.engines,
    cameras: main.online,
    cameras_requested: main.cameras,
    bitrate_kbps_min: round(main.bitrateKbpsMin, 0),
    cameras_fit_in_70pct: capacity.fit,
    bare_ffmpeg_cpu_pct_per_camera: round(bare.cpuPctPerProcess, 5),
    limit_cameras: capacity.limit,
    fraction_of_limit: round(capacity.fraction, 3),
    hub_cpu_pct: round(main.hubPct, 3),
    hub_cpu_pct_per_camera: round(per.hub, 5),
    hub_main_thread_pct_per_camera: round(median(main.samples.map((s) => s.hubMainPct)) / online, 5),
    ffmpeg_cpu_pct_per_camera: round(main.ffmpegPct / online, 5),
    ffmpeg_processes: main.ffmpegCount,
    hub_to_ffmpeg_cpu: round(per.hub / per.ffmpeg, 3),
    pss_mb_per_camera: round(per.pss, 3),
    bare_ffmpeg_pss_mb: round(bare.pssMbPerProcess, 3),
    hub_rss_mb: round(main.hubRssMb, 1),
    hub_pss_mb: round(main.hubPssMb, 1),
    ffmpeg_pss_mb_per_process: round(per.ffmpegPss, 3),
    playlist_errors: main.poll.errors,
    playlist_refusals_while_starting: main.poll.startupErrors,
    bench_process_cpu_pct: round(main.benchPct, 2),
    ...(marginal
      ? {
          marginal_hub_cpu_pct_per_camera: round(marginal.hub, 5),
          marginal_ffmpeg_cpu_pct_per_camera: round(marginal.ffmpeg, 5),
          sizes: runs.map((run) => run.online),
        }
      : {}),
    load_avg_1m: round(load.before[0] ?? Number.NaN, 2),
  };
}
