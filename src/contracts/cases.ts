// Wire types of evidence cases: what an inspector gathers about one enterprise (clips, snapshots, notices, answer
// photos), the lock that keeps its footage from retention, and its export folder.
import { z } from 'zod';

export const CASE_STATES = ['open', 'locked', 'released', 'closed'] as const;
export const CaseState = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof CaseState>;

export const CASE_ITEM_KINDS = ['clip', 'snapshot', 'notice', 'photo'] as const;
export const CaseItemKind = z.enum(CASE_ITEM_KINDS);
export type CaseItemKind = z.infer<typeof CaseItemKind>;

/** Longest clip a case may name: a day of one camera. */
export const MAX_CASE_CLIP_MS = 86_400_000;

/** POST /api/cases */
export const CaseInput = z.strictObject({
  enterpriseId: z.string().min(1).max(100),
  title: z.string().trim().min(1, 'must not be empty').max(200),
  summary: z.string().trim().max(4000).default(''),
});
export type CaseInput = z.input<typeof CaseInput>;

const Note = z.string().trim().max(1000).default('');
const RefId = z.string().min(1).max(100);

/** POST /api/cases/:id/items: a clip by camera and range (epoch ms), or a snapshot, notice or photo by id. */
export const CaseItemInput = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('clip'),
      cameraId: z.string().min(1).max(100),
      fromMs: z.number().int().nonnegative(),
      toMs: z.number().int().nonnegative(),
      note: Note,
    })
    .refine((clip) => clip.toMs > clip.fromMs, { message: 'must end after it starts', path: ['toMs'] })
    .refine((clip) => clip.toMs - clip.fromMs <= MAX_CASE_CLIP_MS, {
      message: 'must be at most one day long',
      path: ['toMs'],
    }),
  z.strictObject({ kind: z.literal('snapshot'), snapshotId: RefId, note: Note }),
  z.strictObject({ kind: z.literal('notice'), noticeId: RefId, note: Note }),
  z.strictObject({ kind: z.literal('photo'), photoId: RefId, note: Note }),
]);
export type CaseItemInput = z.input<typeof CaseItemInput>;

/** POST /api/cases/:id/release: why the footage may go now (kept in the audit log). */
export const CaseReleaseInput = z.strictObject({
  reason: z.string().trim().min(2, 'must say why the evidence is released').max(500),
});
export type CaseReleaseInput = z.infer<typeof CaseReleaseInput>;

/** One thing a case names, with what the hub knows of it now. */
export const CaseItem = z.object({
  id: z.string(),
  kind: CaseItemKind,
  note: z.string(),
  addedAt: z.string(),
  addedBy: z.string().nullable(),
  /** A clip's camera, a snapshot's camera. */
  cameraId: z.string().nullable(),
  cameraName: z.string().nullable(),
  /** A clip's range (epoch ms). */
  fromMs: z.number().nullable(),
  toMs: z.number().nullable(),
  /** The snapshot's, notice's or photo's id. */
  refId: z.string().nullable(),
  /** A notice's number, a snapshot's frame time: a line to show. */
  label: z.string().nullable(),
  /** A snapshot's or photo's SHA-256 as recorded (a clip's is computed when it is exported). */
  sha256: z.string().nullable(),
  /** A clip's recorded bytes in its range now; a snapshot's or photo's size. */
  bytes: z.number().nullable(),
  /** A clip's recording files in its range now. */
  files: z.number().nullable(),
  /** The thing is gone (no footage left, an unknown id). */
  missing: z.boolean(),
});
export type CaseItem = z.infer<typeof CaseItem>;

export const CaseSummary = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  orgUnitId: z.string(),
  title: z.string(),
  summary: z.string(),
  state: CaseState,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lockedAt: z.string().nullable(),
  lockedBy: z.string().nullable(),
  releasedAt: z.string().nullable(),
  releasedBy: z.string().nullable(),
  releaseReason: z.string().nullable(),
  itemCount: z.number(),
  /** Bytes of recordings the case's lock holds now (0 when not locked). */
  lockedBytes: z.number(),
  lockedFiles: z.number(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseDetail = CaseSummary.extend({ items: z.array(CaseItem) });
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseList = z.object({
  cases: z.array(CaseSummary),
  /** Bytes every lock in the caller's view holds together. */
  lockedBytes: z.number(),
});
export type CaseList = z.infer<typeof CaseList>;

/** An export of a case into one folder: clips, snapshots, photos, report.pdf and manifest.sha256. */
export const CaseExportJob = z.object({
  id: z.string(),
  caseId: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.number(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** The folder's files (relative paths) and their SHA-256, when done. */
  files: z.array(z.object({ path: z.string(), bytes: z.number(), sha256: z.string() })),
  bytes: z.number(),
  error: z.string().nullable(),
  /** The whole folder as one tar file. */
  downloadUrl: z.string(),
});
export type CaseExportJob = z.infer<typeof CaseExportJob>;
