// /proc readers for benchmarks: CPU ticks and RSS of one process, its children by name, and the whole machine.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ); 100 on practically every Linux. */
export function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    // No getconf: the Linux default.
    return 100;
  }
}

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** utime + stime, all threads, in clock ticks. */
  ticks: number;
  /** Kernel-mode part of ticks (syscalls: pipe and socket reads and writes...). */
  stime: number;
  /** Process start time in ticks since boot: tells a reused pid from the original. */
  startTime: number;
}

/** /proc/<pid>/stat, or undefined when the process is gone. */
export function readStat(pid: number): ProcStat | undefined {
  return readStatFile(pid, `/proc/${pid}/stat`);
}

/** The main thread alone (/proc/<pid>/task/<pid>/stat): a Node process's JavaScript, apart from GC and I/O threads. */
export function readMainThreadStat(pid: number): ProcStat | undefined {
  return readStatFile(pid, `/proc/${pid}/task/${pid}/stat`);
}

function readStatFile(pid: number, path: string): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // The process exited between listing and reading.
    return undefined;
  }
  // comm is in parentheses and may itself contain spaces or ')': split after the last ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const field = (n: number): number => Number(rest[n - 3]);
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: field(4),
    ticks: field(14) + field(15),
    stime: field(15),
    startTime: field(22),
  };
}

/** Resident set size in MiB (VmRSS), or undefined when the process is gone. */
export function readRssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    // Gone.
    return undefined;
  }
}

/**
 * Proportional and private memory in MiB from /proc/<pid>/smaps_rollup: RSS counts shared pages (libraries,
 * the ffmpeg binary) once per process, PSS splits them between sharers, private is what the process alone adds.
 */
export function readPssMb(pid: number): { pss: number; private: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (name: string): number =>
      Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text)?.[1] ?? Number.NaN);
    return { pss: kb('Pss') / 1024, private: (kb('Private_Clean') + kb('Private_Dirty')) / 1024 };
  } catch {
    // Gone, or a kernel without smaps_rollup.
    return undefined;
  }
}

/** Every live process whose parent is `ppid` and whose comm is `comm` (e.g. the hub's ffmpegs). */
export function childrenNamed(ppid: number, comm: string): ProcStat[] {
  const found: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.ppid === ppid && stat.comm === comm && stat.state !== 'Z') found.push(stat);
  }
  return found;
}

/** The command line of a process (NUL-separated arguments joined by spaces), or '' when gone. */
export function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    // Gone.
    return '';
  }
}

/** Cores the kernel lists in sysfs, or NaN where there is no Linux sysfs. */
export function readMachineCores(): number {
  try {
    return readdirSync('/sys/devices/system/cpu').filter((name) => /^cpu\d+$/.test(name)).length;
  } catch {
    // Not Linux sysfs.
    return Number.NaN;
  }
}

export interface MachineTicks {
  busy: number;
  total: number;
}

/** Aggregate CPU line of /proc/stat: busy (all but idle and iowait) and total ticks over all cores. */
export function readMachineTicks(): MachineTicks {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * A CPU window over a set of processes: ticks at the start per pid, compared at the end. Processes that
 * exit or appear inside the window are counted from what can be seen, and reported separately.
 */
export class ProcessSetWindow {
  private readonly start = new Map<number, ProcStat>();

  constructor(initial: readonly ProcStat[]) {
    for (const stat of initial) this.start.set(stat.pid, stat);
  }

  /** Ticks spent by the set since the start, plus how many processes came and went. */
  finish(current: readonly ProcStat[]): { ticks: number; count: number; appeared: number; vanished: number } {
    let ticks = 0;
    let appeared = 0;
    const seen = new Set<number>();
    for (const stat of current) {
      const before = this.start.get(stat.pid);
      if (before && before.startTime === stat.startTime) {
        ticks += stat.ticks - before.ticks;
        seen.add(stat.pid);
      } else {
        // Started inside the window: all its ticks belong to it.
        ticks += stat.ticks;
        appeared++;
      }
    }
    const vanished = [...this.start.keys()].filter((pid) => !seen.has(pid)).length;
    return { ticks, count: current.length, appeared, vanished };
  }
}

export function median(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The nats-server a hub runs for its data directory (its config lies there). */
export function natsServerPidOf(dataDir: string): number {
  const out = execFileSync('pgrep', ['-f', `${dataDir}/nats/nats.conf`], { encoding: 'utf8' });
  return Number(out.trim().split('\n')[0]);
}
