// When to retry a failed ffmpeg run and when to call the source offline: backoff, slow codes, restart budget. Pure.
import { Backoff, DEFAULT_BACKOFF_STEPS_MS } from '../shared/backoff.js';
import type { FailureCode } from './failure.js';

export interface SupervisorTiming {
  /** No data for this long on a run that was online → kill and restart it. */
  readonly stallTimeoutMs: number;
  /** A new run may take this long to its first data (connect, DESCRIBE, probe, first GOP). */
  readonly firstDataTimeoutMs: number;
  /** Failing (not online) for this long → offline. */
  readonly offlineAfterMs: number;
  /** A run online this long was healthy: the backoff starts over and its end is not a quick failure. */
  readonly healthyRunMs: number;
  /** This many quick failures within `budgetWindowMs` → wait the longest step and report offline. */
  readonly budgetFailures: number;
  readonly budgetWindowMs: number;
  /** SIGTERM, then SIGKILL after this long. */
  readonly killGraceMs: number;
  readonly backoffStepsMs: readonly number[];
  readonly backoffJitter: number;
}

export const DEFAULT_SUPERVISOR_TIMING: SupervisorTiming = {
  stallTimeoutMs: 6_000,
  firstDataTimeoutMs: 15_000,
  offlineAfterMs: 10_000,
  healthyRunMs: 10_000,
  budgetFailures: 5,
  budgetWindowMs: 60_000,
  killGraceMs: 2_000,
  backoffStepsMs: DEFAULT_BACKOFF_STEPS_MS,
  backoffJitter: 0.2,
};

/**
 * Failures a retry will not fix soon (wrong password, wrong path, wrong codec) wait at least the 10 s step:
 * cameras lock accounts after a few wrong passwords, and hammering them helps nobody.
 */
const SLOW_RETRY_CODES: ReadonlySet<FailureCode> = new Set([
  'auth_failed',
  'not_found',
  'no_video',
  'unsupported_codec',
]);
const SLOW_RETRY_STEP = 3;

export interface RetryDecision {
  /** Pause before the next run. */
  readonly delayMs: number;
  /** Report offline now (failing too long, or the restart budget is spent). */
  readonly offline: boolean;
  /** When the source would turn offline if it stays down (for a timer while it reconnects). */
  readonly offlineAt: number;
}

export class RetryPolicy {
  private readonly timing: SupervisorTiming;
  private readonly random: () => number;
  private readonly backoff: Backoff;
  private quickFailures: number[] = [];
  private failingSince: number | undefined;

  constructor(timing: SupervisorTiming, random: () => number = Math.random) {
    this.timing = timing;
    this.random = random;
    this.backoff = new Backoff({ stepsMs: timing.backoffStepsMs, jitter: timing.backoffJitter, random });
  }

  /** A fresh start (from idle): the source has been "failing" since now until its first data. */
  started(now: number): void {
    this.backoff.reset();
    this.quickFailures = [];
    this.failingSince = now;
  }

  /** Data flows: nothing is failing. */
  online(): void {
    this.failingSince = undefined;
  }

  /** A run ended (or could not start). `onlineAt` is when it got its first data, if it did. */
  failed(now: number, code: FailureCode, onlineAt: number | undefined, offlineAlready: boolean): RetryDecision {
    const healthy = onlineAt !== undefined && now - onlineAt >= this.timing.healthyRunMs;
    if (healthy) this.backoff.reset();
    else this.quickFailures.push(now);
    this.quickFailures = this.quickFailures.filter((at) => now - at < this.timing.budgetWindowMs);
    if (onlineAt !== undefined || this.failingSince === undefined) this.failingSince = now;

    const steps = this.timing.backoffStepsMs;
    let delayMs = this.backoff.next();
    if (SLOW_RETRY_CODES.has(code)) {
      delayMs = Math.max(delayMs, this.jittered(steps[Math.min(SLOW_RETRY_STEP, steps.length - 1)] ?? 0));
    }
    const budgetSpent = this.quickFailures.length >= this.timing.budgetFailures;
    if (budgetSpent) delayMs = Math.max(delayMs, this.jittered(steps[steps.length - 1] ?? 0));
    const offlineAt = this.failingSince + this.timing.offlineAfterMs;
    return { delayMs, offline: budgetSpent || offlineAlready || now >= offlineAt, offlineAt };
  }

  private jittered(base: number): number {
    const spread = base * this.timing.backoffJitter * (this.random() * 2 - 1);
    return Math.max(0, Math.round(base + spread));
  }
}
