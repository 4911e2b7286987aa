// Paces a transfer to a bit rate that may change between pieces: each piece waits until the pieces before it have had
// their time at the rate, so no second carries more than the rate and one piece, and idle time is never saved up.
import { setTimeout as sleep } from 'node:timers/promises';

/** While there is no room at all, the rate is looked at again this often. */
const NO_ROOM_RETRY_MS = 250;

export class Pacer {
  private nextAt = 0;

  /** `rateKbps` is asked before every piece: a budget shared with others may grow or shrink meanwhile. */
  constructor(
    private readonly rateKbps: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when `bytes` may be sent; rejects when `signal` aborts. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    let rate = this.rateKbps();
    while (!(rate > 0)) {
      await sleep(NO_ROOM_RETRY_MS, undefined, { signal });
      rate = this.rateKbps();
    }
    const now = this.now();
    const startAt = Math.max(now, this.nextAt);
    if (startAt > now) await sleep(startAt - now, undefined, { signal });
    // kbit/s is bits per millisecond.
    this.nextAt = startAt + (bytes * 8) / rate;
  }
}

/** Bytes per second over the last few seconds, in whole-second buckets. */
export class RateMeter {
  private readonly buckets = new Map<number, number>();

  constructor(
    private readonly windowS = 5,
    private readonly now: () => number = Date.now,
  ) {}

  add(bytes: number): void {
    const second = Math.floor(this.now() / 1000);
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + bytes);
    for (const key of this.buckets.keys()) if (key <= second - this.windowS) this.buckets.delete(key);
  }

  /** kbit/s over the last `windowS` whole seconds (the second under way is not counted: it is not over). */
  kbps(): number {
    const second = Math.floor(this.now() / 1000);
    let bytes = 0;
    for (const [key, value] of this.buckets) if (key < second && key >= second - this.windowS) bytes += value;
    return Math.round((bytes * 8) / this.windowS / 1000);
  }
}
