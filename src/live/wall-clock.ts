// Maps media time to wall-clock time for EXT-X-PROGRAM-DATE-TIME: anchored on the least-delayed arrival seen.

export interface WallClockOptions {
  /** Re-anchor forward when fragments arrive later than the anchored time by more than this. Default 1000 ms. */
  readonly driftToleranceMs?: number;
}

/**
 * A fragment read at `receivedAt` holds samples that end about then, so its first frame was shot no later than
 * `receivedAt - duration`. Every arrival is delayed by something (ffmpeg's probing holds back the first second
 * or so and then releases it in a burst; pipes and the scheduler add jitter), never advanced. So the estimate
 * that arrived with the least delay is the honest one: the anchor follows the running minimum of the
 * per-fragment estimates, which keeps PDT from flattering the latency measured from it. It moves forward only
 * when arrivals fall behind by more than the tolerance (camera clock slower than ours, or a jump in media time).
 */
export class WallClock {
  private readonly tolerance: number;
  private anchorWall = 0;
  private anchorMedia = 0;
  private anchored = false;
  /** Wall time given to the previous fragment: PDT always rises. */
  private lastStart = Number.NEGATIVE_INFINITY;
  private reanchors = 0;

  constructor(options: WallClockOptions = {}) {
    this.tolerance = options.driftToleranceMs ?? 1000;
  }

  /** Times the clock was re-anchored forward (or after a discontinuity) since the first anchor. */
  get reanchorCount(): number {
    return this.reanchors;
  }

  /** Forces the next fragment to anchor afresh (media time discontinuity, new producer run). */
  discontinuity(): void {
    if (this.anchored) this.reanchors++;
    this.anchored = false;
  }

  /** Wall-clock ms of the fragment's first frame. `mediaStart` and `durationSeconds` are in seconds. */
  place(mediaStart: number, durationSeconds: number, receivedAt: number): number {
    const observed = receivedAt - durationSeconds * 1000;
    const predicted = this.anchorWall + (mediaStart - this.anchorMedia) * 1000;
    const behind = this.anchored && observed - predicted > this.tolerance;
    if (!this.anchored || behind || observed < predicted) {
      if (behind) this.reanchors++;
      this.anchored = true;
      this.anchorWall = observed;
      this.anchorMedia = mediaStart;
    }
    const start = Math.max(this.anchorWall + (mediaStart - this.anchorMedia) * 1000, this.lastStart + 1);
    this.lastStart = start;
    return start;
  }
}
