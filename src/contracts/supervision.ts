// Wire types of supervision: an enterprise's supervision profile (production days and hours, contacts, the stages
// it must have cameras on) and the days it declares it does not produce.
import { z } from 'zod';
import { ProductionStage } from './org.js';

/** ISO weekdays: 1 is Monday, 7 is Sunday. */
export const Weekday = z.number().int().min(1).max(7);
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
export const ClockTime = z.string().regex(CLOCK, 'must be a time of day as HH:MM (24 h)');
export const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const CalendarDay = z
  .string()
  .regex(DAY, 'must be a day as YYYY-MM-DD')
  .refine(
    (day) =>
      !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    {
      message: 'must be a real calendar day',
    },
  );

export const Contact = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(50),
  phone: z.string().trim().max(30).default(''),
  duty: z.string().trim().max(50).default(''),
});
export type Contact = z.infer<typeof Contact>;

/** A stage the enterprise must cover and the cameras that cover it (none: a gap the agency should act on). */
export const StageCoverage = z.object({
  stage: ProductionStage,
  cameras: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const Closure = z.object({
  day: z.string(),
  reason: z.string().nullable(),
  declaredBy: z.string().nullable(),
  declaredAt: z.string(),
});
export type Closure = z.infer<typeof Closure>;

export const EnterpriseProfile = z.object({
  enterpriseId: z.string(),
  productionWeekdays: z.array(Weekday),
  productionStart: ClockTime,
  productionEnd: ClockTime,
  contacts: z.array(Contact),
  requiredStages: z.array(ProductionStage),
  coverage: z.array(StageCoverage),
  /** Whether the enterprise's own accounts may read its recorded footage. */
  recordingsOpen: z.boolean(),
  /** Declared non-production days, from 30 days back on. */
  closures: z.array(Closure),
});
export type EnterpriseProfile = z.infer<typeof EnterpriseProfile>;

/** PUT /api/enterprises/:id/profile: what the agency sets (any field left out stays as it is). */
export const EnterpriseProfileInput = z
  .strictObject({
    productionWeekdays: z
      .array(Weekday)
      .max(7)
      .refine((days) => new Set(days).size === days.length, { message: 'must not repeat a day' }),
    productionStart: ClockTime,
    productionEnd: ClockTime,
    contacts: z.array(Contact).max(10),
    requiredStages: z
      .array(ProductionStage)
      .refine((stages) => new Set(stages).size === stages.length, { message: 'must not repeat a stage' }),
    recordingsOpen: z.boolean(),
  })
  .partial();
export type EnterpriseProfileInput = z.input<typeof EnterpriseProfileInput>;

/** POST /api/enterprises/:id/closures: a day the enterprise does not produce. */
export const ClosureInput = z.strictObject({
  day: CalendarDay,
  reason: z.string().trim().max(200).optional(),
});
export type ClosureInput = z.infer<typeof ClosureInput>;

/** A still taken as evidence: the frame's own time (`frameAt`), when it was taken, by whom, and its SHA-256. */
export const EvidenceSnapshot = z.object({
  id: z.string(),
  cameraId: z.string(),
  enterpriseId: z.string(),
  frameAt: z.string(),
  takenAt: z.string(),
  takenBy: z.string().nullable(),
  sha256: z.string(),
  bytes: z.number(),
  /** The JPEG, for those in scope. */
  url: z.string(),
});
export type EvidenceSnapshot = z.infer<typeof EvidenceSnapshot>;
