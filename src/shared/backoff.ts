// Stepped backoff with jitter: 1 s → 2 s → 5 s → 10 s → 30 s, each step ±20 % so many cameras do not retry in step.

export const DEFAULT_BACKOFF_STEPS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];

export interface BackoffOptions {
  stepsMs?: readonly number[];
  /** Fraction of the step added or removed at random (0.2 = ±20 %). */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly stepsMs: readonly number[];
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.stepsMs = options.stepsMs ?? DEFAULT_BACKOFF_STEPS_MS;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
    if (this.stepsMs.length === 0) throw new Error('Backoff needs at least one step');
  }

  /** The pause before the next attempt; each call moves one step further, up to the last step. */
  next(): number {
    const index = Math.min(this.attempt, this.stepsMs.length - 1);
    this.attempt += 1;
    const base = this.stepsMs[index] ?? 0;
    const spread = base * this.jitter * (this.random() * 2 - 1);
    return Math.max(0, Math.round(base + spread));
  }

  /** Back to the first step, after a run that lasted long enough to count as healthy. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
