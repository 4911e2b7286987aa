// A simulated ONVIF device: device and media services over HTTP with WS-UsernameToken, plus an optional WS-Discovery responder.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, Service } from '../shared/index.js';
import { silentLogger } from '../shared/index.js';
import { WsDiscoveryResponder, type WsDiscoveryResponderOptions } from './onvif-discovery.js';
import { answerPtz } from './onvif-ptz.js';
import * as replies from './onvif-replies.js';
import { checkToken, fault, field, PLACEHOLDER_JPEG, readRequest, type OnvifRequest } from './onvif-soap.js';
import type { PtzState } from './ptz-state.js';
import type { SimulatedStream } from './simulator.js';

export type { OnvifSimCamera } from './onvif-replies.js';

export interface OnvifDeviceSimulatorOptions {
  /** Address the HTTP server listens on. Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port; read `httpPort` after start(). */
  httpPort?: number;
  /** WS-Discovery responder, or false for none (the default). */
  discovery?: Omit<WsDiscoveryResponderOptions, 'xaddr' | 'endpointReference' | 'scopes' | 'logger'> | false;
  camera: replies.OnvifSimCamera;
  /** The RTSP URL the profiles point at (e.g. CameraSimulator.url without credentials). */
  rtspUrl: (stream: SimulatedStream) => string;
  /** WS-UsernameToken credentials; without them every operation is open. */
  username?: string;
  password?: string;
  /** Device clock = real clock + this (a badly set camera clock). */
  clockOffsetSeconds?: number;
  /** Host written into XAddrs and stream/snapshot URIs instead of the real one (a camera behind NAT). */
  advertisedHost?: string;
  /** HTTP status of the NotAuthorized fault: 400 (ONVIF core spec, WS-Security) or 401. Default 400. */
  authFaultStatus?: 400 | 401;
  /** A dome's mechanism (CameraSimulator.ptzOf): the device then has a PTZ service steering it. */
  ptz?: PtzState | undefined;
  /** Location scope; default "simulator". */
  location?: string;
  logger?: Logger;
}

const MAX_REQUEST = 256 * 1024;

const SERVICES: Record<string, 'device' | 'media' | 'ptz'> = {
  '/onvif/device_service': 'device',
  '/onvif/media_service': 'media',
  '/onvif/ptz_service': 'ptz',
};

export class OnvifDeviceSimulator implements Service {
  readonly name = 'onvif-simulator';
  readonly endpointReference = `urn:uuid:${randomUUID()}`;
  private readonly server: Server;
  private readonly logger: Logger;
  private responder: WsDiscoveryResponder | undefined;
  /** Requests answered, by operation (tests read it). */
  readonly calls = new Map<string, number>();

  constructor(private readonly options: OnvifDeviceSimulatorOptions) {
    this.logger = (options.logger ?? silentLogger()).child({ module: 'onvif-simulator', camera: options.camera.id });
    this.server = createServer((req, res) => this.handle(req, res));
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  get httpPort(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? 0;
  }

  /** The real device service URL (what a client should reach). */
  get deviceServiceUrl(): string {
    return `http://${this.host}:${this.httpPort}/onvif/device_service`;
  }

  /** The port the discovery responder listens on (valid after start when discovery is on). */
  get discoveryPort(): number | undefined {
    return this.responder?.port;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.httpPort ?? 0, this.host, () => resolve());
    });
    if (this.options.discovery) {
      const name = encodeURIComponent(this.options.camera.name);
      this.responder = new WsDiscoveryResponder({
        ...this.options.discovery,
        endpointReference: this.endpointReference,
        xaddr: `${this.baseUrl()}/onvif/device_service`,
        scopes: [
          'onvif://www.onvif.org/type/video_encoder',
          'onvif://www.onvif.org/Profile/Streaming',
          `onvif://www.onvif.org/name/${name}`,
          'onvif://www.onvif.org/hardware/VIGIL-SIM',
          `onvif://www.onvif.org/location/${encodeURIComponent(this.options.location ?? 'simulator')}`,
        ],
        logger: this.logger,
      });
      await this.responder.start();
    }
    this.logger.info({ port: this.httpPort, discovery: this.responder?.port }, 'onvif simulator listening');
  }

  async stop(): Promise<void> {
    await this.responder?.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private baseUrl(): string {
    const host = this.options.advertisedHost ?? this.host;
    return `http://${host}:${this.httpPort}`;
  }

  private deviceNow(): number {
    return Date.now() + (this.options.clockOffsetSeconds ?? 0) * 1000;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    if (req.method === 'GET' && url.startsWith('/onvif/snapshot')) {
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': PLACEHOLDER_JPEG.length });
      res.end(PLACEHOLDER_JPEG);
      return;
    }
    const service = SERVICES[url];
    if (req.method !== 'POST' || !service || (service === 'ptz' && !this.options.ptz)) {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const request = readRequest(Buffer.concat(chunks).toString('utf8'));
      const [status, body] = request
        ? this.answer(service, request)
        : [400, fault('Sender', ['ter:WellFormed'], 'The request is not a SOAP envelope')];
      res.writeHead(status, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
      res.end(body);
    });
  }

  private answer(service: 'device' | 'media' | 'ptz', request: OnvifRequest): [number, string] {
    const op = request.operation;
    this.calls.set(op, (this.calls.get(op) ?? 0) + 1);
    if (op !== 'GetSystemDateAndTime' && this.options.username !== undefined) {
      const verdict = checkToken(request, this.options.username, this.options.password ?? '', this.deviceNow());
      if (verdict !== 'ok') {
        this.logger.debug({ op, verdict }, 'rejected a request');
        return [this.options.authFaultStatus ?? 400, fault('Sender', ['ter:NotAuthorized'], 'Sender not Authorized')];
      }
    }
    const ptz = this.options.ptz;
    if (service === 'ptz' && ptz) {
      if (field(request, 'ProfileToken') === undefined || !this.profile(request)) {
        return [400, fault('Sender', ['ter:InvalidArgVal', 'ter:NoProfile'], 'The profile token does not exist')];
      }
      return answerPtz(ptz, request) ?? [400, fault('Sender', ['ter:ActionNotSupported'], `${op} is not supported`)];
    }
    const facts: replies.DeviceFacts = { camera: this.options.camera, baseUrl: this.baseUrl(), ptz: ptz !== undefined };
    const deviceOps: Record<string, () => string> = {
      GetSystemDateAndTime: () => replies.systemDateAndTime(new Date(this.deviceNow())),
      GetDeviceInformation: () => replies.deviceInformation(facts),
      GetCapabilities: () => replies.capabilities(facts),
      GetServices: () => replies.services(facts),
    };
    const mediaOps: Record<string, () => string | undefined> = {
      GetProfiles: () => replies.profiles(facts),
      GetStreamUri: () => this.streamUri(request),
      GetSnapshotUri: () => this.snapshotUri(request),
    };
    const handler = service === 'device' ? deviceOps[op] : service === 'media' ? mediaOps[op] : undefined;
    if (!handler) return [400, fault('Sender', ['ter:ActionNotSupported'], `${op} is not supported here`)];
    const body = handler();
    if (body === undefined) {
      return [400, fault('Sender', ['ter:InvalidArgVal', 'ter:NoProfile'], 'The profile token does not exist')];
    }
    return [200, body];
  }

  private profile(request: OnvifRequest): SimulatedStream | undefined {
    const token = field(request, 'ProfileToken');
    return replies.profileSpecs(this.options.camera).find((p) => p.token === token)?.token;
  }

  private streamUri(request: OnvifRequest): string | undefined {
    const stream = this.profile(request);
    if (!stream) return undefined;
    const uri = new URL(this.options.rtspUrl(stream));
    // The device reports its own idea of its address, and never credentials.
    if (this.options.advertisedHost) uri.hostname = this.options.advertisedHost;
    uri.username = '';
    uri.password = '';
    return replies.mediaUri('GetStreamUri', uri.toString());
  }

  private snapshotUri(request: OnvifRequest): string | undefined {
    const stream = this.profile(request);
    if (!stream) return undefined;
    return replies.mediaUri('GetSnapshotUri', `${this.baseUrl()}/onvif/snapshot.jpg?profile=${stream}`);
  }
}
