// Backpressure on an HTTP answer written piece by piece: wait until the client takes more, or is gone.
import { once } from 'node:events';
import type { Response } from 'express';

/** Waits until the client takes more; false when it went away instead. */
export async function drained(res: Response): Promise<boolean> {
  if (res.destroyed) return false;
  const settled = new AbortController();
  const { signal } = settled;
  try {
    // The one that loses the race is aborted below; its rejection is an expected outcome, not an error.
    const drain = once(res, 'drain', { signal }).then(
      () => true,
      () => false,
    );
    const close = once(res, 'close', { signal }).then(
      () => false,
      () => false,
    );
    return (await Promise.race([drain, close])) && !res.destroyed;
  } finally {
    settled.abort();
  }
}
