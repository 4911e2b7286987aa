// The simulator's on-demand encoder: a viewer that arrives while an idle stop is under way still gets frames.
import { describe, expect, it } from 'vitest';
import { LiveSource } from '../../src/simulator/media-source.js';
import { silentLogger } from '../../src/shared/index.js';

describe('simulator live source', () => {
  it('restarts the encoder for a viewer that arrives while the idle stop is ending it', async () => {
    const source = new LiveSource({
      ffmpegPath: 'ffmpeg',
      settings: { width: 160, height: 96, fps: 25, gopSeconds: 1, bitrateKbps: 100 },
      logger: silentLogger(),
      idleStopMs: 0,
    });
    try {
      const first = new Promise<void>((resolve) =>
        source.addSink(function once() {
          source.removeSink(once);
          resolve();
        }),
      );
      await first;
      // The idle timer (0 ms) was armed by removeSink: this timeout runs right after it, while ffmpeg is stopping.
      await new Promise((resolve) => setTimeout(resolve, 0));
      let frames = 0;
      const arrived = new Promise<void>((resolve) =>
        source.addSink(() => {
          if (++frames === 25) resolve();
        }),
      );
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${frames} frames within 10 s after the late viewer arrived`)), 10_000),
      );
      await Promise.race([arrived, timeout]);
      expect(frames).toBeGreaterThanOrEqual(25);
    } finally {
      await source.close();
    }
  });
});
