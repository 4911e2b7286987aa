// A branch hub's live leases: the center asks for a camera stream, the branch sends the same fMP4 its own viewers
// get (no transcode) while the center keeps renewing, and stops by itself when the renewals stop.
import { headers, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { LeaseRequest, type LeaseReply } from '../contracts/index.js';
import type { DomainEvent } from '../events/index.js';
import type { Logger } from '../shared/logger.js';
import type { CameraStream, StreamItem, StreamReader } from '../stream/index.js';
import { decode, encode } from './connection.js';
import { subjects } from './nats-conf.js';

/** A camera stream as the lease reads it: its fan-out, started while acquired. */
export interface LeaseSource {
  readonly output: CameraStream;
  acquire(): void;
  release(): void;
}

export interface LiveLeasesOptions {
  branchId: string;
  sourceOf: (cameraId: string, stream: 'main' | 'sub') => LeaseSource | undefined;
  nameOf: (cameraId: string) => string | undefined;
  /** Without a renewal this long the branch stops sending. */
  leaseMs: number;
  publish: (event: DomainEvent) => void;
  logger: Logger;
}

interface Lease {
  leaseId: string;
  cameraId: string;
  stream: 'main' | 'sub';
  source: LeaseSource;
  reader?: StreamReader;
  timer?: ReturnType<typeof setTimeout>;
  sequence: number;
  bytes: number;
}

/** NATS messages stay far below the server's payload limit; a large keyframe fragment goes in pieces. */
const CHUNK_BYTES = 256 * 1024;
export const SEQUENCE_HEADER = 'Vigil-Seq';

export class LiveLeases {
  private readonly leases = new Map<string, Lease>();
  private subscription: Subscription | undefined;
  private connection: NatsConnection | undefined;

  constructor(private readonly options: LiveLeasesOptions) {}

  /** Streams being sent to the center now. */
  get outgoing(): number {
    return this.leases.size;
  }

  /** Bytes sent to the center over all leases so far. */
  bytesSent = 0;

  start(connection: NatsConnection): void {
    this.connection = connection;
    this.subscription = connection.subscribe(subjects.lease(this.options.branchId), {
      callback: (_error, message) => {
        message.respond(encode(this.handle(message.data)));
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    for (const lease of [...this.leases.values()]) this.end(lease, 'stopped');
  }

  private handle(data: Uint8Array): LeaseReply {
    let request: LeaseRequest;
    try {
      request = LeaseRequest.parse(decode(data));
    } catch {
      return { ok: false, code: 'invalid', message: 'malformed lease request' };
    }
    const existing = this.leases.get(`${request.cameraId}/${request.stream}`);
    if (request.op === 'open') return this.open(request, existing);
    if (!existing || existing.leaseId !== request.leaseId) {
      return { ok: false, code: 'unknown-lease', message: 'no such lease: open a new one' };
    }
    if (request.op === 'close') {
      this.end(existing, 'closed');
      return { ok: true, leaseMs: 0 };
    }
    this.arm(existing);
    if (request.restart) this.rewind(existing);
    return { ok: true, leaseMs: this.options.leaseMs };
  }

  private open(request: LeaseRequest, existing: Lease | undefined): LeaseReply {
    const source = this.options.sourceOf(request.cameraId, request.stream);
    if (!source)
      return { ok: false, code: 'no-stream', message: `camera ${request.cameraId} has no ${request.stream} stream` };
    // One stream per camera to the center: a new lease (a restarted center) replaces the old one.
    if (existing) this.end(existing, 'replaced');
    const lease: Lease = {
      leaseId: request.leaseId,
      cameraId: request.cameraId,
      stream: request.stream,
      source,
      sequence: 0,
      bytes: 0,
    };
    source.acquire();
    this.leases.set(`${request.cameraId}/${request.stream}`, lease);
    this.rewind(lease);
    this.arm(lease);
    const name = this.options.nameOf(request.cameraId) ?? request.cameraId;
    this.options.publish({
      type: 'audit.live.remote',
      severity: 'info',
      cameraId: request.cameraId,
      message: `${request.openedBy ?? 'A center user'} (center) started watching ${name} (${request.stream} stream)`,
      data: { stream: request.stream, openedBy: request.openedBy ?? null, leaseId: request.leaseId },
    });
    return { ok: true, leaseMs: this.options.leaseMs };
  }

  /** (Re)starts sending from the current init and GOP: a new lease, or a center that lost data. */
  private rewind(lease: Lease): void {
    lease.reader?.close();
    lease.reader = lease.source.output.addReader({
      name: `lease-${lease.leaseId}`,
      start: 'gop',
      onItem: (item) => this.send(lease, item),
    });
  }

  private arm(lease: Lease): void {
    clearTimeout(lease.timer);
    lease.timer = setTimeout(() => this.end(lease, 'expired'), this.options.leaseMs);
  }

  private send(lease: Lease, item: StreamItem): void {
    const connection = this.connection;
    if (!connection || connection.isClosed()) return;
    const data = item.type === 'init' ? item.init.data : item.fragment.data;
    const subject = subjects.live(this.options.branchId, lease.leaseId);
    for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) {
      const piece = data.subarray(offset, Math.min(offset + CHUNK_BYTES, data.length));
      const header = headers();
      header.set(SEQUENCE_HEADER, String((lease.sequence += 1)));
      connection.publish(subject, piece, { headers: header });
      lease.bytes += piece.length;
      this.bytesSent += piece.length;
    }
  }

  private end(lease: Lease, why: 'closed' | 'expired' | 'replaced' | 'stopped'): void {
    const key = `${lease.cameraId}/${lease.stream}`;
    if (this.leases.get(key) !== lease) return;
    this.leases.delete(key);
    clearTimeout(lease.timer);
    lease.reader?.close();
    lease.source.release();
    this.options.logger.info(
      { leaseId: lease.leaseId, camera: lease.cameraId, why, bytes: lease.bytes },
      'lease ended',
    );
    if (why === 'expired') {
      this.options.publish({
        type: 'federation.lease.expired',
        severity: 'warning',
        cameraId: lease.cameraId,
        message: `The center stopped renewing its view of ${this.options.nameOf(lease.cameraId) ?? lease.cameraId}: sending stopped`,
        data: { stream: lease.stream, leaseId: lease.leaseId, bytes: lease.bytes },
      });
    }
  }
}
