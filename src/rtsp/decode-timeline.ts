// Decode times for pictures that RTP carries in decode order with presentation times (B-frames). With a reorder depth
// of N, every picture's decode time is the (k−N)-th smallest presentation time seen so far: known on arrival, strictly
// increasing, never after the picture's own presentation time. The first N + 1 pictures wait until two decode times
// are known; the first N get decode times that many frame intervals before the first presentation time.
import type { AccessUnit } from './access-units.js';

export interface TimedUnit {
  readonly unit: AccessUnit;
  readonly decodeTime: number;
  /** Presentation minus decode time: the trun's composition offset. */
  readonly compositionOffset: number;
}

export class ReorderError extends Error {}

/** Presentation times went back by more than any reordering could explain: the camera restarted its clock. */
export class TimeJumpError extends Error {}

/** Farther back than this (1 s at 90 kHz) is a clock jump, not B-frames. */
const MAX_REORDER_TICKS = 90_000;

export class DecodeTimeline {
  /** Presentation times not yet used as a decode time, ascending; at most depth + 1 of them. */
  private readonly window: number[] = [];
  private readonly startup: AccessUnit[] = [];
  private lastDecodeTime = -Infinity;

  constructor(readonly depth: number) {}

  /** The pictures whose decode time is now known, in decode order. Throws ReorderError when the stream breaks the depth. */
  push(unit: AccessUnit): TimedUnit[] {
    const time = unit.time;
    if (this.depth === 0) {
      if (time <= this.lastDecodeTime) throw this.outOfOrder(time);
      this.lastDecodeTime = time;
      return [{ unit, decodeTime: time, compositionOffset: 0 }];
    }
    if (this.window.includes(time)) throw new ReorderError(`two pictures with presentation time ${time}`);
    insertSorted(this.window, time);
    const out: TimedUnit[] = [];
    if (this.lastDecodeTime === -Infinity) {
      // Held until two real decode times are known: their difference is the frame interval for the first ones.
      this.startup.push(unit);
      if (this.window.length <= this.depth + 1) return out;
      const first = this.window[0] ?? time;
      const interval = (this.window[1] ?? first) - first || 3000;
      this.startup.forEach((held, i) => {
        this.take(held, i < this.depth ? first - (this.depth - i) * interval : this.next(held), out);
      });
      this.startup.length = 0;
      return out;
    }
    this.take(unit, this.next(unit), out);
    return out;
  }

  private next(unit: AccessUnit): number {
    return this.window.shift() ?? unit.time;
  }

  private take(unit: AccessUnit, decodeTime: number, out: TimedUnit[]): void {
    if (decodeTime <= this.lastDecodeTime || decodeTime > unit.time) throw this.outOfOrder(unit.time);
    this.lastDecodeTime = decodeTime;
    out.push({ unit, decodeTime, compositionOffset: unit.time - decodeTime });
  }

  private outOfOrder(time: number): ReorderError | TimeJumpError {
    if (this.lastDecodeTime - time > MAX_REORDER_TICKS) {
      return new TimeJumpError(`RTP time went back ${((this.lastDecodeTime - time) / 90_000).toFixed(1)} s`);
    }
    return new ReorderError(
      `pictures reordered deeper than the stream's declared depth ${this.depth} (presentation time ${time})`,
    );
  }
}

function insertSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] ?? 0) > value) i--;
  list.splice(i, 0, value);
}
