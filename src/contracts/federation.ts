// Wire types between branch hubs and the center hub: the catalog a branch publishes and its heartbeat.
import { z } from 'zod';
import { CameraStatus } from './cameras.js';
import { CreditGrade, ProductionStage } from './org.js';

export const CatalogEnterprise = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(200),
  nameEn: z.string().max(200).nullable(),
  creditGrade: CreditGrade,
});
export type CatalogEnterprise = z.infer<typeof CatalogEnterprise>;

export const CatalogCamera = z.object({
  id: z.string().min(1).max(100),
  enterpriseId: z.string().min(1).max(100),
  name: z.string().max(200),
  nameEn: z.string().max(200).nullable(),
  stage: ProductionStage,
  hasSub: z.boolean(),
  recordMode: z.enum(['continuous', 'off']),
  enabled: z.boolean(),
  status: CameraStatus,
  statusReason: z.string().max(500).nullable(),
  /** Absent from a branch hub of an older version. */
  statusReasonCode: z.string().max(40).nullable().optional(),
});
export type CatalogCamera = z.infer<typeof CatalogCamera>;

/** A branch's whole tree, published on every change; the center keeps the newest per branch. */
export const BranchCatalog = z.object({
  branchId: z.string().min(1).max(40),
  /** Branch clock when built, ms. */
  builtAt: z.number(),
  branch: z.object({ name: z.string().max(200), nameEn: z.string().max(200).nullable() }),
  enterprises: z.array(CatalogEnterprise).max(10_000),
  cameras: z.array(CatalogCamera).max(10_000),
});
export type BranchCatalog = z.infer<typeof BranchCatalog>;

export const BranchHeartbeat = z.object({ branchId: z.string().min(1).max(40), sentAt: z.number() });
export type BranchHeartbeat = z.infer<typeof BranchHeartbeat>;

/** A branch's link as the center sees it. */
export const FederationLinkView = z.object({
  branchId: z.string(),
  name: z.string().nullable(),
  state: z.enum(['up', 'down']),
  /** ISO time of the last heartbeat, null before the first one. */
  lastSeenAt: z.string().nullable(),
  /** Round trip of the last ping, ms; null while down. */
  rttMs: z.number().nullable(),
  cameras: z.number(),
  lineKbps: z.number(),
  /** What live streams may use of the line, what they reserve now, and how many run. */
  budgetKbps: z.number(),
  usedKbps: z.number(),
  streams: z.number(),
  /** What the link carried to the center over the last seconds (live, playback and retrieval), measured. */
  throughputKbps: z.number(),
  /** Retrieval jobs running on the link. */
  retrievals: z.number(),
});
export type FederationLinkView = z.infer<typeof FederationLinkView>;

/** One event of a branch's log as the center receives it: the branch's own ids, mapped at the center. */
export const FederatedEvent = z.object({
  id: z.number().int().positive(),
  at: z.number(),
  type: z.string().min(1).max(100),
  severity: z.enum(['info', 'warning', 'error']),
  cameraId: z.string().max(100).nullable(),
  enterpriseId: z.string().max(100).nullable(),
  orgUnitId: z.string().max(100).nullable(),
  userId: z.string().max(100).nullable(),
  ip: z.string().max(100).nullable(),
  message: z.string().max(2000),
  data: z.string().max(20_000).nullable(),
});
export type FederatedEvent = z.infer<typeof FederatedEvent>;

/** The center's request to a branch for a live stream lease: open, renew or close. */
export const LeaseRequest = z.object({
  op: z.enum(['open', 'renew', 'close']),
  /** The branch's own camera id. */
  cameraId: z.string().min(1).max(100),
  stream: z.enum(['main', 'sub']),
  /** Chosen by the center: the subject token the fragments go to. */
  leaseId: z.string().regex(/^[A-Za-z0-9]{8,40}$/),
  /** The center user whose view opened the lease, for the branch's audit. */
  openedBy: z.string().max(100).optional(),
  /** On renew: the center lost data and needs the init segment and a keyframe again. */
  restart: z.boolean().optional(),
});
export type LeaseRequest = z.infer<typeof LeaseRequest>;

export const LeaseReply = z.union([
  z.object({ ok: z.literal(true), leaseMs: z.number() }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type LeaseReply = z.infer<typeof LeaseReply>;

/** The center asks a branch what it recorded of one of its cameras. */
export const RangesRequest = z.object({
  cameraId: z.string().min(1).max(100),
  fromMs: z.number().int(),
  toMs: z.number().int(),
});
export type RangesRequest = z.infer<typeof RangesRequest>;

const Span = z.object({ startMs: z.number(), endMs: z.number() });

export const RangesReply = z.union([
  z.object({ ok: z.literal(true), recorded: z.array(Span).max(100_000), gaps: z.array(Span).max(100_000) }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type RangesReply = z.infer<typeof RangesReply>;

/** A recording file of a branch camera, as the branch's index lists it (its id is the branch's). */
export const RecordFile = z.object({
  id: z.number().int().positive(),
  startMs: z.number(),
  endMs: z.number(),
  bytes: z.number().int().nonnegative(),
  discontinuity: z.boolean(),
});
export type RecordFile = z.infer<typeof RecordFile>;

/** The center user behind a request for recordings, for the branch's audit. */
export const RemoteViewer = z.object({
  username: z.string().max(100),
  reason: z.string().max(500).nullable(),
  purpose: z.enum(['playback', 'retrieval']),
});
export type RemoteViewer = z.infer<typeof RemoteViewer>;

/** The center asks a branch for the closed recording files of a camera in a range, oldest first, a page at a time. */
export const RecordFilesRequest = z.object({
  cameraId: z.string().min(1).max(100),
  fromMs: z.number().int(),
  toMs: z.number().int(),
  /** Only this file (the center looks one up by its id). */
  fileId: z.number().int().positive().optional(),
  /** The next page: files starting after this time. */
  afterMs: z.number().int().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  /** Present on the first page of a view or a retrieval: the branch audits it. */
  viewer: RemoteViewer.optional(),
});
export type RecordFilesRequest = z.infer<typeof RecordFilesRequest>;

export const RecordFilesReply = z.union([
  z.object({ ok: z.literal(true), files: z.array(RecordFile).max(1000), more: z.boolean() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type RecordFilesReply = z.infer<typeof RecordFilesReply>;

/** Most bytes one read returns (a NATS message stays well under the server's payload limit). */
export const RECORD_READ_MAX = 256 * 1024;

/**
 * The center reads a piece of a branch recording: the whole file, or its init (ftyp+moov) or media (fragments) half,
 * from `offset` within that part. The reply's body is the bytes; its headers give the part's size or an error.
 */
export const RecordReadRequest = z.object({
  cameraId: z.string().min(1).max(100),
  fileId: z.number().int().positive(),
  part: z.enum(['file', 'init', 'media']),
  offset: z.number().int().nonnegative(),
  length: z.number().int().min(1).max(RECORD_READ_MAX),
});
export type RecordReadRequest = z.infer<typeof RecordReadRequest>;

export const RecordHashRequest = z.object({
  cameraId: z.string().min(1).max(100),
  fileId: z.number().int().positive(),
});
export type RecordHashRequest = z.infer<typeof RecordHashRequest>;

export const RecordHashReply = z.union([
  z.object({ ok: z.literal(true), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type RecordHashReply = z.infer<typeof RecordHashReply>;
