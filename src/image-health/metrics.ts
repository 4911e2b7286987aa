// What a still says about the camera's picture: brightness, contrast, sharpness, detail, and how far it moved.
import sharp from 'sharp';

/** Width the still is reduced to before it is measured (height follows the picture's aspect). */
export const ANALYSIS_WIDTH = 256;
/** Width of the thumbnail a picture is compared with its reference on. */
export const COMPARE_WIDTH = 64;

/** A picture's figures; luminance on 0–255, taken between the text bands (see `osdBand`). */
export interface PictureMetrics {
  /** Mean luminance. */
  mean: number;
  /** Standard deviation of luminance. */
  stdev: number;
  /** Luminance between the 10th and the 90th percentile: contrast that a little text or a moving spot cannot fake. */
  spread: number;
  /** Variance of the Laplacian (4-neighbour): falls when the picture is out of focus. */
  sharpness: number;
  /** Share of pixels on an edge (gradient at least EDGE_STEP): falls when something covers the lens. */
  detail: number;
}

/** A grayscale picture, row by row. */
export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A luminance step this large between neighbours (either side) counts as an edge. */
const EDGE_STEP = 24;

/** The still as grayscale `width` wide (its aspect kept). */
export async function grayOf(jpeg: Buffer, width: number): Promise<Gray> {
  const { data, info } = await sharp(jpeg)
    .greyscale()
    .resize({ width, kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Greyscale JPEGs decode to one channel; others may keep more (take the first).
  const channels = info.channels;
  const pixels = new Uint8Array(info.width * info.height);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = data[i * channels] ?? 0;
  return { width: info.width, height: info.height, data: pixels };
}

/** Rows measured: the band of `osdBand` of the height at the top and at the bottom is left out (name and clock). */
export function measuredRows(height: number, osdBand: number): { from: number; to: number } {
  const band = Math.floor(height * Math.min(0.4, Math.max(0, osdBand)));
  return { from: Math.max(1, band), to: Math.min(height - 1, height - band) };
}

/** The figures of a grayscale picture, between its text bands. */
export function measureGray(gray: Gray, osdBand: number): PictureMetrics {
  const { width: w, data } = gray;
  const { from, to } = measuredRows(gray.height, osdBand);
  const histogram = new Array<number>(256).fill(0);
  let sum = 0;
  let squares = 0;
  let lapSum = 0;
  let lapSquares = 0;
  let edges = 0;
  let count = 0;
  let inner = 0;
  for (let y = from; y < to; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const i = y * w + x;
      const value = data[i] ?? 0;
      histogram[value] = (histogram[value] ?? 0) + 1;
      sum += value;
      squares += value * value;
      count += 1;
      if (x === 0 || x === w - 1) continue;
      const left = data[i - 1] ?? 0;
      const right = data[i + 1] ?? 0;
      const up = data[i - w] ?? 0;
      const down = data[i + w] ?? 0;
      const laplacian = left + right + up + down - 4 * value;
      lapSum += laplacian;
      lapSquares += laplacian * laplacian;
      if (Math.max(Math.abs(right - left), Math.abs(down - up)) >= EDGE_STEP) edges += 1;
      inner += 1;
    }
  }
  const mean = count ? sum / count : 0;
  const lapMean = inner ? lapSum / inner : 0;
  return {
    mean,
    stdev: count ? Math.sqrt(Math.max(0, squares / count - mean * mean)) : 0,
    spread: percentile(histogram, count, 0.9) - percentile(histogram, count, 0.1),
    sharpness: inner ? lapSquares / inner - lapMean * lapMean : 0,
    detail: inner ? edges / inner : 0,
  };
}

function percentile(histogram: readonly number[], count: number, share: number): number {
  const target = count * share;
  let seen = 0;
  for (let value = 0; value < histogram.length; value += 1) {
    seen += histogram[value] ?? 0;
    if (seen >= target) return value;
  }
  return 255;
}

/**
 * How alike two thumbnails of the same camera are, 0 (unrelated) to 1 (the same view): the correlation of their
 * luminance between the text bands, each first normalised to its own mean and spread (so a change of light alone
 * does not count). Things that move through the view and the burned-in clock move it only a little.
 */
export function similarity(a: Gray, b: Gray, osdBand: number): number {
  if (a.width !== b.width || a.height !== b.height) return 0;
  const { from, to } = measuredRows(a.height, osdBand);
  const start = from * a.width;
  const end = to * a.width;
  const stats = (data: Uint8Array): { mean: number; sd: number } => {
    let sum = 0;
    let squares = 0;
    for (let i = start; i < end; i += 1) {
      const value = data[i] ?? 0;
      sum += value;
      squares += value * value;
    }
    const n = end - start;
    const mean = sum / n;
    return { mean, sd: Math.sqrt(Math.max(0, squares / n - mean * mean)) };
  };
  const sa = stats(a.data);
  const sb = stats(b.data);
  // A flat picture has no shape to compare: not alike (the black or covered verdict says why).
  if (sa.sd < 1 || sb.sd < 1) return 0;
  let product = 0;
  for (let i = start; i < end; i += 1) product += ((a.data[i] ?? 0) - sa.mean) * ((b.data[i] ?? 0) - sb.mean);
  return Math.max(0, product / ((end - start) * sa.sd * sb.sd));
}
