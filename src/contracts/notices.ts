// Wire types of rectification notices (整改通知): issue, answer, re-inspection and closing (the state machine itself
// is in notice-machine.ts, which the console bundles without zod).
import { z } from 'zod';
import { NOTICE_ACTIONS, NOTICE_STATES } from './notice-machine.js';

export * from './notice-machine.js';

export const NoticeState = z.enum(NOTICE_STATES);
export type NoticeState = z.infer<typeof NoticeState>;

/** Evidence attached to a notice: an evidence snapshot, a recorded interval of a camera, or a patrol checklist item. */
export const NoticeEvidenceInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('snapshot'), snapshotId: z.string().min(1).max(64) }),
  z
    .strictObject({
      kind: z.literal('interval'),
      cameraId: z.string().min(1).max(64),
      fromMs: z.number().int().nonnegative(),
      toMs: z.number().int().nonnegative(),
    })
    .refine((interval) => interval.toMs > interval.fromMs, { message: 'toMs must be after fromMs', path: ['toMs'] }),
  z.strictObject({
    kind: z.literal('patrol_item'),
    recordId: z.string().min(1).max(64),
    itemKey: z.string().min(1).max(100),
    text: z.string().trim().max(500).default(''),
  }),
]);
export type NoticeEvidenceInput = z.input<typeof NoticeEvidenceInput>;

/** A piece of evidence as a notice shows it (a snapshot with its hash and frame time, when it is known). */
export const NoticeEvidence = z.object({
  kind: z.enum(['snapshot', 'interval', 'patrol_item']),
  snapshotId: z.string().nullable(),
  sha256: z.string().nullable(),
  frameAt: z.string().nullable(),
  url: z.string().nullable(),
  cameraId: z.string().nullable(),
  cameraName: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  recordId: z.string().nullable(),
  itemKey: z.string().nullable(),
  text: z.string().nullable(),
});
export type NoticeEvidence = z.infer<typeof NoticeEvidence>;

const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** POST /api/notices: an inspector issues a notice to an enterprise in scope. */
export const NoticeIssueInput = z.strictObject({
  enterpriseId: z.string().min(1),
  finding: Text(2000),
  rule: Text(500),
  /** The deadline, in ms since the epoch (the console sends the end of the chosen day). */
  deadline: z.number().int().positive(),
  evidence: z.array(NoticeEvidenceInput).max(20).default([]),
  internalNote: z.string().trim().max(2000).optional(),
});
export type NoticeIssueInput = z.input<typeof NoticeIssueInput>;

export const NoticeReinspectInput = z.strictObject({
  verdict: z.enum(['rectified', 'not_rectified']),
  note: Text(2000),
  /** A new evidence snapshot of the look, if one was taken. */
  snapshotId: z.string().min(1).max(64).optional(),
});
export type NoticeReinspectInput = z.infer<typeof NoticeReinspectInput>;

export const NoticeCloseInput = z.strictObject({ note: z.string().trim().max(2000).optional() });
export const NoticeReissueInput = z.strictObject({
  deadline: z.number().int().positive(),
  finding: Text(2000).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type NoticeReissueInput = z.infer<typeof NoticeReissueInput>;
export const NoticeEscalateInput = z.strictObject({ note: Text(2000) });

/** One step of a notice's history: who moved it from which state to which, when, and what they said. */
export const NoticeStep = z.object({
  id: z.number(),
  action: z.string(),
  from: NoticeState.nullable(),
  to: NoticeState,
  by: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
  verdict: z.string().nullable(),
});
export type NoticeStep = z.infer<typeof NoticeStep>;

export const NoticePhoto = z.object({
  id: z.string(),
  stepId: z.number(),
  mime: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  url: z.string(),
});
export type NoticePhoto = z.infer<typeof NoticePhoto>;

/** A notice as the list shows it. */
export const NoticeSummaryItem = z.object({
  id: z.string(),
  number: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  orgUnitId: z.string(),
  finding: z.string(),
  deadline: z.string(),
  state: NoticeState,
  overdue: z.boolean(),
  issuedAt: z.string(),
});
export type NoticeSummaryItem = z.infer<typeof NoticeSummaryItem>;

/** A notice in full; `internalNote` only for the agency's staff (never in an enterprise's answer). */
export const NoticeView = NoticeSummaryItem.extend({
  rule: z.string(),
  branchName: z.string(),
  issuedBy: z.string().nullable(),
  readAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  parentId: z.string().nullable(),
  childId: z.string().nullable(),
  internalNote: z.string().nullable().optional(),
  evidence: z.array(NoticeEvidence),
  steps: z.array(NoticeStep),
  photos: z.array(NoticePhoto),
  /** The steps the caller may take now. */
  actions: z.array(z.enum(NOTICE_ACTIONS)),
  pdfUrl: z.string(),
});
export type NoticeView = z.infer<typeof NoticeView>;

export const NoticeListQuery = z.strictObject({
  state: NoticeState.optional(),
  enterpriseId: z.string().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const NoticeList = z.object({ notices: z.array(NoticeSummaryItem), total: z.number() });
export type NoticeList = z.infer<typeof NoticeList>;

/** The console's badge: notices still open, and how many of them are past their deadline, in the caller's scope. */
export const NoticeCounts = z.object({ open: z.number(), overdue: z.number() });
export type NoticeCounts = z.infer<typeof NoticeCounts>;

/** Pushed to the rooms that may see a notice when it changes: enough to refresh a list and the badge. */
export interface NoticeChangedMessage {
  id: string;
  state: NoticeState;
  overdue: boolean;
}
