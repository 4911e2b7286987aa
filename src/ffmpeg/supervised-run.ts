// One supervised ffmpeg run as its supervisor tracks it: the child, when it started and came online, why it is killed.
import type { ChildProcessLike, TimerHandle } from './process.js';
import type { FailureReason } from './failure.js';

export interface Run {
  readonly id: number;
  readonly child: ChildProcessLike;
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
  child: ChildProcessLike;
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
