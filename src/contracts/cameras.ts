// Wire types of cameras as the API returns them: never with credentials.
import { z } from 'zod';
import { INGEST_ENGINES } from './camera-values.js';
import { ProductionStage } from './org.js';

export const CAMERA_STATUSES = ['starting', 'online', 'reconnecting', 'offline', 'idle', 'disabled'] as const;
export const CameraStatus = z.enum(CAMERA_STATUSES);
export type CameraStatus = z.infer<typeof CameraStatus>;

export const StreamName = z.enum(['main', 'sub']);
export type StreamName = z.infer<typeof StreamName>;

export const StreamHealth = z.object({
  codec: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  fps: z.number().nullable(),
  bitrateKbps: z.number().nullable(),
  uptimeSeconds: z.number().nullable(),
  lastDataAt: z.string().nullable(),
  restarts: z.number(),
  /** Which engine pulls the stream (absent where the hub does not ingest it itself, e.g. a branch's camera). */
  engine: z.enum(INGEST_ENGINES).optional(),
});
export type StreamHealth = z.infer<typeof StreamHealth>;

/**
 * A camera's LL-HLS playlists: its streams as they come, and `transcode`, an H.264 version made on demand for a
 * browser that cannot decode the camera's H.265 (null when this hub does not transcode it).
 */
export const LiveUrls = z.object({ main: z.string(), sub: z.string().nullable(), transcode: z.string().nullable() });
export type LiveUrls = z.infer<typeof LiveUrls>;

/** `status.json` of a camera's running H.264 transcode: what it makes from which stream, and what it costs. */
export const TranscodeStatus = z.object({
  stream: z.enum(['main', 'sub']),
  status: CameraStatus,
  codec: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  fps: z.number().nullable(),
  bitrateKbps: z.number().nullable(),
  /** Percent of one core the transcoder's ffmpeg used over the last seconds (null until measured). */
  cpuPercent: z.number().nullable(),
  sourceCodec: z.string().nullable(),
  sourceWidth: z.number().nullable(),
  sourceHeight: z.number().nullable(),
  startedAt: z.string(),
});
export type TranscodeStatus = z.infer<typeof TranscodeStatus>;

export const CameraSummary = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  orgUnitId: z.string(),
  stage: ProductionStage,
  sourceKind: z.enum(['rtsp', 'rtmp']),
  /** Source URL with credentials removed. */
  mainUrl: z.string().nullable(),
  hasSub: z.boolean(),
  enabled: z.boolean(),
  recordMode: z.enum(['continuous', 'off']),
  status: CameraStatus,
  /** Why the camera is not online, in words a user can act on. */
  statusReason: z.string().nullable(),
  /** The reason as a stable code (`auth_failed`, `branch_unreachable`…) the console says in its language. */
  statusReasonCode: z.string().nullable().optional(),
  live: LiveUrls.nullable(),
  health: z.object({ main: StreamHealth.nullable(), sub: StreamHealth.nullable() }).nullable(),
  /** A center's view of a branch hub's camera: which branch, and whether its link is down (the entry is stale). */
  remote: z.object({ branchId: z.string(), stale: z.boolean() }).nullable(),
});
export type CameraSummary = z.infer<typeof CameraSummary>;

export const CameraList = z.object({ cameras: z.array(CameraSummary) });
export type CameraList = z.infer<typeof CameraList>;

/** A camera's status as the hub sees it: why, in words and as a stable code. */
export interface CameraState {
  status: CameraStatus;
  reason: string | null;
  reasonCode?: string | null;
}
