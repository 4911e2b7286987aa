// Token buckets per client address for what is reachable without a session: a burst, then a steady rate, then 429.
import type { Request, RequestHandler } from 'express';
import { VigilError } from '../shared/errors.js';

export interface BucketPolicy {
  /** Requests one address may make at once. */
  readonly burst: number;
  /** Tokens added per minute, up to the burst. */
  readonly perMinute: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

/** Many addresses (a scan, spoofed ones) must not grow the table for ever: beyond this, full buckets go first. */
const MAX_ADDRESSES = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly policy: BucketPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for this key, or says how long until one is there. */
  take(key: string): Take {
    const now = this.now();
    const bucket = this.refilled(this.buckets.get(key), now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.remember(key, bucket, now);
      return { ok: true };
    }
    this.remember(key, bucket, now);
    return { ok: false, retryAfterMs: ((1 - bucket.tokens) * 60_000) / this.policy.perMinute };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.policy.burst, at: now };
    const tokens = Math.min(this.policy.burst, bucket.tokens + ((now - bucket.at) * this.policy.perMinute) / 60_000);
    return { tokens, at: now };
  }

  private remember(key: string, bucket: Bucket, now: number): void {
    this.buckets.delete(key); // re-inserted last: the map stays in order of last use
    this.buckets.set(key, bucket);
    if (this.buckets.size <= MAX_ADDRESSES) return;
    for (const [old, value] of this.buckets) {
      if (this.refilled(value, now).tokens >= this.policy.burst) this.buckets.delete(old);
    }
    // Still full of busy addresses: forget the least recently used, down to 90 % so this walk stays rare.
    for (const old of this.buckets.keys()) {
      if (this.buckets.size <= MAX_ADDRESSES * 0.9) break;
      this.buckets.delete(old);
    }
  }
}

/** Express middleware: one token per request from the client address; `skip` lets sessions through. */
export function rateLimit(limiter: RateLimiter, what: string, skip?: (req: Request) => boolean): RequestHandler {
  return (req, _res, next) => {
    if (skip?.(req)) return next();
    const taken = limiter.take(req.ip ?? 'unknown');
    if (taken.ok) return next();
    const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    const { burst, perMinute } = limiter.policy;
    next(
      new VigilError(
        'VIGIL_RATE_LIMITED',
        `Too many ${what} from this address (at most ${burst} at once, then ${perMinute} a minute): try again in ${seconds} s`,
        { details: { limit: what, burst, perMinute, retryAfterSeconds: seconds }, retryAfterSeconds: seconds },
      ),
    );
  };
}
