// A set of processes for N cameras, warmed up, then their CPU over windows: bench:rtsp's sides, bench:ingest's reference.
import { median, readRssMb, readStat, ProcessSetWindow, type ProcStat } from './bench-proc.js';
import { log, type BenchLifecycle } from './bench-lifecycle.js';

export interface PhaseOptions {
  readonly name: string;
  readonly cameras: number;
  readonly windowSeconds: number;
  readonly samples: number;
  readonly settleSeconds: number;
  readonly clkTck: number;
}

export interface PhaseResult {
  readonly name: string;
  /** Median over the windows: CPU % of one core per camera. */
  readonly cpuPctPerCamera: number;
  readonly windows: number[];
  /** Resident memory of the processes, MiB per camera. */
  readonly rssMbPerCamera: number;
}

/** Samples the CPU of `pids` over `samples` windows after the settle time; every wait goes through the lifecycle. */
export async function measurePhase(
  life: BenchLifecycle,
  pids: readonly number[],
  options: PhaseOptions,
): Promise<PhaseResult> {
  log(`${options.name}: settling ${options.settleSeconds} s`);
  await life.sleep(options.settleSeconds * 1000);
  const windows: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    const window = new ProcessSetWindow(stats(pids));
    const started = process.hrtime.bigint();
    await life.sleep(options.windowSeconds * 1000);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { ticks, vanished } = window.finish(stats(pids));
    if (vanished > 0) throw new Error(`${options.name}: ${vanished} process(es) exited during the window`);
    const pct = ((ticks / options.clkTck / seconds) * 100) / options.cameras;
    windows.push(pct);
    log(`${options.name}: window ${i + 1}: ${pct.toFixed(3)} % of a core per camera`);
  }
  const rss = pids.reduce((sum, pid) => sum + (readRssMb(pid) ?? 0), 0);
  return {
    name: options.name,
    cpuPctPerCamera: median(windows),
    windows,
    rssMbPerCamera: rss / options.cameras,
  };
}

function stats(pids: readonly number[]): ProcStat[] {
  return pids.map((pid) => readStat(pid)).filter((stat): stat is ProcStat => stat !== undefined);
}
