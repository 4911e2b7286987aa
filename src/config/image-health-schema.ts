// Configuration of camera image health: when every camera's picture is checked, and the thresholds of each verdict.
import { z } from 'zod';

export const ImageHealthThresholds = z
  .strictObject({
    blackMean: z
      .number()
      .min(0)
      .max(255)
      .default(20)
      .describe('Mean luminance (0–255) below which the picture counts as black.'),
    blankSpread: z
      .number()
      .min(0)
      .max(255)
      .default(8)
      .describe('Luminance spread (10th to 90th percentile) below which the picture is blank: counted as black.'),
    coveredDetail: z
      .number()
      .min(0)
      .max(1)
      .default(0.01)
      .describe('Share of edge pixels below which, with a spread under coveredSpread, the lens counts as covered.'),
    coveredSpread: z
      .number()
      .min(0)
      .max(255)
      .default(80)
      .describe('Luminance spread under which a picture without detail counts as covered (else as blurred).'),
    blurSharpness: z
      .number()
      .min(0)
      .default(40)
      .describe('Variance of the Laplacian (on a 256-pixel-wide grayscale) below which the picture counts as blurred.'),
    shiftSimilarity: z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe('Correlation with the reference picture (0–1) below which the camera counts as re-aimed (shifted).'),
    osdBand: z
      .number()
      .min(0)
      .max(0.4)
      .default(0.12)
      .describe(
        'Share of the height at the top and at the bottom left out of every figure (burned-in name and clock).',
      ),
  })
  .describe('Thresholds of the verdicts, checked in this order: black, covered, blurred, shifted; else ok.');
export type ImageHealthThresholds = z.infer<typeof ImageHealthThresholds>;

export const ImageHealthConfig = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Check every enabled camera’s picture once a day.'),
    dailyAt: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time as HH:MM')
      .default('10:00')
      .describe('Local time (HH:MM) from which the day’s check runs; production lines are working then.'),
    intervalMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .default(10)
      .describe('How often the hub looks whether the day’s check is due (and runs it when it is).'),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(2)
      .default(1)
      .describe(
        'Cameras checked at once (each check decodes one still): 1 or 2, so a large fleet does not load the hub.',
      ),
    historyLimit: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(30)
      .describe('Checks of a camera its image-health answer lists by default.'),
    thresholds: ImageHealthThresholds.prefault({}),
  })
  .describe('Camera image health: black, covered, blurred or re-aimed pictures, found from one still per camera.');
export type ImageHealthConfig = z.infer<typeof ImageHealthConfig>;
