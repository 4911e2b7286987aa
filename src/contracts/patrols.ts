// Wire types of patrols: plans per branch (frequency by credit grade, spot checks), checklist templates per stage,
// tasks generated from the plans, patrol points, and patrol records with snapshots and verdicts.
import { z } from 'zod';
import { CREDIT_GRADES } from './org-values.js';
import { ProductionStage } from './org.js';

/** How often an enterprise of a grade is patrolled: `count` times every `periodDays` days. */
export const PatrolFrequency = z.strictObject({
  count: z.number().int().min(1).max(31),
  periodDays: z.number().int().min(1).max(365),
});
export type PatrolFrequency = z.infer<typeof PatrolFrequency>;

export const GradeFrequencies = z.strictObject({
  A: PatrolFrequency,
  B: PatrolFrequency,
  C: PatrolFrequency,
  D: PatrolFrequency,
});
export type GradeFrequencies = z.infer<typeof GradeFrequencies>;

/** The usual risk-based defaults: D three times a week, C weekly, B every two weeks, A monthly. */
export const DEFAULT_FREQUENCIES: GradeFrequencies = {
  A: { count: 1, periodDays: 30 },
  B: { count: 1, periodDays: 14 },
  C: { count: 1, periodDays: 7 },
  D: { count: 3, periodDays: 7 },
};
export { CREDIT_GRADES };

export const PatrolPlan = z.object({
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  frequencies: GradeFrequencies,
  /** Random spot checks per 30 days across the branch, on top of the scheduled ones. */
  spotChecksPerMonth: z.number().int(),
  /** Days a task may wait past its planned day before it is overdue. */
  graceDays: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type PatrolPlan = z.infer<typeof PatrolPlan>;

/** POST /api/patrol/plans: sets a branch's plan. */
export const PatrolPlanInput = z.strictObject({
  orgUnitId: z.string().trim().min(1).max(100),
  frequencies: GradeFrequencies,
  spotChecksPerMonth: z.number().int().min(0).max(100).default(0),
  graceDays: z.number().int().min(0).max(30).default(2),
});
export type PatrolPlanInput = z.input<typeof PatrolPlanInput>;

export const ChecklistItem = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{1,40}$/, 'must be 1–40 lowercase letters, digits, dashes or underscores'),
  text: z.string().trim().min(1, 'must not be empty').max(200),
  textEn: z.string().trim().max(200).default(''),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const ChecklistTemplate = z.object({
  stage: ProductionStage,
  items: z.array(ChecklistItem),
  updatedAt: z.string().nullable(),
});
export type ChecklistTemplate = z.infer<typeof ChecklistTemplate>;

/** PUT /api/patrol/templates/:stage. */
export const ChecklistTemplateInput = z.strictObject({
  items: z
    .array(ChecklistItem)
    .min(1, 'must hold at least one item')
    .max(30)
    .refine((items) => new Set(items.map((item) => item.key)).size === items.length, {
      message: 'must not repeat a key',
    }),
});

export const PATROL_TASK_STATES = ['open', 'done', 'canceled'] as const;
export const PatrolTask = z.object({
  id: z.string(),
  orgUnitId: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  kind: z.enum(['scheduled', 'spot']),
  dueAt: z.string(),
  assignedTo: z.string().nullable(),
  assignedToName: z.string().nullable(),
  state: z.enum(PATROL_TASK_STATES),
  overdue: z.boolean(),
  recordId: z.string().nullable(),
  createdAt: z.string(),
});
export type PatrolTask = z.infer<typeof PatrolTask>;

export const PatrolTaskQuery = z.strictObject({
  state: z.enum(PATROL_TASK_STATES).optional(),
  mine: z.enum(['true', 'false']).optional(),
  enterpriseId: z.string().optional(),
});

/** One place a patrol looks at: a camera, or a PTZ preset of a dome camera, covering one stage. */
export const PatrolPoint = z.object({
  cameraId: z.string(),
  cameraName: z.string(),
  stage: ProductionStage,
  presetToken: z.string().nullable(),
  presetName: z.string().nullable(),
  /** The camera's status now: an offline point is recorded as such without anyone doing anything. */
  status: z.string(),
  checklist: z.array(ChecklistItem),
});
export type PatrolPoint = z.infer<typeof PatrolPoint>;

/** PUT /api/patrol/enterprises/:id/points: the enterprise's points, in patrol order (none set: one per camera). */
export const PatrolPointsInput = z.strictObject({
  points: z
    .array(
      z.strictObject({
        cameraId: z.string().min(1).max(100),
        stage: ProductionStage,
        presetToken: z.string().max(64).nullable().default(null),
        presetName: z.string().max(64).nullable().default(null),
      }),
    )
    .max(50),
});

export const VERDICTS = ['pass', 'fail', 'na'] as const;
export const ItemVerdict = z.strictObject({
  key: z.string().min(1).max(40),
  verdict: z.enum(VERDICTS),
  comment: z.string().trim().max(500).default(''),
});

/** POST /api/patrol/records: what the inspector saw at each point. */
export const PatrolRecordInput = z.strictObject({
  enterpriseId: z.string().min(1).max(100),
  taskId: z.string().max(100).nullable().default(null),
  startedAt: z.iso.datetime({ offset: true }),
  points: z
    .array(
      z.strictObject({
        cameraId: z.string().min(1).max(100),
        presetToken: z.string().max(64).nullable().default(null),
        snapshotIds: z.array(z.string().max(100)).max(10).default([]),
        items: z.array(ItemVerdict).max(30).default([]),
      }),
    )
    .min(1, 'must hold at least one point')
    .max(50),
  summary: z.string().trim().max(2000).default(''),
  /** The agency's own note: never shown to the enterprise. */
  internalNote: z.string().trim().max(2000).default(''),
});
export type PatrolRecordInput = z.input<typeof PatrolRecordInput>;

export const RecordedPoint = PatrolPoint.omit({ checklist: true }).extend({
  /** As the hub saw it when the record was submitted (`offline` needs nobody's word). */
  status: z.string(),
  /** Whether the inspector looked at it (a point left out is recorded too, with its status). */
  visited: z.boolean(),
  snapshots: z.array(z.object({ id: z.string(), sha256: z.string(), frameAt: z.string(), url: z.string() })),
  items: z.array(z.object({ key: z.string(), text: z.string(), verdict: z.enum(VERDICTS), comment: z.string() })),
});
export type RecordedPoint = z.infer<typeof RecordedPoint>;

export const PatrolRecord = z.object({
  id: z.string(),
  taskId: z.string().nullable(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  inspector: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** `fail` when any item failed; `incomplete` when a point was offline and nothing failed. */
  result: z.enum(['pass', 'fail', 'incomplete']),
  failedItems: z.number(),
  offlinePoints: z.number(),
  summary: z.string(),
  /** The agency's own note; absent for enterprise accounts. */
  internalNote: z.string().optional(),
  points: z.array(RecordedPoint),
});
export type PatrolRecord = z.infer<typeof PatrolRecord>;
