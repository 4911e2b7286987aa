// Side-effect ports (spawn, clock) and the real spawn: ffmpeg tied to the hub's life with setpriv --pdeathsig.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The part of a child's stdout/stderr the supervisor uses. */
export interface ChildOutput {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of ChildProcess the supervisor uses; a test passes a small fake. */
export interface ChildProcessLike {
  readonly pid?: number | undefined;
  readonly stdout: ChildOutput | null;
  readonly stderr: ChildOutput | null;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
}

export type SpawnPort = (command: string, args: readonly string[]) => ChildProcessLike;

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

let setprivChecked = false;
let setprivPath: string | undefined;

/**
 * util-linux's setpriv, when it exists and knows --pdeathsig (2.33+); checked once per process. With it the
 * kernel kills ffmpeg when the hub dies, even by SIGKILL, when no exit handler can run.
 */
export function findSetpriv(): string | undefined {
  if (setprivChecked) return setprivPath;
  setprivChecked = true;
  if (process.platform !== 'linux') return undefined;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin', '/bin']) {
    const candidate = join(dir, 'setpriv');
    try {
      accessSync(candidate, constants.X_OK);
      execFileSync(candidate, ['--pdeathsig', 'SIGKILL', '--', 'true'], { stdio: 'ignore', timeout: 5_000 });
      setprivPath = candidate;
      return setprivPath;
    } catch {
      // Missing here, or too old for --pdeathsig: try the next directory.
      continue;
    }
  }
  return undefined;
}

/** The command line that runs `command args` so that it dies with this process. */
export function deathBoundCommand(
  command: string,
  args: readonly string[],
  setpriv: string | undefined = findSetpriv(),
): { command: string; args: string[] } {
  if (!setpriv) return { command, args: [...args] };
  // setpriv execs ffmpeg in place: the pid Node sees is ffmpeg's own.
  return { command: setpriv, args: ['--pdeathsig', 'SIGKILL', '--', command, ...args] };
}

/**
 * The real spawn. stdin is closed (ffmpeg runs with -nostdin); stdout stays a pipe, so even without setpriv
 * ffmpeg dies of EPIPE on its next write once the hub is gone.
 */
export const systemSpawn: SpawnPort = (command, args) => {
  const line = deathBoundCommand(command, args);
  return spawn(line.command, line.args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
};
