// A branch camera's stream at the center: one lease while anyone watches, its fragments fed into a local CameraStream
// that the center's own LL-HLS packager reads, so any number of center viewers share one WAN stream.
import { randomBytes } from 'node:crypto';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { LeaseReply, type CameraState, type LeaseRequest } from '../contracts/index.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { CameraStream, Fmp4Demuxer } from '../stream/index.js';
import { decode, encode } from './connection.js';
import { SEQUENCE_HEADER } from './live-leases.js';
import { subjects } from './nats-conf.js';

export interface RemoteSourceOptions {
  branchId: string;
  /** The camera's id at the branch. */
  localCameraId: string;
  /** Its mirrored id at the center. */
  cameraId: string;
  stream: 'main' | 'sub';
  connection: () => NatsConnection | undefined;
  /** How often the lease is renewed while anyone watches. */
  renewMs: number;
  logger: Logger;
  /** Who opened the view, for the branch's audit. */
  viewer?: () => string | undefined;
  /** The stream's room on its link: follows the measured bitrate, freed when the stream closes. */
  reservation?: { update(kbps: number): void; release(): void; received?(bytes: number): void };
}

export class RemoteSource {
  private stream: CameraStream;
  /** The last lease ended: its cached GOP is old, the next viewer gets a new stream. */
  private ended = false;
  /** A center viewer gone this long releases the stream (the linger before the lease is closed). */
  readonly viewerIdleMs: number;
  private readonly demuxer = new Fmp4Demuxer();
  private refs = 0;
  private leaseId: string | undefined;
  private subscription: Subscription | undefined;
  /** The renewal interval while leased, or the retry of an open the branch did not answer. */
  private renewTimer: ReturnType<typeof setInterval> | undefined;
  private expected = 1;
  private restartPending = false;
  private state: CameraState = { status: 'idle', reason: null };
  /** Bytes received over all leases. */
  bytesReceived = 0;

  constructor(
    private readonly options: RemoteSourceOptions,
    lingerMs: number,
  ) {
    this.viewerIdleMs = lingerMs;
    this.stream = this.newStream();
  }

  /** The fan-out the center's packager reads (read before acquire, so a new view never starts on old media). */
  get output(): CameraStream {
    if (this.ended && this.refs === 0) {
      this.stream.end();
      this.stream = this.newStream();
      this.ended = false;
    }
    return this.stream;
  }

  private newStream(): CameraStream {
    return new CameraStream({ name: `${this.options.cameraId}/${this.options.stream}` });
  }

  get status(): CameraState {
    return this.state;
  }

  get leased(): boolean {
    return this.leaseId !== undefined;
  }

  /** Someone watches (a lease is open or being opened). */
  get watched(): boolean {
    return this.refs > 0;
  }

  acquire(): void {
    this.refs += 1;
    if (this.refs === 1) void this.open();
  }

  release(): void {
    if (this.refs === 0) return;
    this.refs -= 1;
    if (this.refs === 0) this.close();
  }

  private async open(): Promise<void> {
    const connection = this.options.connection();
    if (!connection) return this.fail('the federation link is not connected');
    const leaseId = randomBytes(12).toString('hex');
    this.leaseId = leaseId;
    this.expected = 1;
    this.demuxer.reset();
    this.state = { status: 'starting', reason: null };
    this.subscription = connection.subscribe(subjects.live(this.options.branchId, leaseId), {
      callback: (_error, message) => this.receive(message),
    });
    const reply = await this.request('open', leaseId);
    if (this.leaseId !== leaseId) return; // released meanwhile
    if (!reply.ok) {
      this.drop();
      this.fail(reply.message);
      // A branch that did not answer is asked again while anyone still watches; a refusal stands.
      if (reply.code === 'unreachable' || reply.code === 'disconnected') {
        this.renewTimer = setTimeout(() => {
          this.renewTimer = undefined;
          if (this.refs > 0 && !this.leaseId) void this.open();
        }, this.options.renewMs);
      }
      return;
    }
    this.renewTimer = setInterval(() => void this.renew(), this.options.renewMs);
  }

  private async renew(): Promise<void> {
    const leaseId = this.leaseId;
    if (!leaseId) return;
    const restart = this.restartPending;
    const reply = await this.request('renew', leaseId, restart);
    if (this.leaseId !== leaseId) return;
    this.options.reservation?.update(this.stream.stats.bitrate / 1000);
    if (reply.ok) {
      if (restart) this.restartPending = false;
      return;
    }
    if (reply.code === 'unknown-lease') {
      // The branch forgot the lease (it restarted, or the line was down past the lease time): open anew.
      this.drop();
      if (this.refs > 0) void this.open();
    }
  }

  private close(): void {
    const leaseId = this.leaseId;
    this.drop();
    this.options.reservation?.release();
    this.ended = true;
    this.state = { status: 'idle', reason: null };
    if (leaseId) void this.request('close', leaseId);
  }

  private drop(): void {
    clearInterval(this.renewTimer);
    clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.leaseId = undefined;
  }

  private receive(message: Msg): void {
    const sequence = Number(message.headers?.get(SEQUENCE_HEADER));
    this.bytesReceived += message.data.length;
    this.options.reservation?.received?.(message.data.length);
    if (sequence !== this.expected) {
      // A piece was lost: what follows cannot be parsed; start over from the branch's next init and keyframe.
      this.options.logger.warn({ expected: this.expected, got: sequence }, 'remote stream gap: asking for a restart');
      this.demuxer.reset();
      this.restartPending = true;
      this.expected = 1;
      return;
    }
    this.expected = sequence + 1;
    try {
      this.demuxer.pushTo(Buffer.from(message.data), this.stream);
      if (this.state.status !== 'online') this.state = { status: 'online', reason: null };
    } catch (error) {
      this.options.logger.warn({ err: errorMessage(error) }, 'remote stream unreadable: asking for a restart');
      this.demuxer.reset();
      this.restartPending = true;
    }
  }

  private async request(op: LeaseRequest['op'], leaseId: string, restart = false): Promise<LeaseReply> {
    const connection = this.options.connection();
    if (!connection) return { ok: false, code: 'disconnected', message: 'the federation link is not connected' };
    const body: LeaseRequest = {
      op,
      cameraId: this.options.localCameraId,
      stream: this.options.stream,
      leaseId,
      ...(restart ? { restart } : {}),
      ...(op === 'open' && this.options.viewer?.() ? { openedBy: this.options.viewer() } : {}),
    };
    try {
      const reply = await connection.request(subjects.lease(this.options.branchId), encode(body), { timeout: 5_000 });
      return LeaseReply.parse(decode(reply.data));
    } catch (error) {
      return {
        ok: false,
        code: 'unreachable',
        message: `branch hub ${this.options.branchId} did not answer: ${errorMessage(error)}`,
      };
    }
  }

  private fail(reason: string): void {
    this.state = { status: 'offline', reason };
    this.options.logger.warn({ camera: this.options.cameraId, reason }, 'remote stream refused');
  }
}
