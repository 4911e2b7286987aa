// "Test stream" runs bounded in number: each is an ffprobe process, and a two-core hub also serves live video.
import { VigilError } from '../shared/errors.js';

/** Wraps a probe so that at most `max` run at once; one more is refused at once, never queued behind a slow camera. */
export function boundedStreamTests<A, R>(probe: (options: A) => Promise<R>, max = 3): (options: A) => Promise<R> {
  let running = 0;
  return async (options) => {
    if (running >= max) {
      throw new VigilError('VIGIL_CONFLICT', 'Other stream tests are running; try again in a few seconds', {
        details: { reason: 'busy' },
      });
    }
    running++;
    try {
      return await probe(options);
    } finally {
      running--;
    }
  };
}
