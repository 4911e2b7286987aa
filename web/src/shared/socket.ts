// The typed socket.io connection to the hub: camera status, health and events, with reconnect after auth errors.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../src/contracts/index.js';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** socket.io does not retry by itself after the server's middleware refuses a connection. */
const RETRY_AFTER_REFUSAL_MS = 5_000;

export interface RealtimeConnection {
  readonly socket: HubSocket;
  /** Calls `listener` with true/false whenever the connection comes up or goes down. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  /** Tells the hub which cameras are on screen (so it may prioritise them). */
  watch(cameraIds: string[]): void;
  close(): void;
}

export function connectRealtime(): RealtimeConnection {
  const socket: HubSocket = io({ path: '/socket.io', withCredentials: true });
  const listeners = new Set<(connected: boolean) => void>();
  let watched: string[] = [];
  let retry: ReturnType<typeof setTimeout> | undefined;
  const notify = (connected: boolean): void => {
    for (const listener of listeners) listener(connected);
  };

  socket.on('connect', () => {
    notify(true);
    if (watched.length > 0) socket.emit('cameras:watch', watched);
  });
  socket.on('disconnect', () => notify(false));
  socket.on('connect_error', (error) => {
    notify(false);
    // `active` is false when the middleware refused us: retry ourselves (the session may come back).
    if (!socket.active) {
      console.warn('realtime connection refused:', error.message);
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), RETRY_AFTER_REFUSAL_MS);
    }
  });

  return {
    socket,
    onConnectionChange(listener) {
      listeners.add(listener);
      listener(socket.connected);
      return () => listeners.delete(listener);
    },
    watch(cameraIds) {
      watched = cameraIds;
      if (socket.connected) socket.emit('cameras:watch', cameraIds);
    },
    close() {
      clearTimeout(retry);
      listeners.clear();
      socket.disconnect();
    },
  };
}
