// Configuration of supervision scores: the thresholds a camera's online and recorded time are held to, and the
// automatic notice to an enterprise that stays below them.
import { z } from 'zod';

export const ScoresConfig = z
  .strictObject({
    onlineThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.95)
      .describe('Online rate (share of production time a camera is online) below which an enterprise is flagged.'),
    recordedThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.95)
      .describe('Recording completeness (share of production time recorded) below which reports flag it.'),
    daysBelow: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(3)
      .describe('Consecutive production days below the online threshold that issue a "restore the camera" notice.'),
    autoNotice: z.boolean().default(true).describe('Issue the "restore the camera" notice automatically.'),
    noticeDeadlineDays: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(3)
      .describe('Days the enterprise has to restore its cameras after the automatic notice.'),
    backfillDays: z
      .number()
      .int()
      .min(0)
      .max(400)
      .default(31)
      .describe('Days before yesterday scored on the first run, from the status history and recordings there are.'),
  })
  .describe('Supervision scores: online and recorded time against the declared production hours, per camera and day.');
export type ScoresConfig = z.infer<typeof ScoresConfig>;
