// CameraSource: one camera stream (main or sub) → a supervised run (ffmpeg or the native RTSP engine) → init +
// fragments into a CameraStream.
import { EventEmitter } from 'node:events';
import {
  buildIngestArgs,
  failureReason,
  FfmpegSupervisor,
  inputKindOf,
  type ClockPort,
  type FailureReason,
  type FfmpegBinary,
  type InputKind,
  type RtspTransport,
  type SourceStatus,
  type SpawnPort,
  type StartLimiter,
  type StatusChange,
  type SupervisorStats,
  type SupervisorTiming,
} from '../ffmpeg/index.js';
import type { IngestEngine } from '../contracts/index.js';
import { errorMessage, type Logger } from '../shared/index.js';
import { redactUrl, splitCredentials, withCredentials } from '../shared/redact.js';
import { CameraStream, Fmp4Demuxer, type MediaSink } from '../stream/index.js';
import { nativeEngineBlocker } from './engine-choice.js';
import { NativeRun } from './native-run.js';

export type StreamRole = 'main' | 'sub';

/**
 * A native start's share of the start limiter's pace, which is sized for ffmpeg (~0.2 CPU-s per process): a
 * native session is a TCP connection and four requests, so five of them go in the time of one ffmpeg start.
 * With the default four ffmpeg starts a second, 400 recorded cameras no longer take 100 s to come online.
 */
const NATIVE_START_COST = 0.2;

/** ffmpeg's words when a short probe ended before it learned the codec parameters. */
const NEEDS_FULL_PROBE = /dimensions not set|could not find codec parameters|unspecified size/i;

export interface CameraSourceOptions {
  readonly cameraId: string;
  readonly stream: StreamRole;
  /** rtsp://… or rtmp://…; may carry credentials, which go to ffmpeg's fd 3 (see inputArgs) and nowhere else. */
  readonly url: string;
  /** Credentials kept apart from the URL (they win over any in it). */
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly binary: Pick<FfmpegBinary, 'path' | 'major'>;
  /** RTSP transport, TCP by default. */
  readonly transport?: RtspTransport;
  readonly keepAudio?: boolean;
  /** 'native' takes RTSP over TCP without audio in-process and leaves the rest to ffmpeg. Default 'ffmpeg'. */
  readonly engine?: IngestEngine;
  /** ffmpeg's own socket timeout; above the stall timeout so the watchdog names a stall first. Default 10 s. */
  readonly socketTimeoutMs?: number;
  /** Run even without viewers (recorded cameras). */
  readonly keepAlive?: boolean;
  /** After the last viewer leaves, stop ffmpeg after this long (unless keepAlive). Default 30 s. */
  readonly idleStopMs?: number;
  readonly logger: Logger;
  /** Status listener registered before anything starts (a keepAlive source starts in the constructor). */
  readonly onStatus?: (event: SourceStatusEvent) => void;
  /** The hub's shared start limiter. */
  readonly limiter?: StartLimiter;
  /** The fan-out to write into; a new one by default. */
  readonly output?: CameraStream;
  readonly timing?: Partial<SupervisorTiming>;
  /** Ports for tests. */
  readonly spawn?: SpawnPort;
  readonly clock?: ClockPort;
  readonly random?: () => number;
}

export interface SourceStatusEvent extends StatusChange {
  readonly cameraId: string;
  readonly stream: StreamRole;
}

export interface SourceEvents {
  status: [SourceStatusEvent];
}

export interface SourceStats extends SupervisorStats {
  readonly cameraId: string;
  readonly stream: StreamRole;
  /** The URL without credentials. */
  readonly url: string;
  readonly inputKind: InputKind;
  /** The engine that runs (or will run) the stream. */
  readonly engine: IngestEngine;
  /** Why a stream configured for the native engine runs on ffmpeg; null otherwise. */
  readonly engineFallback: string | null;
  readonly keepAlive: boolean;
  readonly viewers: number;
  readonly fragments: number;
}

export class CameraSource extends EventEmitter<SourceEvents> {
  readonly cameraId: string;
  readonly stream: StreamRole;
  /** Readers (live packager, recorder, snapshots) attach here; they never see ffmpeg. */
  readonly output: CameraStream;
  private readonly supervisor: FfmpegSupervisor;
  private readonly demuxer: Fmp4Demuxer;
  private readonly sink: MediaSink;
  private readonly logger: Logger;
  private readonly clock: Pick<ClockPort, 'setTimeout' | 'clearTimeout'>;
  private readonly idleStopMs: number;
  private readonly inputKind: InputKind;
  private readonly safeUrl: string;
  private keepAliveFlag: boolean;
  private refs = 0;
  private idleTimer: ReturnType<ClockPort['setTimeout']> | undefined;
  private closed = false;
  private fragments = 0;
  private probe: 'fast' | 'full' = 'fast';
  private engine: IngestEngine;
  private engineFallback: string | null = null;

  constructor(options: CameraSourceOptions) {
    super();
    this.cameraId = options.cameraId;
    this.stream = options.stream;
    this.keepAliveFlag = options.keepAlive ?? false;
    this.idleStopMs = options.idleStopMs ?? 30_000;
    this.clock = options.clock ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };
    this.inputKind = inputKindOf(options.url);
    const parts = splitCredentials(options.url);
    const username = options.username ?? parts.username;
    const password = options.password ?? parts.password;
    const ffmpegUrl = withCredentials(parts.url, username, password);
    this.safeUrl = redactUrl(parts.url);
    this.logger = options.logger.child({ camera: options.cameraId, stream: options.stream });
    this.output = options.output ?? new CameraStream({ name: `${options.cameraId}/${options.stream}` });
    this.demuxer = new Fmp4Demuxer();
    this.sink = {
      pushInit: (init) => this.output.pushInit(init),
      pushFragment: (fragment) => {
        this.fragments++;
        this.output.pushFragment(fragment);
        this.supervisor.markData();
      },
    };
    this.engine = options.engine ?? 'ffmpeg';
    const blocker = this.engine === 'native' ? nativeEngineBlocker(options, this.inputKind) : undefined;
    if (blocker) this.fallBack(blocker);
    const secrets = password ? [password, encodeURIComponent(password)] : [];
    const socketTimeoutMs = options.socketTimeoutMs ?? 10_000;
    const nativeRun = (): NativeRun | undefined =>
      this.engine !== 'native'
        ? undefined
        : new NativeRun({
            url: parts.url,
            // As ffmpeg: a user name without a password answers no challenge (a moved camera's cleared password).
            credentials: username && password ? { username, password } : undefined,
            timeoutMs: socketTimeoutMs,
            sink: this.sink,
            onNotHandled: (reason) => this.fallBack(reason),
          });
    const argsOptions = {
      binary: options.binary,
      url: ffmpegUrl,
      transport: options.transport ?? 'tcp',
      timeoutMs: socketTimeoutMs,
      keepAudio: options.keepAudio ?? false,
      inputKind: this.inputKind,
    } as const;
    this.supervisor = new FfmpegSupervisor({
      name: `${options.cameraId}/${options.stream}`,
      command: options.binary.path,
      invocation: () => buildIngestArgs({ ...argsOptions, probe: this.probe }),
      secrets,
      onStdout: (chunk) => this.onStdout(chunk),
      inProcessRun: nativeRun,
      startCost: () => (this.engine === 'native' ? NATIVE_START_COST : 1),
      onRunStart: () => this.demuxer.reset(),
      logger: this.logger,
      ...(options.limiter ? { limiter: options.limiter } : {}),
      ...(options.spawn ? { spawn: options.spawn } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.timing ? { timing: options.timing } : {}),
    });
    const onStatus = options.onStatus;
    this.supervisor.on('status', (change) => {
      // A stream whose picture size was not found in the short probe gets ffmpeg's full probe from now on.
      const failed = change.status === 'reconnecting' || change.status === 'offline';
      if (
        failed &&
        this.probe === 'fast' &&
        this.supervisor
          .stderrTail()
          .slice(-12)
          .some((line) => NEEDS_FULL_PROBE.test(line))
      ) {
        this.probe = 'full';
        this.logger.info('the fast probe did not find the picture size: using the full probe');
      }
      const event: SourceStatusEvent = { ...change, cameraId: this.cameraId, stream: this.stream };
      onStatus?.(event);
      this.emit('status', event);
    });
    this.logger.debug({ url: this.safeUrl, inputKind: this.inputKind }, 'source created');
    this.update();
  }

  get status(): SourceStatus {
    return this.supervisor.status;
  }

  /** Why it is not online (null when online, starting or idle). */
  get reason(): FailureReason | null {
    return this.supervisor.reason;
  }

  get keepAlive(): boolean {
    return this.keepAliveFlag;
  }

  get viewers(): number {
    return this.refs;
  }

  get stats(): SourceStats {
    return {
      ...this.supervisor.stats,
      cameraId: this.cameraId,
      stream: this.stream,
      url: this.safeUrl,
      inputKind: this.inputKind,
      engine: this.engine,
      engineFallback: this.engineFallback,
      keepAlive: this.keepAliveFlag,
      viewers: this.refs,
      fragments: this.fragments,
    };
  }

  /** The last ~50 ffmpeg stderr lines, credentials redacted: for the camera's detail view. */
  stderrTail(): string[] {
    return this.supervisor.stderrTail();
  }

  /**
   * A viewer wants the stream: starts ffmpeg if needed and cancels a pending idle stop. A start still queued
   * behind others (a hub starting hundreds of cameras) goes first: someone is looking at it.
   */
  acquire(): void {
    if (this.closed) return;
    this.refs++;
    this.update();
    this.supervisor.hurry();
  }

  /** A viewer left; the last one arms the idle stop (unless keepAlive). */
  release(): void {
    if (this.refs === 0) {
      this.logger.warn('release() without a matching acquire()');
      return;
    }
    this.refs--;
    this.update();
  }

  /** Always on (recorded camera) or on demand. */
  setKeepAlive(keepAlive: boolean): void {
    this.keepAliveFlag = keepAlive;
    this.update();
  }

  /** Stops ffmpeg for good and ends the output stream (its readers are closed). Resolves when ffmpeg is gone. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearIdleTimer();
    await this.supervisor.stop();
    this.output.end();
  }

  private update(): void {
    if (this.closed) return;
    if (this.keepAliveFlag || this.refs > 0) {
      this.clearIdleTimer();
      this.supervisor.start();
      return;
    }
    if (!this.supervisor.isRunning || this.idleTimer !== undefined) return;
    this.idleTimer = this.clock.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.keepAliveFlag || this.refs > 0 || this.closed) return;
      this.logger.debug('no viewers: stopping');
      this.supervisor.stop().catch((error: unknown) => this.logger.error({ err: error }, 'stop failed'));
    }, this.idleStopMs);
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== undefined) this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** From now on ffmpeg runs this stream; said once, with the reason. */
  private fallBack(reason: string): void {
    if (this.engine === 'ffmpeg') return;
    this.engine = 'ffmpeg';
    this.engineFallback = reason;
    this.logger.info({ reason }, 'native engine not used for this stream: ffmpeg ingests it');
  }

  private onStdout(chunk: Buffer): void {
    try {
      this.demuxer.pushTo(chunk, this.sink);
    } catch (error) {
      // Not fMP4 (a wrong build, a banner on stdout): restart the run rather than feed readers garbage.
      this.supervisor.failRun(failureReason('exited', `ffmpeg output is not fragmented MP4: ${errorMessage(error)}`));
    }
  }
}
