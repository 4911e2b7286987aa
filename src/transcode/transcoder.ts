// One live H.264 transcode: the hub's own stream of a camera → a supervised ffmpeg's stdin → H.264 fMP4 → a stream.
import type { Writable } from 'node:stream';
import type { TranscodeStatus } from '../contracts/index.js';
import {
  buildTranscodeArgs,
  failureReason,
  FfmpegSupervisor,
  systemSpawn,
  type ChildProcessLike,
  type SpawnPort,
  type SupervisorTiming,
  type TranscodeLimits,
} from '../ffmpeg/index.js';
import { errorMessage, type Logger } from '../shared/index.js';
import { CameraStream, Fmp4Demuxer, type MediaSink, type StreamItem } from '../stream/index.js';
import { CpuMeter } from './cpu-meter.js';

/** What a transcode reads: a camera's fan-out, running while acquired (the fleet's live source). */
export interface TranscodeUpstream {
  readonly output: CameraStream;
  acquire(): void;
  release(): void;
}

export interface TranscoderOptions {
  readonly cameraId: string;
  readonly upstream: TranscodeUpstream;
  /** Which of the camera's streams is read (the sub stream when there is one). */
  readonly upstreamStream: 'main' | 'sub';
  readonly ffmpegPath: string;
  readonly limits: TranscodeLimits;
  /** Viewers of the transcode count as gone after this long without a request. */
  readonly idleMs: number;
  readonly logger: Logger;
  /** Called once when the transcode has stopped for good (its last viewer left, or the hub stops). */
  readonly onStopped: (transcoder: Transcoder) => void;
  readonly spawn?: SpawnPort;
  readonly timing?: Partial<SupervisorTiming>;
}

/** What the console shows on a transcoded tile (the wire type of its status.json). */
export type TranscodeInfo = TranscodeStatus;

const CPU_SAMPLE_MS = 2_000;

export class Transcoder {
  readonly cameraId: string;
  readonly upstream: TranscodeUpstream;
  /** The H.264 fan-out: the live packager reads it like any camera stream. */
  readonly output: CameraStream;
  readonly viewerIdleMs: number;
  readonly startedAt = Date.now();
  private readonly supervisor: FfmpegSupervisor;
  private readonly demuxer = new Fmp4Demuxer();
  private readonly cpu = new CpuMeter();
  private readonly logger: Logger;
  private refs = 0;
  private stopping: Promise<void> | undefined;
  private cpuTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TranscoderOptions) {
    this.cameraId = options.cameraId;
    this.upstream = options.upstream;
    this.viewerIdleMs = options.idleMs;
    this.logger = options.logger.child({ camera: options.cameraId, transcode: options.upstreamStream });
    this.output = new CameraStream({ name: `${options.cameraId}/h264` });
    const sink: MediaSink = {
      pushInit: (init) => this.output.pushInit(init),
      pushFragment: (fragment) => {
        this.output.pushFragment(fragment);
        this.supervisor.markData();
      },
    };
    const spawn = options.spawn ?? systemSpawn;
    this.supervisor = new FfmpegSupervisor({
      name: `${options.cameraId}/h264`,
      command: options.ffmpegPath,
      invocation: () => ({ args: buildTranscodeArgs(options.limits) }),
      onStdout: (chunk) => {
        try {
          this.demuxer.pushTo(chunk, sink);
        } catch (error) {
          this.supervisor.failRun(failureReason('exited', `transcoder output is not fMP4: ${errorMessage(error)}`));
        }
      },
      onRunStart: () => this.demuxer.reset(),
      logger: this.logger,
      // The one spawn path, with stdin open: each run is fed from the camera's stream (see feed).
      spawn: (command, args, spawnOptions) => this.feed(spawn(command, args, { ...spawnOptions, stdin: 'pipe' })),
      ...(options.timing ? { timing: options.timing } : {}),
    });
  }

  get stream(): 'main' | 'sub' {
    return this.options.upstreamStream;
  }

  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  /** A viewing began: the first starts the camera's stream and ffmpeg. */
  acquire(): void {
    if (this.stopping) return;
    if (this.refs++ > 0) return;
    this.upstream.acquire();
    this.supervisor.start();
    this.cpuTimer = setInterval(() => this.cpu.sample(this.supervisor.stats.pid), CPU_SAMPLE_MS);
    this.cpuTimer.unref();
  }

  /** A viewing ended: the last stops the transcode for good (a later viewer gets a new one). */
  release(): void {
    if (this.refs === 0 || --this.refs > 0) return;
    void this.stop();
  }

  /** Stops ffmpeg, releases the camera's stream and ends the output; resolves when ffmpeg has exited. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    clearInterval(this.cpuTimer);
    this.upstream.release();
    this.stopping = this.supervisor
      .stop()
      .catch((error: unknown) => this.logger.error({ err: error }, 'transcoder stop failed'))
      .then(() => {
        this.output.end();
        this.options.onStopped(this);
      });
    return this.stopping;
  }

  info(): TranscodeInfo {
    const media = this.output.stats;
    const source = this.upstream.output.stats;
    const online = this.supervisor.status === 'online';
    return {
      stream: this.options.upstreamStream,
      status: this.supervisor.status,
      codec: media.codec ?? null,
      width: media.width || null,
      height: media.height || null,
      fps: online && media.fps > 0 ? Math.round(media.fps * 10) / 10 : null,
      bitrateKbps: online && media.bitrate > 0 ? Math.round(media.bitrate / 1000) : null,
      cpuPercent: online ? this.cpu.percent : null,
      sourceCodec: source.codec ?? null,
      sourceWidth: source.width || null,
      sourceHeight: source.height || null,
      startedAt: new Date(this.startedAt).toISOString(),
    };
  }

  /**
   * Feeds one ffmpeg run: a reader of the camera's stream from its last keyframe (a fast first frame) writes init
   * and fragments to stdin, waiting on the pipe when ffmpeg is behind; a reader that falls too far behind drops to
   * the next keyframe rather than hold memory. A new init (the camera changed its codec settings) cannot follow
   * the first into one mp4 input: that run ends and the next starts from the new init.
   */
  private feed(child: ChildProcessLike): ChildProcessLike {
    const stdin = child.stdin;
    if (!stdin) return child;
    // ffmpeg stopped reading (it ended or was stopped): its exit is reported by the supervisor, not here.
    stdin.on('error', (error: Error) => this.logger.debug({ err: error }, 'transcoder stdin closed'));
    let initSent = false;
    const reader = this.upstream.output.addReader({
      name: 'transcode',
      start: 'gop',
      onOverflow: 'drop',
      onItem: (item: StreamItem) => {
        if (item.type === 'fragment') return write(stdin, item.fragment.data);
        if (!initSent) {
          initSent = true;
          return write(stdin, item.init.data);
        }
        this.supervisor.failRun(failureReason('exited', 'the camera stream changed its codec settings'));
        return undefined;
      },
    });
    child.once('close', () => {
      reader.close();
      stdin.destroy();
    });
    return child;
  }
}

/** Writes, and when the pipe is full waits until it drains (or closes): the reader queues meanwhile. */
function write(stdin: Writable, data: Buffer): Promise<void> | undefined {
  if (stdin.destroyed) return undefined;
  if (stdin.write(data)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      stdin.off('drain', done);
      stdin.off('close', done);
      resolve();
    };
    stdin.on('drain', done);
    stdin.on('close', done);
  });
}
