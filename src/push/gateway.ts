// RTMP push gateway: node-media-server's RTMP sessions on our own listener; each push is checked against the camera's stream key.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import Context from 'node-media-server/src/core/context.js';
import nmsLogger from 'node-media-server/src/core/logger.js';
import RtmpSession from 'node-media-server/src/session/rtmp_session.js';
import type { CoalesceKeys, DomainEvent, EventBus } from '../events/index.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { hostOf, isLoopback, type ListenHost } from '../shared/net.js';
import { redactUrl } from '../shared/redact.js';
import type { Service } from '../shared/service.js';

/** The RTMP application devices push to: rtmp://hub:port/live/<cameraId>?key=<key>. */
export const PUSH_APP = 'live';

/** What the gateway needs to know of push cameras (the camera store). */
export interface PushCameraLookup {
  get(id: string): { id: string; name: string; sourceKind: 'rtsp' | 'rtmp'; enabled: boolean } | undefined;
  verifyPushKey(id: string, key: string): boolean;
}

export interface PushGatewayOptions {
  /** Read when the gateway starts. */
  host: ListenHost;
  /** 0 picks a free port (tests); read `port` after start. */
  port: number;
  cameras: PushCameraLookup;
  bus: EventBus;
  logger: Logger;
  /** A device started pushing this camera (its ingest can start now). */
  onPublish: (cameraId: string) => void;
  /** It stopped (disconnected, or the camera was removed). */
  onUnpublish: (cameraId: string) => void;
  /** A connection must publish (or, from loopback, play) within this long. Default 10 s. */
  startTimeoutMs?: number;
  /** A connection silent for this long is closed. Default 30 s. */
  idleTimeoutMs?: number;
  /** Connections open at once; beyond, a new one is closed at once. Default 200. */
  maxConnections?: number;
  /** Connections from one address (the hub's own ingest address excepted). Default 4. */
  maxConnectionsPerAddress?: number;
  /** Refusals go here, so that a device retrying in a loop makes one event per window (default: straight to the bus). */
  refusals?: { publish(event: DomainEvent, how: CoalesceKeys): void };
}

/** The address the hub's own ingest plays pushed streams from: one connection per pushing camera, never capped. */
const INGEST_ADDRESSES: ReadonlySet<string> = new Set(['127.0.0.1', '::ffff:127.0.0.1', '::1']);

export class PushGateway implements Service {
  readonly name = 'push';
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly perAddress = new Map<string, number>();
  /** Connections closed at once by the connection caps, since start. */
  refusedConnections = 0;
  /** Camera id → the session pushing it. */
  private readonly publishing = new Map<string, RtmpSession>();
  /** Connections that published or play: the start deadline no longer applies to them. */
  private readonly admitted = new WeakSet<Socket>();
  private readonly onPrePublish = (session: RtmpSession): void => this.checkPublish(session);
  private readonly onPrePlay = (session: RtmpSession): void => this.checkPlay(session);

  constructor(private readonly options: PushGatewayOptions) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async start(): Promise<void> {
    // node-media-server's own logger writes to the console; send its lines through ours instead.
    nmsLogger.log = (message: string, level = 'info') =>
      this.options.logger[level === 'error' || level === 'warn' ? 'warn' : 'debug']({ nms: true }, redactUrl(message));
    Context.eventEmitter.on('prePublish', this.onPrePublish);
    Context.eventEmitter.on('prePlay', this.onPrePlay);
    const server = createServer((socket) => this.accept(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.options.port, hostOf(this.options.host), () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
    } catch (error) {
      // Pushing is for a few field devices: a busy port must not keep the hub and its pulled cameras down.
      this.options.logger.error(
        { host: hostOf(this.options.host), port: this.options.port, error: errorMessage(error) },
        'the RTMP push gateway cannot listen; pushed cameras stay offline (change push.port)',
      );
      return;
    }
    this.server = server;
    server.on('error', (error) => this.options.logger.error({ err: error }, 'RTMP gateway error'));
    this.options.logger.info({ host: hostOf(this.options.host), port: this.port }, 'RTMP push gateway listening');
  }

  async stop(): Promise<void> {
    Context.eventEmitter.removeListener('prePublish', this.onPrePublish);
    Context.eventEmitter.removeListener('prePlay', this.onPrePlay);
    // Forgotten first: the hub is stopping, so the closing pushes are no events and restart no ingest.
    this.publishing.clear();
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Where the hub's ingest pulls a camera from while its device pushes; undefined while nobody pushes. */
  ingestUrl(cameraId: string): string | undefined {
    return this.publishing.has(cameraId) ? `rtmp://127.0.0.1:${this.port}/${PUSH_APP}/${cameraId}` : undefined;
  }

  isPushing(cameraId: string): boolean {
    return this.publishing.has(cameraId);
  }

  /** Ends the push of a camera (deleted, disabled or given a new key). */
  disconnect(cameraId: string): void {
    this.publishing.get(cameraId)?.socket.destroy();
  }

  /** Closes a connection over a cap at once; the refusal is counted and (coalesced) logged. */
  private overCap(socket: Socket): boolean {
    const address = socket.remoteAddress ?? 'unknown';
    const fromAddress = this.perAddress.get(address) ?? 0;
    const total = this.options.maxConnections ?? 200;
    const each = this.options.maxConnectionsPerAddress ?? 4;
    const reason =
      this.sockets.size >= total
        ? `the gateway is at its limit of ${total} connections`
        : !INGEST_ADDRESSES.has(address) && fromAddress >= each
          ? `too many connections from this address (at most ${each})`
          : undefined;
    if (!reason) {
      this.perAddress.set(address, fromAddress + 1);
      return false;
    }
    socket.destroy();
    this.refusedConnections++;
    this.refused(address, reason, null);
    return true;
  }

  private refused(address: string, reason: string, cameraId: string | null): void {
    const event: DomainEvent = {
      type: 'push.refused',
      severity: 'warning',
      message: `RTMP push from ${address} refused: ${reason}`,
      cameraId,
      ip: address,
      data: { address, reason },
    };
    // Identical refusals: the same address for the same reason.
    if (this.options.refusals) this.options.refusals.publish(event, { keys: [`push.refused|${address}|${reason}`] });
    else this.options.bus.publish(event);
  }

  private accept(socket: Socket): void {
    if (this.overCap(socket)) return;
    const address = socket.remoteAddress ?? 'unknown';
    this.sockets.add(socket);
    // A connection that neither publishes nor plays is a scan or a stuck device: it must not hold a socket forever.
    const deadline = setTimeout(() => {
      if (!this.admitted.has(socket)) socket.destroy();
    }, this.options.startTimeoutMs ?? 10_000);
    socket.setTimeout(this.options.idleTimeoutMs ?? 30_000, () => socket.destroy());
    socket.once('close', () => {
      clearTimeout(deadline);
      this.sockets.delete(socket);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
    const session = new RtmpSession(socket);
    session.run();
    // A malformed RTMP command makes node-media-server throw inside the data handler: end that peer, not the hub.
    socket.removeListener('data', session.onData);
    socket.on('data', (chunk: Buffer) => {
      try {
        session.onData(chunk);
      } catch (error) {
        this.options.logger.warn({ address: socket.remoteAddress, error: errorMessage(error) }, 'bad RTMP data');
        socket.destroy();
      }
    });
  }

  private ours(session: RtmpSession): boolean {
    return this.sockets.has(session.socket);
  }

  private checkPublish(session: RtmpSession): void {
    if (!this.ours(session)) return;
    const address = session.socket.remoteAddress ?? 'unknown';
    const cameraId = session.streamName;
    const key = session.streamQuery.key;
    const camera = session.streamApp === PUSH_APP ? this.options.cameras.get(cameraId) : undefined;
    let reason: string | undefined;
    if (!camera || camera.sourceKind !== 'rtmp') reason = 'unknown push camera';
    else if (typeof key !== 'string' || !this.options.cameras.verifyPushKey(cameraId, key)) reason = 'wrong stream key';
    else if (!camera.enabled) reason = 'camera disabled';
    else if (this.publishing.has(cameraId)) reason = 'another device is already pushing this camera';
    if (reason) {
      this.refuse(session);
      this.refused(address, reason, camera ? camera.id : null);
      return;
    }
    this.publishing.set(cameraId, session);
    this.admitted.add(session.socket);
    session.socket.once('close', () => {
      if (this.publishing.get(cameraId) !== session) return;
      this.publishing.delete(cameraId);
      this.announce('push.ended', cameraId, `${camera!.name}: the device stopped pushing`, address);
      this.options.onUnpublish(cameraId);
    });
    this.announce('push.started', cameraId, `${camera!.name}: the device started pushing`, address);
    // After node-media-server has registered the publisher, so the ingest finds the stream.
    setImmediate(() => this.options.onPublish(cameraId));
  }

  private announce(type: 'push.started' | 'push.ended', cameraId: string, message: string, address: string): void {
    this.options.bus.publish({ type, severity: 'info', message, cameraId, ip: address, data: { address } });
  }

  /** Only the hub's own ingest (on loopback) may play pushed streams. */
  private checkPlay(session: RtmpSession): void {
    if (!this.ours(session)) return;
    if (isLoopback(session.socket.remoteAddress)) {
      this.admitted.add(session.socket);
      return;
    }
    this.options.logger.warn({ address: session.socket.remoteAddress }, 'refused an RTMP play from outside');
    this.refuse(session);
  }

  /** Drops the session before node-media-server relays anything of it. */
  private refuse(session: RtmpSession): void {
    session.rtmp.onPacketCallback = () => undefined;
    session.socket.destroy();
  }
}
