// Side-effect ports (spawn, clock) and the one real spawn: children tied to the hub's life with setpriv --pdeathsig.
import { execFile, spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The part of a child's stdout/stderr the supervisor uses. */
export interface ChildOutput {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of ChildProcess the hub uses; a test passes a small fake. */
export interface ChildProcessLike {
  readonly pid?: number | undefined;
  /** Present when spawned with `stdin: 'pipe'`. */
  readonly stdin?: Writable | null;
  readonly stdout: ChildOutput | null;
  readonly stderr: ChildOutput | null;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
}

export interface SpawnOptions {
  /** 'pipe' when the caller feeds the child's stdin (a snapshot's keyframe); closed otherwise. */
  readonly stdin?: 'pipe' | 'ignore';
  /**
   * Text written to the child's fd 3, which is then closed: how an input URL with credentials reaches ffmpeg
   * (`-i pipe:3`) without appearing in its argument list, which every local user can read.
   */
  readonly secretInput?: string | undefined;
}

export type SpawnPort = (command: string, args: readonly string[], options?: SpawnOptions) => ChildProcessLike;

export type TimerHandle = ReturnType<typeof setTimeout>;

export interface ClockPort {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: ClockPort = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};

let setprivCheck: Promise<string | undefined> | undefined;
let setprivPath: string | undefined;

async function detectSetpriv(): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin', '/bin']) {
    const candidate = join(dir, 'setpriv');
    try {
      await access(candidate, constants.X_OK);
      await execFileAsync(candidate, ['--pdeathsig', 'SIGKILL', '--', 'true'], { timeout: 5_000 });
      return candidate;
    } catch {
      // Missing here, or too old for --pdeathsig: try the next directory.
      continue;
    }
  }
  return undefined;
}

/**
 * Looks once, asynchronously, for util-linux's setpriv with --pdeathsig (2.33+); the hub awaits this at start, so
 * no request ever waits on it. With it the kernel kills a child when the hub dies, even by SIGKILL.
 */
export function prepareSpawn(): Promise<string | undefined> {
  setprivCheck ??= detectSetpriv().then((path) => {
    setprivPath = path;
    return path;
  });
  return setprivCheck;
}

/** The setpriv found by prepareSpawn (undefined before it finished, or when there is none). */
export function findSetpriv(): string | undefined {
  return setprivPath;
}

/** The command line that runs `command args` so that it dies with this process. */
export function deathBoundCommand(
  command: string,
  args: readonly string[],
  setpriv: string | undefined = findSetpriv(),
): { command: string; args: string[] } {
  if (!setpriv) return { command, args: [...args] };
  // setpriv execs the command in place: the pid Node sees is the command's own. A hub that dies in the
  // microseconds between the fork and setpriv's prctl leaves that one child unbound (setpriv does not re-check).
  return { command: setpriv, args: ['--pdeathsig', 'SIGKILL', '--', command, ...args] };
}

/**
 * The one real spawn, for ingest, probes, snapshots and exports. stdout stays a pipe, so even without setpriv
 * ffmpeg dies of EPIPE on its next write once the hub is gone. Outside the hub (a script that did not await
 * prepareSpawn) the first spawn starts the check and runs without setpriv.
 */
export const systemSpawn: SpawnPort = (command, args, options = {}) => {
  if (!setprivCheck) void prepareSpawn();
  const line = deathBoundCommand(command, args);
  const secret = options.secretInput;
  const child = spawn(line.command, line.args, {
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe', ...(secret !== undefined ? (['pipe'] as const) : [])],
    windowsHide: true,
  });
  const fd3 = child.stdio[3];
  if (secret !== undefined && fd3 && 'write' in fd3) {
    // A child that exits before reading it closes the pipe (EPIPE); its exit and stderr say why.
    fd3.on('error', () => undefined);
    // Far below the pipe buffer: it sits in the kernel until ffmpeg reads it, never on disk.
    fd3.end(secret);
  }
  return child;
};
