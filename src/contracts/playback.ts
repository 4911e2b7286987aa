// Wire types of playback: recorded ranges, the playback settings, export jobs.

/** A span of wall-clock time, in ISO 8601 and epoch milliseconds. */
export interface TimeSpanView {
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

/** `GET /playback/<camera>/ranges?from&to`: recorded runs and the gaps between them, clipped to [from, to]. */
export interface PlaybackRangesView {
  cameraId: string;
  from: string;
  to: string;
  recorded: TimeSpanView[];
  gaps: TimeSpanView[];
  /** A camera of a branch hub, at the center: what is already in the center's storage, and what is being fetched. */
  retrieved?: TimeSpanView[];
  retrieving?: TimeSpanView[];
  /** The branch could not be asked: `recorded` is only what the center retrieved. */
  branchUnreachable?: boolean;
}

/** `GET /playback/config`. */
export interface PlaybackConfigView {
  /** A `reason` must accompany each playlist request and export. */
  requireReason: boolean;
  limits: { rangesMs: number; playlistMs: number; exportMs: number; retrievalMs: number };
  /** At a center: the cap of a retrieval of branch footage, kbit/s. */
  retrievalKbps?: number;
}

export type ExportStateView = 'running' | 'done' | 'failed';

/** An export as `POST /playback/<camera>/exports` and `GET /playback/exports/<id>` return it. */
export interface ExportJobView {
  id: string;
  cameraId: string;
  from: string;
  to: string;
  state: ExportStateView;
  /** `running` but waiting for a free export slot (the hub runs a few export ffmpegs at once). */
  queued: boolean;
  /** 0..1 */
  progress: number;
  fileName: string;
  bytes: number | null;
  sha256: string | null;
  error: string | null;
  statusUrl: string;
  downloadUrl: string;
  manifestUrl: string;
}
