// socket.io server: authenticates by the session cookie, joins each socket to the room of its scope, and drops it when its session ends.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server as EngineServer } from 'engine.io';
import { Server, type Socket } from 'socket.io';
import type {
  CameraState,
  CameraStatusMessage,
  ClientToServerEvents,
  EventMessage,
  JobNotice,
  PtzSteeringMessage,
  NoticeChangedMessage,
  Overview,
  ServerToClientEvents,
} from '../contracts/index.js';
import { eventItemFromLogged, type EventBus, type LoggedEvent } from '../events/index.js';
import { guardCamera, resolveCaller, sessionTokenOf, type Caller, type CallerDeps, type Scope } from '../org/index.js';
import type { Logger } from '../shared/logger.js';
import { OverviewFeed } from './overview-feed.js';

interface SocketData {
  caller: Caller;
  /** The session the socket was opened with; the socket lives no longer than it. */
  token: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Center users hear the whole province; a branch user hears only its own unit's room; an enterprise account only
 * its enterprise's room, which hears the status of its cameras and nothing of the agency's event log.
 */
const PROVINCE_ROOM = 'province';
const unitRoom = (orgUnitId: string): string => `unit:${orgUnitId}`;
const enterpriseRoom = (enterpriseId: string): string => `enterprise:${enterpriseId}`;
/** The room of one user's sockets: the progress of that user's own jobs goes there. */
const userRoom = (userId: string): string => `user:${userId}`;

function roomOf({ scope }: Caller): string {
  if (scope.kind === 'province') return PROVINCE_ROOM;
  return scope.kind === 'branch' ? unitRoom(scope.orgUnitId) : enterpriseRoom(scope.enterpriseId);
}

type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps extends CallerDeps {
  logger: Logger;
  /** Why a handshake must be refused (it comes from another site), or undefined: the API's Origin rule. */
  refuseHandshake?: ((req: IncomingMessage) => string | undefined) | undefined;
  /** Runs first on every engine request (the security headers of the handshake and polling answers). */
  engineMiddleware?: ((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void) | undefined;
  /** How often the sessions of open sockets are checked for expiry, in ms (default 1 s). */
  sessionCheckMs?: number | undefined;
  /** The enterprise a camera belongs to, so its status reaches that enterprise's accounts too. */
  enterpriseOf?: ((cameraId: string) => string | undefined) | undefined;
}

export class Realtime {
  readonly io: RealtimeServer;
  private overview: OverviewFeed | undefined;
  /** One timer for every socket: ended sessions (expired, revoked) drop their sockets within one tick. */
  private readonly sessionTimer: NodeJS.Timeout;

  constructor(private readonly deps: RealtimeDeps) {
    this.io = new Server({ serveClient: false });
    const refuse = deps.refuseHandshake;
    // The engine is bound here, not attached to one server: the plain-HTTP and the HTTP/2 servers both hand it requests.
    const engine = new EngineServer({
      pingInterval: 20_000,
      pingTimeout: 20_000,
      ...(refuse && {
        allowRequest: (req: IncomingMessage, callback: (message: string | null, success: boolean) => void) => {
          const refusal = refuse(req);
          callback(refusal ?? null, refusal === undefined);
        },
      }),
    });
    if (deps.engineMiddleware) engine.use(deps.engineMiddleware);
    this.io.bind(engine);
    this.io.use((socket, next) => {
      const token = sessionTokenOf(socket.request.headers.cookie);
      const caller = resolveCaller(deps, token);
      if (!caller || !token) {
        next(new Error('Login required'));
        return;
      }
      socket.data.caller = caller;
      socket.data.token = token;
      next();
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.sessionTimer = setInterval(() => this.dropEndedSessions(), deps.sessionCheckMs ?? 1000);
    this.sessionTimer.unref();
  }

  private onConnection(socket: HubSocket): void {
    const { caller } = socket.data;
    void socket.join([roomOf(caller), userRoom(caller.userId)]);
    socket.on('overview:watch', (on) => this.watchOverview(socket, on === true));
    this.deps.logger.debug({ user: caller.username }, 'realtime client connected');
  }

  private sockets(): HubSocket[] {
    return [...this.io.of('/').sockets.values()];
  }

  /** Serves the overview screen's figures (from the supervision reports) to the agency's sockets that watch it. */
  serveOverview(figures: (scope: Exclude<Scope, { kind: 'enterprise' }>) => Overview): void {
    const rooms = this.io.of('/').adapter.rooms;
    this.overview = new OverviewFeed(
      figures,
      {
        size: (room) => rooms.get(room)?.size ?? 0,
        send: (room, overview) => this.io.to(room).emit('overview:update', overview),
      },
      this.deps.logger,
    );
  }

  /** A socket starts or stops watching the overview of its scope; enterprise accounts never see it. */
  private watchOverview(socket: HubSocket, on: boolean): void {
    const { scope } = socket.data.caller;
    for (const joined of [...socket.rooms]) if (joined.startsWith('overview:')) void socket.leave(joined);
    if (!on || !this.overview || scope.kind === 'enterprise') return;
    try {
      const { room, overview } = this.overview.watch(scope);
      void socket.join(room);
      socket.emit('overview:update', overview);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'computing the overview failed');
    }
  }

  /** The shared tick: one query for every open socket's session; those that ended are disconnected. */
  private dropEndedSessions(): void {
    const sockets = this.sockets();
    if (sockets.length === 0) return;
    try {
      const live = this.deps.sessions.liveAmong(sockets.map((socket) => socket.data.token));
      for (const socket of sockets) if (!live.has(socket.data.token)) socket.disconnect(true);
    } catch (error) {
      // A failing check (the database closing under the hub's stop) must not end the process; the next tick retries.
      this.deps.logger.warn({ err: error }, 'checking the sessions of open sockets failed');
    }
  }

  /**
   * Re-checks the sockets of a user whose unit, role, state or sessions changed: a socket whose session is gone is
   * dropped at once; the others move to the room of the user's scope now.
   */
  refreshUser(userId: string): void {
    for (const socket of this.sockets()) {
      if (socket.data.caller.userId !== userId) continue;
      const caller = resolveCaller(this.deps, socket.data.token);
      if (!caller) {
        socket.disconnect(true);
        continue;
      }
      const rooms = [roomOf(caller), userRoom(caller.userId)];
      for (const joined of [...socket.rooms])
        if (joined !== socket.id && !rooms.includes(joined)) void socket.leave(joined);
      void socket.join(rooms);
      socket.data.caller = caller;
    }
  }

  /**
   * The rooms that may hear of something owned by `orgUnitId` (and `enterpriseId`, for a camera's status): each room
   * is the audience of one scope, and the camera guard decides for that scope, as it does for its members' requests.
   */
  private audienceOf(orgUnitId: string | null | undefined, enterpriseId?: string) {
    const owner = { orgUnitId: orgUnitId ?? null, enterpriseId };
    const audiences: Array<[string, Scope]> = [[PROVINCE_ROOM, { kind: 'province' }]];
    if (orgUnitId) audiences.push([unitRoom(orgUnitId), { kind: 'branch', orgUnitId }]);
    if (orgUnitId && enterpriseId) {
      const scope: Scope = { kind: 'enterprise', orgUnitId, enterpriseId, recordings: false };
      audiences.push([enterpriseRoom(enterpriseId), scope]);
    }
    const rooms = audiences.filter(([, scope]) => guardCamera({ scope }, owner, 'see').ok).map(([room]) => room);
    // `to([])` would mean every socket: a message nobody may hear is not sent at all.
    return rooms.length > 0 ? this.io.to(rooms) : undefined;
  }

  cameraStatus(orgUnitId: string, message: CameraStatusMessage): void {
    this.audienceOf(orgUnitId, this.deps.enterpriseOf?.(message.cameraId))?.emit('camera:status', message);
  }

  /** Someone started, renewed or ended steering a PTZ camera: its audience sees who (and the pad waits). */
  ptzSteering(orgUnitId: string, message: PtzSteeringMessage): void {
    this.audienceOf(orgUnitId)?.emit('ptz:steering', message);
  }

  /** A rectification notice of the enterprise changed: its branch, the center and the enterprise's accounts hear it. */
  noticeChanged(orgUnitId: string, enterpriseId: string, message: NoticeChangedMessage): void {
    this.audienceOf(orgUnitId, enterpriseId)?.emit('notice:changed', message);
  }

  /** A camera's status changed (this hub's own, or a branch's as the center mirrors it). */
  statusChange(change: CameraState & { cameraId: string; orgUnitId: string; at: number }) {
    const { cameraId, status, reason, reasonCode = null } = change;
    const at = new Date(change.at).toISOString();
    this.cameraStatus(change.orgUnitId, { cameraId, status, reason, reasonCode, at });
    this.overview?.changed();
  }

  /** Follows a bus: its logged events go to the rooms that may hear them, its job notices to their users. */
  follow(bus: Pick<EventBus, 'onLogged' | 'onNotice'>): void {
    bus.onLogged((event) => {
      this.event(event);
      this.overview?.changed();
    });
    bus.onNotice((notice) => this.notice(notice));
  }

  notice(notice: JobNotice): void {
    const room = this.io.to(userRoom(notice.userId));
    if (notice.kind === 'export') room.emit('job:export', notice.job);
    else if (notice.kind === 'retrieval') room.emit('job:retrieval', notice.job);
    else room.emit('job:discovery', notice.job);
  }

  event(event: LoggedEvent): void {
    const message: EventMessage = eventItemFromLogged(event);
    this.audienceOf(event.orgUnitId)?.emit('event', message);
  }

  close(): Promise<void> {
    clearInterval(this.sessionTimer);
    this.overview?.close();
    return new Promise((resolve) => {
      void this.io.close(() => resolve());
    });
  }
}
