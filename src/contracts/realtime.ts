// socket.io event maps shared by the hub and the console.
import type { CameraStatus, StreamHealth } from './cameras.js';
import type { EventItem } from './events.js';
import type { NoticeChangedMessage } from './notices.js';
import type { ExportJobView, RetrievalJobView } from './playback.js';
import type { PtzSteeringMessage } from './ptz.js';
import type { Overview } from './reports.js';
import type { DiscoveryJob } from './registration.js';

export interface CameraStatusMessage {
  cameraId: string;
  status: CameraStatus;
  reason: string | null;
  /** The reason as a stable code, when it has one. */
  reasonCode?: string | null;
  at: string;
}

/** A logged event, pushed as it is written (the same shape as `GET /api/events` gives). */
export type EventMessage = EventItem;

/** How an export goes, as it is pushed to its user (its links stay those its creation answered with). */
export type ExportProgress = Pick<ExportJobView, 'id' | 'state' | 'queued' | 'progress' | 'bytes' | 'sha256' | 'error'>;

/** A job of one user moved on: pushed to that user's consoles only, never logged. */
export type JobNotice =
  | { kind: 'export'; userId: string; job: ExportProgress }
  | { kind: 'retrieval'; userId: string; job: RetrievalJobView }
  | { kind: 'discovery'; userId: string; job: DiscoveryJob };

/** Events the hub sends to the console. */
export interface ServerToClientEvents {
  'camera:status': (message: CameraStatusMessage) => void;
  'job:export': (job: ExportProgress) => void;
  'job:retrieval': (job: RetrievalJobView) => void;
  'job:discovery': (job: DiscoveryJob) => void;
  'camera:health': (message: { cameraId: string; main: StreamHealth | null; sub: StreamHealth | null }) => void;
  event: (message: EventMessage) => void;
  /** Someone started, renewed or ended steering a PTZ camera. */
  'ptz:steering': (message: PtzSteeringMessage) => void;
  /** A rectification notice changed (a step, or flagged overdue): to the rooms that may see it. */
  'notice:changed': (message: NoticeChangedMessage) => void;
  /** The overview screen's figures for the socket's scope, pushed after they change (to sockets that watch it). */
  'overview:update': (overview: Overview) => void;
}

/** Events the console sends to the hub. */
export interface ClientToServerEvents {
  'cameras:watch': (cameraIds: string[]) => void;
  /** Start (true) or stop (false) receiving `overview:update`; agency staff only. */
  'overview:watch': (on: boolean) => void;
}
