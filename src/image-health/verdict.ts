// The verdict on a picture from its figures: black, covered, blurred, shifted or ok, checked in that order.
import type { ImageHealthThresholds } from '../config/index.js';
import type { ImageVerdict } from '../contracts/index.js';
import type { PictureMetrics } from './metrics.js';

/**
 * Black: dark, or one flat tone (a lens cap, a dead sensor, a blank signal). Covered: no edges and little contrast
 * left (a hand, a cloth, a bag over the lens). Blurred: contrast but no sharp edges (out of focus, fogged, smeared).
 * Shifted: the view no longer matches the reference an admin chose (`similarity` undefined: no reference, not judged).
 */
export function judgePicture(
  metrics: PictureMetrics,
  thresholds: ImageHealthThresholds,
  similarity: number | undefined,
): Exclude<ImageVerdict, 'unavailable'> {
  if (metrics.mean < thresholds.blackMean || metrics.spread < thresholds.blankSpread) return 'black';
  if (metrics.detail < thresholds.coveredDetail && metrics.spread < thresholds.coveredSpread) return 'covered';
  if (metrics.sharpness < thresholds.blurSharpness) return 'blurred';
  if (similarity !== undefined && similarity < thresholds.shiftSimilarity) return 'shifted';
  return 'ok';
}
