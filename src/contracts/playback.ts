// Wire types of playback: recorded ranges, the playback settings, export and retrieval jobs.
import { z } from 'zod';

/** A span of wall-clock time, in ISO 8601 and epoch milliseconds. */
export const TimeSpanView = z.object({ start: z.string(), end: z.string(), startMs: z.number(), endMs: z.number() });
export type TimeSpanView = z.infer<typeof TimeSpanView>;

/** `GET /playback/<camera>/ranges?from&to`: recorded runs and the gaps between them, clipped to [from, to]. */
export const PlaybackRangesView = z.object({
  cameraId: z.string(),
  from: z.string(),
  to: z.string(),
  recorded: z.array(TimeSpanView),
  gaps: z.array(TimeSpanView),
  /** A camera of a branch hub, at the center: what is already in the center's storage, and what is being fetched. */
  retrieved: z.array(TimeSpanView).optional(),
  retrieving: z.array(TimeSpanView).optional(),
  /** The branch could not be asked: `recorded` is only what the center retrieved. */
  branchUnreachable: z.boolean().optional(),
});
export type PlaybackRangesView = z.infer<typeof PlaybackRangesView>;

/** `GET /playback/config`. */
export const PlaybackConfigView = z.object({
  /** A `reason` must accompany each playlist request and export. */
  requireReason: z.boolean(),
  limits: z.object({
    rangesMs: z.number(),
    playlistMs: z.number(),
    exportMs: z.number(),
    retrievalMs: z.number(),
  }),
  /** At a center: the cap of a retrieval of branch footage, kbit/s. */
  retrievalKbps: z.number().optional(),
});
export type PlaybackConfigView = z.infer<typeof PlaybackConfigView>;

export const ExportStateView = z.enum(['running', 'done', 'failed']);
export type ExportStateView = z.infer<typeof ExportStateView>;

/** An export as `POST /playback/<camera>/exports` and `GET /playback/exports/<id>` return it. */
export const ExportJobView = z.object({
  id: z.string(),
  cameraId: z.string(),
  from: z.string(),
  to: z.string(),
  state: ExportStateView,
  /** `running` but waiting for a free export slot (the hub runs a few export ffmpegs at once). */
  queued: z.boolean(),
  /** 0..1 */
  progress: z.number(),
  fileName: z.string(),
  bytes: z.number().nullable(),
  sha256: z.string().nullable(),
  error: z.string().nullable(),
  statusUrl: z.string(),
  downloadUrl: z.string(),
  manifestUrl: z.string(),
});
export type ExportJobView = z.infer<typeof ExportJobView>;

/** A retrieval of a branch camera's footage into the center's storage. */
export const RetrievalJobView = z.object({
  id: z.string(),
  cameraId: z.string(),
  branchId: z.string(),
  from: z.string(),
  to: z.string(),
  /** `waiting`: the link is down; the job resumes where it stopped once it is back. */
  state: z.enum(['queued', 'running', 'waiting', 'done', 'failed', 'canceled']),
  files: z.number(),
  filesDone: z.number(),
  bytes: z.number(),
  bytesDone: z.number(),
  /** Measured over the last seconds while running. */
  rateKbps: z.number(),
  capKbps: z.number(),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RetrievalJobView = z.infer<typeof RetrievalJobView>;
