// socket.io event maps shared by the hub and the console.
import type { CameraStatus, StreamHealth } from './cameras.js';
import type { EventItem } from './events.js';

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

/** Events the hub sends to the console. */
export interface ServerToClientEvents {
  'camera:status': (message: CameraStatusMessage) => void;
  'camera:health': (message: { cameraId: string; main: StreamHealth | null; sub: StreamHealth | null }) => void;
  event: (message: EventMessage) => void;
}

/** Events the console sends to the hub. */
export interface ClientToServerEvents {
  'cameras:watch': (cameraIds: string[]) => void;
}
