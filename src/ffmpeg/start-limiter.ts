// Global start limiter: at most K ffmpeg starts per second and at most N under way at once, in order, watched first.
import { systemClock, type ClockPort, type TimerHandle } from './process.js';

export interface StartLimiterOptions {
  /** Starts per second; each ffmpeg start costs ~0.2 CPU-s, so 200 cameras at once would saturate two cores. */
  readonly perSecond?: number;
  /**
   * Starts under way at once: granted and not yet released (the run has its first data, or ended). A camera that
   * does not answer holds its slot until ffmpeg's timeout; the others queue instead of piling up. Default: no bound.
   */
  readonly maxInFlight?: number;
  /** Extra random delay per grant, as a fraction of the spacing (0.5 = up to half a slot). */
  readonly jitter?: number;
  readonly clock?: ClockPort;
  readonly random?: () => number;
}

export interface StartTicket {
  /** Leaves the queue if not granted yet; harmless afterwards. */
  cancel(): void;
  /** Moves a waiting start to the front (someone is waiting to watch it); harmless once granted. */
  hurry(): void;
}

/** Called when a start is granted; `release` ends its time in flight (idempotent). */
export type StartGrant = (release: () => void) => void;

/** What the limiter has done, for /metrics and tests. */
export interface StartLimiterStats {
  readonly inFlight: number;
  /** The most starts under way at once since the hub started. */
  readonly peakInFlight: number;
  readonly waiting: number;
  readonly granted: number;
}

interface Waiter {
  readonly grant: StartGrant;
  /** Slots this start takes from the pace: 1 for an ffmpeg, less for a start without a process. */
  readonly cost: number;
  cancelled: boolean;
}

export class StartLimiter {
  private readonly spacingMs: number;
  private readonly maxInFlight: number;
  private readonly jitter: number;
  private readonly clock: ClockPort;
  private readonly random: () => number;
  private readonly queue: Waiter[] = [];
  private nextSlotAt = 0;
  private timer: TimerHandle | undefined;
  private inFlight = 0;
  private peakInFlight = 0;
  private granted = 0;

  constructor(options: StartLimiterOptions = {}) {
    const perSecond = options.perSecond ?? 4;
    if (!(perSecond > 0)) throw new Error('StartLimiter needs perSecond > 0');
    this.spacingMs = 1000 / perSecond;
    this.maxInFlight = options.maxInFlight ?? Infinity;
    if (!(this.maxInFlight >= 1)) throw new Error('StartLimiter needs maxInFlight >= 1');
    this.jitter = options.jitter ?? 0.5;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /** Starts waiting for a slot. */
  get pending(): number {
    return this.queue.filter((waiter) => !waiter.cancelled).length;
  }

  get stats(): StartLimiterStats {
    return {
      inFlight: this.inFlight,
      peakInFlight: this.peakInFlight,
      waiting: this.pending,
      granted: this.granted,
    };
  }

  /**
   * Queues `grant`; it runs when a slot is free (synchronously, if one is free now). `cost` scales the pause
   * before the next start: an ffmpeg start is 1, a native RTSP session (no process to spawn) a fraction of it.
   */
  request(grant: StartGrant, cost = 1): StartTicket {
    const waiter: Waiter = { grant, cost, cancelled: false };
    this.queue.push(waiter);
    this.pump();
    return {
      cancel: () => {
        waiter.cancelled = true;
      },
      hurry: () => {
        const index = this.queue.indexOf(waiter);
        if (index <= 0) return;
        this.queue.splice(index, 1);
        this.queue.unshift(waiter);
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
    // A full house waits for a release, which pumps again.
    if (!head || this.inFlight >= this.maxInFlight) return;
    const now = this.clock.now();
    if (now >= this.nextSlotAt) {
      this.queue.shift();
      this.nextSlotAt = now + (this.spacingMs + this.spacingMs * this.jitter * this.random()) * head.cost;
      this.inFlight++;
      this.granted++;
      this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
      try {
        head.grant(this.releaser());
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

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.pump();
    };
  }
}
