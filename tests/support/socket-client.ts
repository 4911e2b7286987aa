// A logged-in socket.io client of a test hub that records every event and camera status message it receives.
import { io, type Socket } from 'socket.io-client';
import type {
  CameraStatusMessage,
  ClientToServerEvents,
  EventMessage,
  ServerToClientEvents,
} from '../../src/contracts/index.js';

export interface RecordingSocket {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  events: EventMessage[];
  statuses: CameraStatusMessage[];
  close(): void;
}

/** Connects with the session cookie and resolves once the hub has accepted the socket. */
export async function connectRecordingSocket(base: string, cookie: string): Promise<RecordingSocket> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(base, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
  });
  const events: EventMessage[] = [];
  const statuses: CameraStatusMessage[] = [];
  socket.on('event', (message) => events.push(message));
  socket.on('camera:status', (message) => statuses.push(message));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return { socket, events, statuses, close: () => socket.disconnect() };
}
