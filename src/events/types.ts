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

export interface PushEvent extends EventBase {
  type: 'push.started' | 'push.ended' | 'push.refused';
  /** Never the stream key: the peer address and, for refusals, why. */
  data: { address: string; reason?: string };
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

export interface RecordingExportEvent extends EventBase {
  type: 'recording.export.started' | 'recording.export.completed' | 'recording.export.failed';
  cameraId: string;
  data: { exportId: string; fromMs: number; toMs: number; file: string; bytes?: number; sha256?: string };
}

export interface AuditEvent extends EventBase {
  type: `audit.${string}`;
  data?: Record<string, unknown>;
}

export type DomainEvent =
  CameraStatusEvent | HubEvent | StorageEvent | PushEvent | RecordingsDeletedEvent | RecordingExportEvent | AuditEvent;

/** A domain event as stored in the event log. */
export type LoggedEvent = DomainEvent & { id: number; at: number };
