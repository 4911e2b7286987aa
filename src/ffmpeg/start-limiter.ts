// Global start limiter: at most K ffmpeg starts per second, first come first served, with jitter between grants.
import { systemClock, type ClockPort, type TimerHandle } from './process.js';

export interface StartLimiterOptions {
  /** Starts per second; each ffmpeg start costs ~0.2 CPU-s, so 200 cameras at once would saturate two cores. */
  readonly perSecond?: number;
  /** Extra random delay per grant, as a fraction of the spacing (0.5 = up to half a slot). */
  readonly jitter?: number;
  readonly clock?: ClockPort;
  readonly random?: () => number;
}

export interface StartTicket {
  /** Leaves the queue if not granted yet; harmless afterwards. */
  cancel(): void;
}

interface Waiter {
  readonly grant: () => void;
  cancelled: boolean;
}

export class StartLimiter {
  private readonly spacingMs: number;
  private readonly jitter: number;
  private readonly clock: ClockPort;
  private readonly random: () => number;
  private readonly queue: Waiter[] = [];
  private nextSlotAt = 0;
  private timer: TimerHandle | undefined;

  constructor(options: StartLimiterOptions = {}) {
    const perSecond = options.perSecond ?? 4;
    if (!(perSecond > 0)) throw new Error('StartLimiter needs perSecond > 0');
    this.spacingMs = 1000 / perSecond;
    this.jitter = options.jitter ?? 0.5;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /** Starts waiting for a slot. */
  get pending(): number {
    return this.queue.filter((waiter) => !waiter.cancelled).length;
  }

  /** Queues `grant`; it runs when a slot is free (synchronously, if one is free now). */
  request(grant: () => void): StartTicket {
    const waiter: Waiter = { grant, cancelled: false };
    this.queue.push(waiter);
    this.pump();
    return {
      cancel: () => {
        waiter.cancelled = true;
      },
    };
  }

  /** Drops every waiter and the timer (hub shutdown). */
  clear(): void {
    for (const waiter of this.queue) waiter.cancelled = true;
    this.queue.length = 0;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    if (this.timer !== undefined) return;
    while (this.queue.length > 0 && this.queue[0]?.cancelled) this.queue.shift();
    const head = this.queue[0];
    if (!head) return;
    const now = this.clock.now();
    if (now >= this.nextSlotAt) {
      this.queue.shift();
      this.nextSlotAt = now + this.spacingMs + this.spacingMs * this.jitter * this.random();
      try {
        head.grant();
      } finally {
        this.pump();
      }
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, this.nextSlotAt - now);
  }
}
