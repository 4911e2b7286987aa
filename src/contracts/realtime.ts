// socket.io event maps shared by the hub and the console.
import type { CameraStatus, StreamHealth } from './cameras.js';

export interface CameraStatusMessage {
  cameraId: string;
  status: CameraStatus;
  reason: string | null;
  at: string;
}

export interface EventMessage {
  id: number;
  at: string;
  type: string;
  severity: 'info' | 'warning' | 'error';
  cameraId: string | null;
  enterpriseId: string | null;
  orgUnitId: string | null;
  message: string;
}

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
