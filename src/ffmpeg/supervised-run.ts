// One supervised run as its supervisor tracks it: the process, when it started and came online, why it is killed.
import type { ChildProcessLike, TimerHandle } from './process.js';
import type { FailureReason } from './failure.js';

/**
 * What the supervisor needs of one run: a spawned ffmpeg, or an in-process engine shaped the same way (no pid, its
 * own log lines on `stderr`, 'close' when it has ended).
 */
export interface RunProcess extends ChildProcessLike {
  /** What runs, for log lines; 'ffmpeg' when absent. */
  readonly engineLabel?: string;
  /** An in-process run knows why it ended; an ffmpeg's reason is read from its stderr. */
  readonly endReason?: FailureReason | undefined;
  /** The run ended only to hand the stream to another engine: the next run starts at once and nothing is reported. */
  readonly handover?: boolean;
}

export interface Run {
  readonly id: number;
  readonly child: RunProcess;
  readonly startedAt: number;
  /** stderr line count when the run started: its own lines are the ones after. */
  readonly stderrStart: number;
  onlineAt: number | undefined;
  /** Set when the supervisor kills the run to restart it (stall, bad output): the reason to report. */
  killReason: FailureReason | undefined;
  /** Killed by stop(): nothing to report. */
  stopping: boolean;
  ended: boolean;
  killTimer: TimerHandle | undefined;
  lastStderrLogAt: number;
  /** Ends this start's time in flight at the start limiter: at its first data, or when it ends. */
  readonly releaseStart: () => void;
  readonly exited: Promise<void>;
  readonly resolveExited: () => void;
}

/** A run that has just been spawned: not online, not ending, with a promise that settles when it has exited. */
export function newRun(start: {
  id: number;
  child: RunProcess;
  startedAt: number;
  stderrStart: number;
  releaseStart: () => void;
}): Run {
  let resolveExited: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => {
    resolveExited = resolve;
  });
  return {
    ...start,
    onlineAt: undefined,
    killReason: undefined,
    stopping: false,
    ended: false,
    killTimer: undefined,
    lastStderrLogAt: start.startedAt,
    exited,
    resolveExited,
  };
}
