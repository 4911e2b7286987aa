// The token bucket per address with an injected clock: a burst, a steady refill, the wait it announces, bounded memory.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/api/rate-limit.js';

describe('rate limiter', () => {
  it('lets a burst through, then one request per refill interval, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perMinute: 6 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('10.0.0.1').ok)).toEqual([true, true, true, false]);
    expect(limiter.take('10.0.0.1')).toEqual({ ok: false, retryAfterMs: 10_000 });
    // Another address has its own bucket.
    expect(limiter.take('10.0.0.2').ok).toBe(true);
    now = 4_000;
    expect(limiter.take('10.0.0.1')).toEqual({ ok: false, retryAfterMs: 6_000 });
    now = 10_000;
    expect(limiter.take('10.0.0.1').ok).toBe(true);
    expect(limiter.take('10.0.0.1').ok).toBe(false);
    // A long pause fills the bucket up to the burst, not beyond.
    now = 3_600_000;
    expect([1, 2, 3, 4].map(() => limiter.take('10.0.0.1').ok)).toEqual([true, true, true, false]);
  });

  it('keeps at most 10 000 addresses however many call', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 2, perMinute: 60 }, () => now);
    for (let i = 0; i < 20_000; i++) {
      now += 1;
      expect(limiter.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`).ok).toBe(true);
    }
    expect(limiter.size).toBeLessThanOrEqual(10_000);
    // The most recent caller is still remembered: its second and third requests spend its own bucket.
    expect(limiter.take('10.0.78.31').ok).toBe(true);
    expect(limiter.take('10.0.78.31').ok).toBe(false);
  });
});
