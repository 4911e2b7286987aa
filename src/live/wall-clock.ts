// Maps media time to wall-clock time for EXT-X-PROGRAM-DATE-TIME: anchored once, re-anchored only on drift.

export interface WallClockOptions {
  /** Re-anchor when the arrival time and the anchored time disagree by more than this. Default 1000 ms. */
  readonly driftToleranceMs?: number;
}

/**
 * A fragment read at `receivedAt` holds samples that end about then, so its first frame was shot at
 * `receivedAt - duration`. Arrival times jitter with pipe and scheduler timing, so every fragment's own
 * estimate would make PDT wobble; instead the first estimate anchors media time to wall time and later
 * fragments follow the media clock, until the two drift apart (camera clock skew) or the media time jumps.
 */
export class WallClock {
  private readonly tolerance: number;
  private anchorWall = 0;
  private anchorMedia = 0;
  private anchored = false;
  /** Wall time where the previous fragment ended: PDT never goes back past it. */
  private lastEnd = Number.NEGATIVE_INFINITY;
  private reanchors = 0;

  constructor(options: WallClockOptions = {}) {
    this.tolerance = options.driftToleranceMs ?? 1000;
  }

  /** Times the clock was re-anchored after the first anchor. */
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
    let start = this.anchorWall + (mediaStart - this.anchorMedia) * 1000;
    if (!this.anchored || Math.abs(start - observed) > this.tolerance) {
      if (this.anchored) this.reanchors++;
      this.anchored = true;
      this.anchorWall = Math.max(observed, this.lastEnd);
      this.anchorMedia = mediaStart;
      start = this.anchorWall;
    }
    start = Math.max(start, this.lastEnd);
    this.lastEnd = start + durationSeconds * 1000;
    return start;
  }
}
