// socket.io server: authenticates by the session cookie and joins each socket to the room of its scope.
import { Server as EngineServer } from 'engine.io';
import { Server, type Socket } from 'socket.io';
import type {
  CameraStatusMessage,
  ClientToServerEvents,
  EventMessage,
  ServerToClientEvents,
} from '../contracts/index.js';
import { eventItemFromLogged, type LoggedEvent } from '../events/index.js';
import { resolveCaller, sessionTokenOf, type Caller, type CallerDeps } from '../org/index.js';
import type { Logger } from '../shared/logger.js';

interface SocketData {
  caller: Caller;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Center users hear the whole province; a branch user hears only its own unit's room. */
const PROVINCE_ROOM = 'province';
const unitRoom = (orgUnitId: string): string => `unit:${orgUnitId}`;
const roomOf = (caller: Caller): string =>
  caller.scope.kind === 'province' ? PROVINCE_ROOM : unitRoom(caller.scope.orgUnitId);

type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps extends CallerDeps {
  logger: Logger;
}

export class Realtime {
  readonly io: RealtimeServer;

  constructor(private readonly deps: RealtimeDeps) {
    this.io = new Server({ serveClient: false });
    // The engine is bound here, not attached to one server: the plain-HTTP and the HTTP/2 servers both hand it requests.
    this.io.bind(new EngineServer({ pingInterval: 20_000, pingTimeout: 20_000 }));
    this.io.use((socket, next) => {
      const caller = resolveCaller(deps, sessionTokenOf(socket.request.headers.cookie));
      if (!caller) {
        next(new Error('Login required'));
        return;
      }
      socket.data.caller = caller;
      next();
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  private onConnection(socket: HubSocket): void {
    const { caller } = socket.data;
    void socket.join(roomOf(caller));
    this.deps.logger.debug({ user: caller.username }, 'realtime client connected');
  }

  /**
   * Re-checks the sockets of a user whose unit, role, state or sessions changed: a socket whose session is gone is
   * dropped; the others move to the room of the user's scope now.
   */
  refreshUser(userId: string): void {
    for (const socket of this.io.of('/').sockets.values()) {
      if (socket.data.caller.userId !== userId) continue;
      const caller = resolveCaller(this.deps, sessionTokenOf(socket.request.headers.cookie));
      if (!caller) {
        socket.disconnect(true);
        continue;
      }
      const room = roomOf(caller);
      for (const joined of [...socket.rooms]) if (joined !== socket.id && joined !== room) void socket.leave(joined);
      void socket.join(room);
      socket.data.caller = caller;
    }
  }

  /** Sends to the sockets allowed to see things owned by `orgUnitId`: its own room and the province room. */
  private roomsFor(orgUnitId: string | null | undefined) {
    return orgUnitId ? this.io.to([PROVINCE_ROOM, unitRoom(orgUnitId)]) : this.io.to(PROVINCE_ROOM);
  }

  cameraStatus(orgUnitId: string, message: CameraStatusMessage): void {
    this.roomsFor(orgUnitId).emit('camera:status', message);
  }

  event(event: LoggedEvent): void {
    const message: EventMessage = eventItemFromLogged(event);
    this.roomsFor(event.orgUnitId).emit('event', message);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      void this.io.close(() => resolve());
    });
  }
}
