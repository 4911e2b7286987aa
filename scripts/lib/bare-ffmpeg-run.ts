// The reference of bench:ingest: N bare `ffmpeg -c copy` remuxes of the same simulator streams, nothing else.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { CameraSimulator } from '../../src/simulator/index.js';
import { log, tryKill, type BenchLifecycle } from './bench-lifecycle.js';
import { median, readPssMb } from './bench-proc.js';
import { measurePhase } from './engine-bench-phase.js';

export interface BareResult {
  processes: number;
  /** % of one core per process, median over the windows. */
  cpuPctPerProcess: number;
  pssMbPerProcess: number;
  /** Processes that wrote less than half the stream's bytes in a window (not ingesting). */
  starved: number;
}

/**
 * What ingest costs with nothing of the hub around it: the same RTSP over TCP, stream copy, the same 200 ms fMP4
 * fragments, written to /dev/null. The hub's figures are compared with this, measured on the same machine in the
 * same run, so a noisy or slower machine moves both.
 */
export function bareArgs(url: string): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-rtsp_transport', 'tcp'],
    ...['-i', url, '-map', '0:v:0', '-c:v', 'copy', '-an', '-f', 'mp4'],
    ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '200000', 'pipe:1'],
  ];
}

/** Runs `count` bare remuxes, settles, measures `samples` windows of `windowSeconds`, then stops them by pid. */
export async function runBareReference(
  life: BenchLifecycle,
  sim: CameraSimulator,
  settings: { count: number; samples: number; windowSeconds: number; bitrateKbps: number; clkTck: number },
): Promise<BareResult> {
  const mark = life.mark();
  const pids: number[] = [];
  const exits: Promise<void>[] = [];
  // One cleanup for the set: SIGTERM to all, one bounded wait, then SIGKILL to any left.
  life.addCleanup('bare ffmpegs', async () => {
    for (const pid of pids) tryKill(pid, 'SIGTERM');
    await Promise.race([Promise.all(exits), delay(3_000)]);
    for (const pid of pids) tryKill(pid, 'SIGKILL');
  });
  for (const id of sim.cameraIds().slice(0, settings.count)) {
    const child = spawn('ffmpeg', bareArgs(sim.url(id, 'main')), { stdio: ['ignore', 'ignore', 'ignore'] });
    if (child.pid === undefined) throw new Error('could not start ffmpeg for the bare reference');
    const exited = once(child, 'exit').then(() => undefined);
    pids.push(child.pid);
    exits.push(exited);
    life.trackPid(child.pid, exited);
    // Started at a pace the simulator and the machine take without a burst of probes.
    await life.sleep(25);
  }
  log(`bare reference: ${pids.length} ffmpeg -c copy remuxes started`);
  const written0 = pids.map(writtenBytes);
  const started = performance.now();
  const phase = await measurePhase(life, pids, {
    name: 'bare reference',
    cameras: pids.length,
    windowSeconds: settings.windowSeconds,
    samples: settings.samples,
    settleSeconds: 10,
    clkTck: settings.clkTck,
  });
  // Each must have written at least half the stream over the phase: a remux that is not ingesting costs nothing.
  const expected = ((settings.bitrateKbps * 1000) / 8) * ((performance.now() - started) / 1000) * 0.5;
  const starved = pids.filter((pid, k) => writtenBytes(pid) - (written0[k] ?? 0) < expected).length;
  const pss = median(pids.map((pid) => readPssMb(pid)?.pss ?? Number.NaN));
  await life.unwindTo(mark);
  return { processes: pids.length, cpuPctPerProcess: phase.cpuPctPerCamera, pssMbPerProcess: pss, starved };
}

/** Bytes the process has passed to write() (its fMP4 output; socket reads are not counted in rchar), 0 when gone. */
function writtenBytes(pid: number): number {
  try {
    return Number(/^wchar:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    // Gone: it read nothing more.
    return 0;
  }
}
