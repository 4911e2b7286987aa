// CPU use of one child process from /proc/<pid>/stat: the share of one core it took since the previous sample.
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc's utime/stime, 100 on every Linux the hub runs on (sysconf(_SC_CLK_TCK)). */
const TICKS_PER_SECOND = 100;

export type ProcReader = (pid: number) => string;

const readProcStat: ProcReader = (pid) => readFileSync(`/proc/${pid}/stat`, 'utf8');

/** utime + stime of a /proc/<pid>/stat line, in ticks; undefined when it cannot be read. */
export function cpuTicks(stat: string): number | undefined {
  // The command name (field 2) may hold spaces and parentheses: the fields are counted after its last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

export class CpuMeter {
  private last: { pid: number; ticks: number; at: number } | undefined;
  private percentValue: number | null = null;

  constructor(
    private readonly read: ProcReader = readProcStat,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a sample of `pid` (a new pid starts over); the percentage needs two samples of the same process. */
  sample(pid: number | undefined): void {
    if (pid === undefined) {
      this.last = undefined;
      this.percentValue = null;
      return;
    }
    let ticks: number | undefined;
    try {
      ticks = cpuTicks(this.read(pid));
    } catch {
      // The process ended between the pid lookup and the read (or /proc is absent): no figure for now.
      ticks = undefined;
    }
    const at = this.now();
    if (ticks === undefined) return;
    const last = this.last;
    if (last && last.pid === pid && at > last.at) {
      const seconds = (at - last.at) / 1000;
      this.percentValue = Math.round(((ticks - last.ticks) / TICKS_PER_SECOND / seconds) * 1000) / 10;
    } else if (!last || last.pid !== pid) {
      this.percentValue = null;
    }
    this.last = { pid, ticks, at };
  }

  /** Percent of one core between the last two samples; null before there are two. */
  get percent(): number | null {
    return this.percentValue;
  }
}
