// The listening sockets: plain HTTP/1.1, and HTTPS with HTTP/2 so a 16-tile grid is not starved by six connections.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  Agent,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { generate } from 'selfsigned';
import type { Logger } from '../shared/logger.js';
import { hostOf, isLoopback, type ListenHost } from '../shared/net.js';
import { securityHeaders } from './http-policy.js';
import type { Service } from '../shared/service.js';

/** The part of socket.io's engine the servers hand requests to. */
export interface RealtimeEngine {
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface WebServersOptions {
  app: Express;
  engine: RealtimeEngine | undefined;
  /** Read when the servers start. */
  host: ListenHost;
  httpPort: number;
  https: {
    enabled: boolean;
    port: number;
    certFile?: string | undefined;
    keyFile?: string | undefined;
    /** Plain HTTP from other machines is redirected to HTTPS (default true); loopback clients keep plain HTTP. */
    redirectHttp?: boolean | undefined;
  };
  /** The console's public URL: an `https:` one is where redirects point. */
  publicUrl?: string | undefined;
  dataDir: string;
  logger: Logger;
}

const REALTIME_PATH = '/socket.io/';

/**
 * A client that trickles its headers (or its body) holds a connection: it gets 15 s for the headers and 60 s for
 * the whole request, checked every 2 s (Node's defaults, 60 s and 300 s checked every 30 s, let a slow client
 * hold a socket for minutes). Answers are not timed: a blocking playlist reload waits for its part.
 */
const SLOW_CLIENT_LIMITS = { headersTimeout: 15_000, requestTimeout: 60_000, connectionsCheckingInterval: 2_000 };

/**
 * The HTTPS URL of a plain-HTTP request: the public URL's origin when it is HTTPS, else the host it asked for (its
 * own Host header; the address it reached when that is missing or malformed). The path is appended as text, never
 * resolved, so `//elsewhere/…` stays a path on this hub.
 */
function httpsLocation(req: IncomingMessage, httpsPort: number, publicUrl: string | undefined): string {
  const path = req.url?.startsWith('/') ? req.url : '/';
  if (publicUrl?.startsWith('https:')) return new URL(publicUrl).origin + path;
  const local = req.socket.localAddress ?? '127.0.0.1';
  const asked = req.headers.host && URL.canParse(`https://${req.headers.host}`) ? req.headers.host : undefined;
  const target = new URL(`https://${asked ?? (local.includes(':') ? `[${local}]` : local)}`);
  target.port = httpsPort === 443 ? '' : String(httpsPort);
  return target.origin + path;
}

/** Loads the configured certificate, or makes (once) and reuses a self-signed one under <dataDir>/tls. */
async function tlsMaterial(options: WebServersOptions): Promise<{ cert: Buffer; key: Buffer }> {
  const { certFile, keyFile } = options.https;
  if (certFile && keyFile) return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  const dir = join(options.dataDir, 'tls');
  const cert = join(dir, 'self-signed.crt');
  const key = join(dir, 'self-signed.key');
  if (!existsSync(cert) || !existsSync(key)) {
    mkdirSync(dir, { recursive: true });
    const pems = await generate([{ name: 'commonName', value: 'vigil.local' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 825 * 24 * 3600_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    });
    writeFileSync(key, pems.private, { mode: 0o600 });
    writeFileSync(cert, pems.cert);
    options.logger.info({ cert }, 'made a self-signed TLS certificate; configure server.https.certFile for a real one');
  }
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

function listen(server: Server | Http2SecureServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server | Http2SecureServer | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  if ('closeAllConnections' in server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export class WebServers implements Service {
  readonly name = 'web-servers';
  httpPort = 0;
  httpsPort = 0;
  private http: Server | undefined;
  private https: Http2SecureServer | undefined;
  /** express cannot run on HTTP/2 request objects: HTTP/2 requests are bridged to it over loopback HTTP/1.1. */
  private bridge: Server | undefined;
  private bridgePort = 0;
  private readonly bridgeAgent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
  private readonly h2Sessions = new Set<{ destroy(): void }>();

  constructor(private readonly options: WebServersOptions) {}

  async start(): Promise<void> {
    const { logger } = this.options;
    const host = hostOf(this.options.host);
    // HTTPS first: plain HTTP may redirect to it from its first request on.
    if (this.options.https.enabled) await this.startHttps(host);
    this.http = createServer(SLOW_CLIENT_LIMITS, (req, res) => {
      const location = this.redirectTarget(req);
      if (location) res.writeHead(308, { Location: location, 'Content-Type': 'text/plain' }).end(`Use ${location}\n`);
      else this.dispatchHttp1(req, res);
    });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const location = this.redirectTarget(req);
      if (location) socket.end(`HTTP/1.1 308 Permanent Redirect\r\nLocation: ${location}\r\nConnection: close\r\n\r\n`);
      else this.upgrade(req, socket, head);
    });
    this.httpPort = await listen(this.http, this.options.httpPort, host);
    logger.debug({ host, http: this.httpPort, https: this.httpsPort }, 'listening');
  }

  /** WebSocket upgrades go to socket.io on its own path only; on any other path the connection is refused. */
  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (this.options.engine && path === REALTIME_PATH) this.options.engine.handleUpgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  }

  /** Where a plain-HTTP request from another machine goes instead, when HTTPS is on and redirects are wanted. */
  private redirectTarget(req: IncomingMessage): string | undefined {
    const { enabled, redirectHttp = true } = this.options.https;
    if (!enabled || !redirectHttp || isLoopback(req.socket.remoteAddress)) return undefined;
    return httpsLocation(req, this.httpsPort, this.options.publicUrl);
  }

  private async startHttps(host: string): Promise<void> {
    this.bridge = createServer((req, res) => this.dispatchHttp1(req, res));
    this.bridge.keepAliveTimeout = 65_000;
    this.bridgePort = await listen(this.bridge, 0, '127.0.0.1');
    const https = createSecureServer({ allowHTTP1: true, ...(await tlsMaterial(this.options)) });
    this.https = https;
    https.on('request', (req: Http2ServerRequest | IncomingMessage, res: Http2ServerResponse | ServerResponse) => {
      if (req.httpVersionMajor >= 2) this.dispatchHttp2(req as Http2ServerRequest, res as Http2ServerResponse);
      else this.dispatchHttp1(req as IncomingMessage, res as ServerResponse);
    });
    https.on('session', (session) => {
      this.h2Sessions.add(session);
      session.once('close', () => this.h2Sessions.delete(session));
    });
    https.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.httpsPort = await listen(https, this.options.https.port, host);
  }

  async stop(): Promise<void> {
    for (const session of this.h2Sessions) session.destroy();
    await Promise.all([close(this.http), close(this.https), close(this.bridge)]);
    this.bridgeAgent.destroy();
  }

  private dispatchHttp1(req: IncomingMessage, res: ServerResponse): void {
    if (this.options.engine && req.url?.startsWith(REALTIME_PATH)) this.options.engine.handleRequest(req, res);
    else this.options.app(req, res);
  }

  /** Forwards one HTTP/2 stream to express over a pooled loopback connection, streaming both ways. */
  private dispatchHttp2(req: Http2ServerRequest, res: Http2ServerResponse): void {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!name.startsWith(':') && value !== undefined) headers[name] = value;
    }
    headers.host = req.authority;
    headers['x-forwarded-proto'] = 'https';
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    const upstream = httpRequest(
      { host: '127.0.0.1', port: this.bridgePort, method: req.method, path: req.url, headers, agent: this.bridgeAgent },
      (reply) => {
        const replyHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(reply.headers)) {
          // Connection-specific headers are forbidden in HTTP/2.
          if (value !== undefined && !['connection', 'keep-alive', 'transfer-encoding'].includes(name))
            replyHeaders[name] = value;
        }
        res.writeHead(reply.statusCode ?? 502, replyHeaders);
        reply.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) {
        res.writeHead(502, { ...securityHeaders(true), 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'VIGIL_UNAVAILABLE', message: 'The hub could not answer' } }));
      } else res.destroy(error);
    });
    // A player that gives up on a blocking request frees the loopback socket at once.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }
}
