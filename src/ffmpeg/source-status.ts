// Status model of a supervised source: idle → starting → online ⇄ reconnecting → offline, with stats and events.
import type { FailureReason } from './failure.js';

export type SourceStatus = 'idle' | 'starting' | 'online' | 'reconnecting' | 'offline';

export interface StatusChange {
  readonly status: SourceStatus;
  readonly previous: SourceStatus;
  /** Why it is not online; null for starting, online and idle. */
  readonly reason: FailureReason | null;
  readonly at: number;
}

export interface SupervisorStats {
  readonly status: SourceStatus;
  readonly reason: FailureReason | null;
  /** Runs started since creation. */
  readonly runs: number;
  /** Runs started because the previous one ended or stalled. */
  readonly restarts: number;
  readonly pid: number | undefined;
  readonly onlineSince: number | undefined;
  readonly uptimeMs: number;
  readonly lastDataAt: number | undefined;
  readonly lastError: FailureReason | null;
  readonly lastErrorAt: number | undefined;
}

export interface SupervisorEvents {
  status: [StatusChange];
}
