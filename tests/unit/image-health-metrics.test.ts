// Image-health figures and verdicts on synthetic pictures made with sharp: a scene, and that scene black, blank,
// blurred, covered, re-aimed, relit, or with something moving through it and a changed clock in its text band.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageHealthThresholds } from '../../src/config/index.js';
import {
  ANALYSIS_WIDTH,
  COMPARE_WIDTH,
  grayOf,
  judgePicture,
  measureGray,
  similarity,
} from '../../src/image-health/index.js';

const W = 640;
const H = 360;
const thresholds = ImageHealthThresholds.parse({});

/** Bars of six grey levels, a checkered patch where `patchX` says, a diagonal line, and text-like blocks on top. */
function scene(options: { patchX?: number; clock?: number; gain?: number; offset?: number } = {}): Buffer {
  const { patchX = 380, clock = 0, gain = 1, offset = 0 } = options;
  const pixels = Buffer.alloc(W * H);
  const levels = [60, 200, 120, 30, 170, 90];
  for (let y = 0; y < H; y += 1) {
    for (let x = 0; x < W; x += 1) {
      let value = levels[Math.floor((x * levels.length) / W)] ?? 0;
      if (x >= patchX && x < patchX + 120 && y >= 150 && y < 230) value = (x >> 4) % 2 === (y >> 4) % 2 ? 240 : 10;
      if (Math.abs(y - (60 + x * 0.4)) < 3) value = 250;
      // A clock in the bottom band: its digits (blocks) differ from one second to the next.
      if (y > H - 30 && y < H - 10 && x < 200 && ((x >> 3) + clock) % 3 === 0) value = 255;
      pixels[y * W + x] = Math.max(0, Math.min(255, Math.round(value * gain + offset)));
    }
  }
  return pixels;
}

const jpeg = (pixels: Buffer, width = W, height = H): Promise<Buffer> =>
  sharp(pixels, { raw: { width, height, channels: 1 } })
    .jpeg({ quality: 85 })
    .toBuffer();
const filled = (value: (x: number, y: number) => number): Buffer => {
  const pixels = Buffer.alloc(W * H);
  for (let y = 0; y < H; y += 1) for (let x = 0; x < W; x += 1) pixels[y * W + x] = value(x, y);
  return pixels;
};

async function verdictOf(picture: Buffer, reference?: Buffer) {
  const metrics = measureGray(await grayOf(picture, ANALYSIS_WIDTH), thresholds.osdBand);
  const like = reference
    ? similarity(await grayOf(reference, COMPARE_WIDTH), await grayOf(picture, COMPARE_WIDTH), thresholds.osdBand)
    : undefined;
  return { verdict: judgePicture(metrics, thresholds, like), metrics, like };
}

describe('image-health figures on synthetic pictures', () => {
  it('passes the scene, also with something moved, a new clock and other light, and all match the reference', async () => {
    const reference = await jpeg(scene());
    for (const picture of [
      await jpeg(scene()),
      await jpeg(scene({ patchX: 150, clock: 1 })),
      await jpeg(scene({ clock: 2, gain: 0.8, offset: 20 })),
    ]) {
      const { verdict, metrics, like } = await verdictOf(picture, reference);
      expect(verdict, JSON.stringify({ metrics, like })).toBe('ok');
      expect(like).toBeGreaterThan(0.8);
      expect(metrics.sharpness).toBeGreaterThan(thresholds.blurSharpness * 5);
    }
  });

  it('calls a dark picture black even with white text in its band, and a flat grey one blank (black)', async () => {
    const dark = filled((x, y) => (y < 30 && x < 200 && (x >> 3) % 2 === 0 ? 255 : 4));
    const black = await verdictOf(await jpeg(dark));
    expect(black.verdict).toBe('black');
    expect(black.metrics.mean).toBeLessThan(thresholds.blackMean);
    const grey = await verdictOf(await jpeg(filled(() => 128)));
    expect(grey.verdict).toBe('black');
    expect(grey.metrics.spread).toBeLessThan(thresholds.blankSpread);
  });

  it('calls a smeared scene blurred: its contrast is kept, its edges are gone', async () => {
    const blurred = await sharp(await jpeg(scene()))
      .blur(6)
      .jpeg()
      .toBuffer();
    const { verdict, metrics } = await verdictOf(blurred);
    expect(verdict, JSON.stringify(metrics)).toBe('blurred');
    expect(metrics.spread).toBeGreaterThan(thresholds.coveredSpread);
  });

  it('calls a dim, grainy, nearly even picture covered, not black', async () => {
    let seed = 7;
    const grain = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 9) - 4;
    const cloth = filled((x, y) => 60 + Math.round((x / W) * 30 + (y / H) * 10) + grain());
    const { verdict, metrics } = await verdictOf(await jpeg(cloth));
    expect(verdict, JSON.stringify(metrics)).toBe('covered');
    expect(metrics.mean).toBeGreaterThan(thresholds.blackMean);
  });

  it('calls a re-aimed view shifted against the reference, and judges no re-aim without one', async () => {
    const reference = await jpeg(scene());
    const turned = await sharp(reference)
      .extract({ left: 256, top: 100, width: 384, height: 216 })
      .resize(W, H)
      .jpeg()
      .toBuffer();
    const shifted = await verdictOf(turned, reference);
    expect(shifted.verdict).toBe('shifted');
    expect(shifted.like).toBeLessThan(thresholds.shiftSimilarity);
    expect((await verdictOf(turned)).verdict).toBe('ok');
  });

  it('finds a flat picture unlike any reference, and pictures of other sizes unlike', async () => {
    const flat = await grayOf(await jpeg(filled(() => 90)), COMPARE_WIDTH);
    const picture = await grayOf(await jpeg(scene()), COMPARE_WIDTH);
    expect(similarity(picture, flat, thresholds.osdBand)).toBe(0);
    const square = await grayOf(await jpeg(Buffer.alloc(360 * 360, 80), 360, 360), COMPARE_WIDTH);
    expect(similarity(picture, square, thresholds.osdBand)).toBe(0);
  });

  it('checks black before covered before blurred before shifted', () => {
    const figures = { mean: 100, stdev: 40, spread: 120, sharpness: 500, detail: 0.1 };
    expect(judgePicture({ ...figures, mean: 5, detail: 0, sharpness: 0 }, thresholds, 0)).toBe('black');
    expect(judgePicture({ ...figures, spread: 40, detail: 0, sharpness: 1 }, thresholds, 0)).toBe('covered');
    expect(judgePicture({ ...figures, detail: 0, sharpness: 1 }, thresholds, 0)).toBe('blurred');
    expect(judgePicture(figures, thresholds, 0.2)).toBe('shifted');
    expect(judgePicture(figures, thresholds, 0.9)).toBe('ok');
    expect(judgePicture(figures, { ...thresholds, blurSharpness: 600 }, undefined)).toBe('blurred');
  });
});
