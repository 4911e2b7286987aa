// Wire types of camera image health: a check's verdict and figures, a camera's history, the scope's problem cameras.
import { z } from 'zod';
import { IMAGE_PROBLEMS, IMAGE_VERDICTS } from './image-verdicts.js';

export { IMAGE_PROBLEMS, IMAGE_VERDICTS };
export const ImageVerdict = z.enum(IMAGE_VERDICTS);
export type ImageVerdict = z.infer<typeof ImageVerdict>;
export type ImageProblem = (typeof IMAGE_PROBLEMS)[number];

/** What a check measured (luminance 0–255); absent when there was no picture. */
export const ImageMetrics = z.object({
  mean: z.number().optional(),
  stdev: z.number().optional(),
  spread: z.number().optional(),
  sharpness: z.number().optional(),
  detail: z.number().optional(),
  /** Correlation with the reference picture; absent while the camera has none. */
  similarity: z.number().optional(),
});
export type ImageMetrics = z.infer<typeof ImageMetrics>;

export const ImageCheck = z.object({
  id: z.number(),
  cameraId: z.string(),
  at: z.string(),
  verdict: ImageVerdict,
  trigger: z.enum(['daily', 'on_demand']),
  metrics: ImageMetrics,
});
export type ImageCheck = z.infer<typeof ImageCheck>;

/** The picture a camera's view is compared with: who chose it and when. */
export const ImageReference = z.object({
  cameraId: z.string(),
  takenAt: z.string(),
  takenBy: z.string().nullable(),
  sha256: z.string(),
});
export type ImageReference = z.infer<typeof ImageReference>;

/** `GET /api/cameras/:id/image-health?limit=N`: the latest check, the last N, and the reference. */
export const ImageHealthQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export const CameraImageHealth = z.object({
  cameraId: z.string(),
  latest: ImageCheck.nullable(),
  history: z.array(ImageCheck),
  reference: ImageReference.nullable(),
});
export type CameraImageHealth = z.infer<typeof CameraImageHealth>;

/** `GET /api/image-health?verdict=black,shifted`: the scope's cameras whose latest check is one of these (default: any problem). */
export const ImageProblemsQuery = z.strictObject({
  verdict: z
    .string()
    .max(100)
    .transform((text) => text.split(','))
    .pipe(z.array(ImageVerdict, { error: `expected verdicts among ${IMAGE_VERDICTS.join(', ')}` }).min(1))
    .optional(),
});
export const ImageProblemList = z.object({
  cameras: z.array(ImageCheck.extend({ cameraName: z.string(), enterpriseId: z.string() })),
});
export type ImageProblemList = z.infer<typeof ImageProblemList>;
