// Typed domain events: what happened, to which camera or unit, said in words a user can act on.
import type { CameraStatus } from '../contracts/index.js';

export type Severity = 'info' | 'warning' | 'error';

interface EventBase {
  severity: Severity;
  /** A sentence a user can act on; never carries credentials. */
  message: string;
  cameraId?: string | null;
  enterpriseId?: string | null;
  orgUnitId?: string | null;
  userId?: string | null;
  ip?: string | null;
}

export interface CameraStatusEvent extends EventBase {
  type: 'camera.online' | 'camera.offline' | 'camera.reconnecting';
  cameraId: string;
  data: { stream: 'main' | 'sub'; status: CameraStatus; reason: string | null; reasonCode: string | null };
}

export interface HubEvent extends EventBase {
  type: 'hub.started' | 'hub.stopped';
  data: { version: string; ffmpeg?: string };
}

export interface StorageEvent extends EventBase {
  type: 'storage.full' | 'storage.error';
  data: { path: string; detail: string };
}

/** What a coalesced summary adds to the data of the first event of its window (see EventCoalescer). */
export interface CoalescedSummary {
  /** Failures counted in the window after the first one, which was published on its own. */
  count: number;
  since: string;
  until: string;
  windowSeconds: number;
  /** Tallies of the values that differed within the window (user names, addresses). */
  facets: Record<string, Record<string, number>>;
}

export interface PushEvent extends EventBase {
  type: 'push.started' | 'push.ended' | 'push.refused';
  /** Never the stream key: the peer address and, for refusals, why; `count` on a coalesced summary. */
  data: { address: string; reason?: string; count?: number; coalesced?: CoalescedSummary };
}

export interface RecordingsDeletedEvent extends EventBase {
  type: 'recording.deleted';
  cameraId: string;
  data: {
    trigger: 'schedule' | 'disk-full' | 'manual';
    files: number;
    bytes: number;
    byReason: { age: number; quota: number; 'free-space': number };
    oldestStartMs: number;
    newestEndMs: number;
  };
}

/** Retention kept locked evidence although a limit stays unmet (see LimitHeld in recording/retention.ts). */
export interface RecordingsLockedOverLimitEvent extends EventBase {
  type: 'recording.locked_over_quota';
  data: {
    trigger: 'schedule' | 'disk-full' | 'manual';
    limit: 'quota' | 'free-space';
    shortBytes: number;
    lockedBytes: number;
    lockedFiles: number;
  };
}

export interface RecordingExportEvent extends EventBase {
  type: 'recording.export.started' | 'recording.export.completed' | 'recording.export.failed';
  cameraId: string;
  data: { exportId: string; fromMs: number; toMs: number; file: string; bytes?: number; sha256?: string };
}

/** Which export limit refused a request; see ExportLimits. */
export type ExportLimitKind = 'user-concurrent' | 'user-daily-count' | 'user-daily-bytes' | 'queue-full' | 'store-full';

export interface ExportRefusedEvent extends EventBase {
  type: 'export.refused';
  cameraId: string;
  data: { limit: ExportLimitKind; used: number; max: number; freesAt: string | null; username?: string | null };
}

export interface ExportsDeletedEvent extends EventBase {
  type: 'export.deleted';
  data: { exports: number; bytes: number; byReason: { age: number; budget: number }; ids: string[] };
}

export interface EventsPrunedEvent extends EventBase {
  type: 'events.pruned';
  data: { events: number; byReason: { age: number; audit: number; budget: number }; dbBytes: number };
}

export interface FederationLinkEvent extends EventBase {
  type: 'federation.link.up' | 'federation.link.down';
  orgUnitId: string;
  data: { branchId: string; lastSeenAt: string | null };
}

export interface FederationLeaseEvent extends EventBase {
  type: 'federation.lease.expired';
  cameraId: string;
  data: { stream: 'main' | 'sub'; leaseId: string; bytes: number };
}

export interface FederationRefusalEvent extends EventBase {
  type: 'federation.admission.refused';
  cameraId: string;
  orgUnitId: string;
  data: { branchId: string; what: 'live main' | 'live sub' | 'playback'; usedKbps: number; budgetKbps: number };
}

export interface FederationRetrievalEvent extends EventBase {
  type: 'federation.retrieval.done' | 'federation.retrieval.failed';
  cameraId: string;
  orgUnitId: string;
  data: { jobId: string; files: number; bytes: number; error: string | null };
}

export interface TranscodeEvent extends EventBase {
  type: 'transcode.started' | 'transcode.stopped' | 'transcode.refused';
  cameraId: string;
  /** Who asked (the first viewer of a transcode, or the refused one); the caps or the limit that applied. */
  data: {
    username: string | null;
    stream?: 'main' | 'sub';
    maxWidth?: number;
    maxHeight?: number;
    maxFps?: number;
    durationMs?: number;
    running?: number;
    limit?: number;
    coalesced?: CoalescedSummary;
  };
}

/** A patrol task past its day and grace, flagged once a day. */
export interface SupervisionEvent extends EventBase {
  type: 'patrol.task.overdue';
  enterpriseId: string;
  data: Record<string, unknown>;
}

/** An open rectification notice past its deadline, flagged once a day. */
export interface NoticeOverdueEvent extends EventBase {
  type: 'notice.overdue';
  orgUnitId: string;
  enterpriseId: string;
  data: { noticeId: string; number: string; deadline: string; days: number };
}

/** An enterprise's cameras stayed under the online threshold for N production days: the hub issued a notice. */
export interface ScoreBelowThresholdEvent extends EventBase {
  type: 'score.below_threshold';
  orgUnitId: string;
  enterpriseId: string;
  data: { noticeId: string; number: string; from: string; through: string; onlineRate: number; days: number };
}

/** A camera's picture checked: black, blurred, covered or re-aimed (warning), or back to ok after one of those (info). */
export interface CameraImageEvent extends EventBase {
  type:
    'camera.image.black' | 'camera.image.blurred' | 'camera.image.covered' | 'camera.image.shifted' | 'camera.image.ok';
  cameraId: string;
  data: { checkId: number; trigger: 'daily' | 'on_demand'; metrics: Record<string, number> };
}

export interface AuditEvent extends EventBase {
  type: `audit.${string}`;
  data?: Record<string, unknown>;
}

export type DomainEvent =
  | CameraStatusEvent
  | HubEvent
  | StorageEvent
  | PushEvent
  | RecordingsDeletedEvent
  | RecordingsLockedOverLimitEvent
  | RecordingExportEvent
  | ExportRefusedEvent
  | ExportsDeletedEvent
  | EventsPrunedEvent
  | FederationLinkEvent
  | FederationLeaseEvent
  | FederationRetrievalEvent
  | FederationRefusalEvent
  | TranscodeEvent
  | SupervisionEvent
  | NoticeOverdueEvent
  | ScoreBelowThresholdEvent
  | CameraImageEvent
  | AuditEvent;

/** A domain event as stored in the event log. */
export type LoggedEvent = DomainEvent & { id: number; at: number };
