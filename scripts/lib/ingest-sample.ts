// One measuring window of bench:ingest: CPU of the hub, its ffmpegs, this process and the machine; their memory.
import { loadavg } from 'node:os';
import type { BenchLifecycle } from './bench-lifecycle.js';
import {
  childrenNamed,
  ProcessSetWindow,
  readMachineTicks,
  readMainThreadStat,
  readPssMb,
  readRssMb,
  readStat,
} from './bench-proc.js';

/** CPU figures are % of ONE core (two cores = 200 %); memory in MiB. */
export interface Sample {
  seconds: number;
  hubPct: number;
  /** Kernel-mode share of hubPct. */
  hubSysPct: number;
  /** The hub's main thread (JavaScript and the syscalls it makes); the rest is GC helpers and the libuv pool. */
  hubMainPct: number;
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

/** Reads /proc before and after a wait of `windowSeconds`; memory is read at the end. */
export async function measureSample(
  life: BenchLifecycle,
  hubPid: number,
  windowSeconds: number,
  clkTck: number,
): Promise<Sample> {
  const hub0 = readStat(hubPid);
  const main0 = readMainThreadStat(hubPid);
  const ffmpeg0 = childrenNamed(hubPid, 'ffmpeg');
  const self0 = readStat(process.pid);
  const machine0 = readMachineTicks();
  const t0 = performance.now();
  await life.sleep(windowSeconds * 1000);
  const hub1 = readStat(hubPid);
  const main1 = readMainThreadStat(hubPid);
  const ffmpeg1 = childrenNamed(hubPid, 'ffmpeg');
  const self1 = readStat(process.pid);
  const machine1 = readMachineTicks();
  const seconds = (performance.now() - t0) / 1000;
  if (!hub0 || !hub1 || !main0 || !main1 || !self0 || !self1)
    throw new Error('the hub process went away during sampling');
  const ffmpegMemory = ffmpeg1.map((stat) => readPssMb(stat.pid) ?? { pss: 0, private: 0 });
  const pct = (ticks: number): number => (ticks / clkTck / seconds) * 100;
  const ff = new ProcessSetWindow(ffmpeg0).finish(ffmpeg1);
  const machineTotal = machine1.total - machine0.total;
  // Machine busy as % of ONE core (like the others), so it adds up with them; two cores = 200 %.
  const cores = machineTotal / clkTck / seconds;
  const machineBusyPct = machineTotal > 0 ? ((machine1.busy - machine0.busy) / machineTotal) * cores * 100 : Number.NaN;
  const sample: Sample = {
    seconds,
    hubPct: pct(hub1.ticks - hub0.ticks),
    hubSysPct: pct(hub1.stime - hub0.stime),
    hubMainPct: pct(main1.ticks - main0.ticks),
    ffmpegPct: pct(ff.ticks),
    ffmpegCount: ff.count,
    ffmpegChurn: ff.appeared + ff.vanished,
    benchPct: pct(self1.ticks - self0.ticks),
    machineBusyPct,
    otherPct: 0,
    hubRssMb: readRssMb(hubPid) ?? Number.NaN,
    hubPssMb: readPssMb(hubPid)?.pss ?? Number.NaN,
    ffmpegRssMb: ffmpeg1.reduce((sum, stat) => sum + (readRssMb(stat.pid) ?? 0), 0),
    ffmpegPssMb: ffmpegMemory.reduce((sum, m) => sum + m.pss, 0),
    ffmpegPrivateMb: ffmpegMemory.reduce((sum, m) => sum + m.private, 0),
    load1: loadavg()[0] ?? Number.NaN,
  };
  sample.otherPct = sample.machineBusyPct - sample.hubPct - sample.ffmpegPct - sample.benchPct;
  return sample;
}
