// RTSP 1.0 server (RFC 2326): connections, method handling, authentication and session bookkeeping.
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from '../shared/index.js';
import { digestChallenge, NonceIssuer, verifyDigest } from './digest-auth.js';
import type { MediaSource } from './media-source.js';
import {
  formatTransport,
  parseTransport,
  RtspMessageReader,
  serializeResponse,
  type RtspRequest,
} from './rtsp-message.js';
import { parseStreamPath } from './stream-path.js';
import { RtspSession, type SessionTransport } from './rtsp-session.js';
import { buildH264Sdp } from './sdp.js';
import { openUdpPair, type UdpPair } from './udp-pair.js';

export interface ResolvedStream {
  source: MediaSource;
  sessionName: string;
  auth?: { username: string; password: string } | undefined;
}

/** What the server asks of the simulator: which stream a path names, and the per-camera test switches. */
export interface StreamResolver {
  /** 'offline' makes the server drop the connection, like a camera that is unreachable. */
  resolve(cameraId: string, stream: string): ResolvedStream | 'offline' | undefined;
  isStopped(cameraId: string): boolean;
}

export interface RtspServerOptions {
  host: string;
  port: number;
  resolver: StreamResolver;
  logger: Logger;
  /** Announced in the Session header; UDP sessions without any sign of life for this long are closed. */
  sessionTimeoutSeconds?: number;
}

const PUBLIC_METHODS = 'OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER';
const REALM = 'VigilSimulator';
const TRACK = 'trackID=0';

interface Connection {
  socket: Socket;
  cameras: Set<string>;
  sessions: Set<RtspSession>;
}

interface Reply {
  status: number;
  headers?: Record<string, string | number>;
  body?: string;
}

export class RtspServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly sessions = new Map<string, RtspSession>();
  private readonly nonces = new NonceIssuer(randomBytes(32));
  private udp: UdpPair | undefined;
  private udpPending: Promise<UdpPair> | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private listeningPort = 0;

  constructor(private readonly options: RtspServerOptions) {
    this.server = createServer((socket) => this.accept(socket));
  }

  get port(): number {
    return this.listeningPort;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listeningPort = (this.server.address() as AddressInfo).port;
    const timeoutMs = this.timeoutSeconds * 1000;
    this.expiryTimer = setInterval(() => {
      const now = Date.now();
      for (const session of this.sessions.values()) {
        if (session.transport.kind === 'udp' && now - session.lastActivityMs > timeoutMs) this.closeSession(session);
      }
    }, 5000);
    this.expiryTimer.unref();
    return this.listeningPort;
  }

  async close(): Promise<void> {
    if (this.expiryTimer) clearInterval(this.expiryTimer);
    for (const connection of this.connections) connection.socket.destroy();
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
    if (this.udp) {
      this.udp.rtp.close();
      this.udp.rtcp.close();
      this.udp = undefined;
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Closes every connection that has asked for this camera (all connections without an id). Returns how many. */
  dropClients(cameraId?: string): number {
    let dropped = 0;
    for (const connection of this.connections) {
      if (cameraId === undefined || connection.cameras.has(cameraId)) {
        connection.socket.destroy();
        dropped++;
      }
    }
    return dropped;
  }

  /** Remote ports of the connections that have asked for this camera. */
  clientPorts(cameraId: string): number[] {
    return [...this.connections].flatMap((connection) =>
      connection.cameras.has(cameraId) && connection.socket.remotePort !== undefined
        ? [connection.socket.remotePort]
        : [],
    );
  }

  /** Playing sessions, optionally for one camera. */
  playingCount(cameraId?: string): number {
    let count = 0;
    for (const s of this.sessions.values()) if (s.isPlaying && (!cameraId || s.options.cameraId === cameraId)) count++;
    return count;
  }

  private get timeoutSeconds(): number {
    return this.options.sessionTimeoutSeconds ?? 60;
  }

  private accept(socket: Socket): void {
    const connection: Connection = { socket, cameras: new Set(), sessions: new Set() };
    this.connections.add(connection);
    socket.setNoDelay(true);
    const reader = new RtspMessageReader();
    // Requests are handled one at a time, in order, even when DESCRIBE has to wait for an encoder.
    let queue = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      let messages;
      try {
        messages = reader.push(chunk);
      } catch (error) {
        this.options.logger.debug({ err: error }, 'unparseable RTSP input, closing');
        socket.destroy();
        return;
      }
      for (const message of messages) {
        if (message.kind === 'interleaved') {
          // RTCP receiver reports from the client: a sign of life, otherwise ignored.
          for (const s of connection.sessions) s.touch();
        } else if (message.kind === 'request') {
          queue = queue
            .then(() => this.handle(connection, message))
            .catch((error: unknown) => {
              this.options.logger.warn({ err: error }, 'RTSP request failed');
            });
        }
      }
    });
    socket.on('error', (error) => this.options.logger.debug({ err: error }, 'RTSP connection error'));
    socket.on('close', () => {
      this.connections.delete(connection);
      for (const session of connection.sessions) this.closeSession(session);
    });
  }

  private closeSession(session: RtspSession): void {
    session.close();
    this.sessions.delete(session.id);
    for (const c of this.connections) c.sessions.delete(session);
  }

  private async handle(connection: Connection, request: RtspRequest): Promise<void> {
    const cseq = request.headers.get('cseq');
    const reply = await this.dispatch(connection, request);
    if (reply === 'drop') {
      connection.socket.destroy();
      return;
    }
    if (connection.socket.destroyed) return;
    const headers: Record<string, string | number> = {
      ...(cseq !== undefined ? { CSeq: cseq } : {}),
      Server: 'vigil-simulator',
      ...reply.headers,
    };
    connection.socket.write(serializeResponse(reply.status, headers, reply.body));
  }

  private async dispatch(connection: Connection, request: RtspRequest): Promise<Reply | 'drop'> {
    if (request.version !== 'RTSP/1.0') return { status: 505 };
    const sessionId = request.headers.get('session')?.split(';')[0]?.trim();
    const session = sessionId ? this.sessions.get(sessionId) : undefined;
    if (sessionId && !session) return { status: 454 };
    session?.touch();
    switch (request.method) {
      case 'OPTIONS':
        return { status: 200, headers: { Public: PUBLIC_METHODS } };
      case 'DESCRIBE':
      case 'SETUP': {
        const target = this.resolveTarget(connection, request);
        if (target === 'drop' || 'status' in target) return target;
        const denied = this.authenticate(request, target.resolved);
        if (denied) return denied;
        return request.method === 'DESCRIBE'
          ? this.describe(request, target.resolved)
          : this.setup(connection, request, target, session);
      }
      case 'PLAY': {
        if (!session) return { status: 454 };
        if (this.options.resolver.resolve(session.options.cameraId, session.options.stream) === 'offline')
          return 'drop';
        const info = session.play();
        const rtpInfo = `url=${session.options.trackUrl};seq=${info.sequence};rtptime=${info.rtpTime}`;
        return {
          status: 200,
          headers: { Session: this.sessionHeader(session), Range: 'npt=now-', 'RTP-Info': rtpInfo },
        };
      }
      case 'PAUSE':
        if (!session) return { status: 454 };
        session.pause();
        return { status: 200, headers: { Session: this.sessionHeader(session) } };
      case 'TEARDOWN':
        if (session) this.closeSession(session);
        return { status: 200 };
      case 'GET_PARAMETER':
        return { status: 200, headers: session ? { Session: this.sessionHeader(session) } : {} };
      case 'SET_PARAMETER':
        // We have no settable parameters; an empty body is a keep-alive.
        return { status: request.body.length === 0 ? 200 : 451 };
      case 'ANNOUNCE':
      case 'RECORD':
      case 'REDIRECT':
        return { status: 405, headers: { Allow: PUBLIC_METHODS } };
      default:
        return { status: 501, headers: { Public: PUBLIC_METHODS } };
    }
  }

  private resolveTarget(
    connection: Connection,
    request: RtspRequest,
  ): { cameraId: string; stream: string; track?: string; resolved: ResolvedStream } | Reply | 'drop' {
    const path = parseStreamPath(request.uri);
    if (!path) return { status: 404 };
    connection.cameras.add(path.cameraId);
    const resolved = this.options.resolver.resolve(path.cameraId, path.stream);
    if (resolved === 'offline') return 'drop';
    if (!resolved) return { status: 404 };
    if (path.track !== undefined && path.track !== TRACK) return { status: 404 };
    return { ...path, resolved };
  }

  /** Digest per request (RFC 2617); null when allowed. Nonces are stateless so any connection may reuse them. */
  private authenticate(request: RtspRequest, resolved: ResolvedStream): Reply | null {
    if (!resolved.auth) return null;
    const verdict = verifyDigest(
      request.headers.get('authorization'),
      { method: request.method, realm: REALM, ...resolved.auth },
      (nonce) => this.nonces.valid(nonce),
    );
    if (verdict === 'ok') return null;
    const challenge = digestChallenge(REALM, this.nonces.issue()) + (verdict === 'stale' ? ', stale=TRUE' : '');
    return { status: 401, headers: { 'WWW-Authenticate': challenge } };
  }

  private baseUrl(request: RtspRequest, cameraId: string, stream: string): string {
    // Echo the authority the client used, so relative track controls resolve against what it dialled.
    let host: string;
    try {
      host = new URL(request.uri).host;
    } catch {
      const address = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
      host = `${address}:${this.port}`;
    }
    return `rtsp://${host}/${encodeURIComponent(cameraId)}/${encodeURIComponent(stream)}/`;
  }

  private async describe(request: RtspRequest, resolved: ResolvedStream): Promise<Reply> {
    const path = parseStreamPath(request.uri);
    let description;
    try {
      description = await resolved.source.describe();
    } catch (error) {
      this.options.logger.error({ err: error, uri: request.uri }, 'stream has no parameter sets');
      return { status: 503 };
    }
    const sdp = buildH264Sdp({
      sessionName: resolved.sessionName,
      address: this.options.host,
      trackControl: TRACK,
      ...description,
    });
    const contentBase = this.baseUrl(request, path?.cameraId ?? '', path?.stream ?? '');
    return { status: 200, headers: { 'Content-Base': contentBase, 'Content-Type': 'application/sdp' }, body: sdp };
  }

  private async setup(
    connection: Connection,
    request: RtspRequest,
    target: { cameraId: string; stream: string; resolved: ResolvedStream },
    existing: RtspSession | undefined,
  ): Promise<Reply> {
    // One track per stream: a second SETUP into a session is not something this server aggregates.
    if (existing) return { status: 459 };
    const specs = parseTransport(request.headers.get('transport') ?? '');
    const chosen = specs.find(
      (s) =>
        s.unicast &&
        (s.protocol === 'RTP/AVP/TCP' || ((s.protocol === 'RTP/AVP' || s.protocol === 'RTP/AVP/UDP') && s.clientPort)),
    );
    if (!chosen) return { status: 461 };
    let transport: SessionTransport;
    let reply;
    if (chosen.protocol === 'RTP/AVP/TCP') {
      const interleaved = chosen.interleaved ?? [connection.sessions.size * 2, connection.sessions.size * 2 + 1];
      transport = { kind: 'tcp', socket: connection.socket, rtpChannel: interleaved[0], rtcpChannel: interleaved[1] };
      reply = { protocol: 'RTP/AVP/TCP', unicast: true, interleaved };
    } else {
      const udp = await this.udpPair();
      const clientPort = chosen.clientPort!;
      // RTP only ever goes back to the address the RTSP request came from (never to a Transport "destination").
      const address = (connection.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      transport = {
        kind: 'udp',
        rtpSocket: udp.rtp,
        rtcpSocket: udp.rtcp,
        address,
        clientRtpPort: clientPort[0],
        clientRtcpPort: clientPort[1],
      };
      reply = {
        protocol: 'RTP/AVP',
        unicast: true,
        clientPort,
        serverPort: [udp.rtpPort, udp.rtcpPort] as [number, number],
      };
    }
    const base = this.baseUrl(request, target.cameraId, target.stream);
    const session = new RtspSession({
      cameraId: target.cameraId,
      stream: target.stream,
      trackUrl: base + TRACK,
      source: target.resolved.source,
      transport,
      isStopped: () => this.options.resolver.isStopped(target.cameraId),
      logger: this.options.logger.child({ camera: target.cameraId, stream: target.stream }),
    });
    this.sessions.set(session.id, session);
    connection.sessions.add(session);
    const ssrc = session.ssrc.toString(16).toUpperCase().padStart(8, '0');
    return {
      status: 200,
      headers: { Transport: formatTransport({ ...reply, ssrc }), Session: this.sessionHeader(session) },
    };
  }

  private sessionHeader(session: RtspSession): string {
    return `${session.id};timeout=${this.timeoutSeconds}`;
  }

  /** Opened on the first UDP SETUP; concurrent SETUPs share the one attempt. */
  private udpPair(): Promise<UdpPair> {
    if (this.udp) return Promise.resolve(this.udp);
    this.udpPending ??= openUdpPair(
      this.options.host,
      (address, port) => this.touchUdp(address, port),
      this.options.logger,
    ).then((pair) => {
      this.udp = pair;
      return pair;
    });
    return this.udpPending;
  }

  private touchUdp(address: string, port: number): void {
    for (const session of this.sessions.values()) {
      const t = session.transport;
      if (t.kind === 'udp' && t.address === address && (t.clientRtcpPort === port || t.clientRtpPort === port))
        session.touch();
    }
  }
}
