// The hub's live transcodes: at most one per camera, at most `maxConcurrent` in all; start, stop and refusal events.
import type { DomainEvent } from '../events/index.js';
import {
  canTranscode,
  type FfmpegBinary,
  type SpawnPort,
  type SupervisorTiming,
  type TranscodeLimits,
} from '../ffmpeg/index.js';
import { VigilError, type Logger } from '../shared/index.js';
import { Transcoder, type TranscodeInfo, type TranscodeUpstream } from './transcoder.js';

/** Who asked for a transcode: named in its events. */
export interface TranscodeViewer {
  readonly userId: string;
  readonly username: string;
  readonly ip?: string | null;
}

export interface TranscodesOptions extends TranscodeLimits {
  readonly maxConcurrent: number;
  readonly idleStopSeconds: number;
  readonly ffmpeg: Pick<FfmpegBinary, 'path' | 'major' | 'minor' | 'versionText'>;
  readonly logger: Logger;
  readonly publish: (event: DomainEvent) => void;
  /** Repeated refusals of one user for one camera (a player retrying) become one event per window. */
  readonly refusals?: { publish(event: DomainEvent, how: { keys: readonly string[] }): void };
  readonly nameOf?: (cameraId: string) => string | undefined;
  readonly spawn?: SpawnPort;
  readonly timing?: Partial<SupervisorTiming>;
}

/** How many transcodes run, the limit, and each one's CPU share (percent of one core). */
export interface TranscodeCounts {
  running: number;
  limit: number;
  cameras: Array<{ cameraId: string; cpuPercent: number | null }>;
}

/** Why a transcode was refused: `details.reason` of the 503, worded by the console (contracts/error-text.ts). */
export const TRANSCODE_BUSY = 'transcode_busy';

/** A refused player may ask again after this long (a running transcode ends some seconds after its viewer left). */
const REFUSAL_RETRY_SECONDS = 10;

interface Running {
  readonly transcoder: Transcoder;
  readonly viewer: TranscodeViewer | undefined;
}

export class Transcodes {
  private readonly running = new Map<string, Running>();
  /** transcode.maxConcurrent, or 0 when this ffmpeg cannot transcode. */
  readonly limit: number;

  constructor(private readonly options: TranscodesOptions) {
    const able = canTranscode(options.ffmpeg);
    if (!able && options.maxConcurrent > 0) {
      options.logger.warn({ ffmpeg: options.ffmpeg.versionText }, 'ffmpeg before 4.4 cannot transcode: none will run');
    }
    this.limit = able ? options.maxConcurrent : 0;
  }

  /**
   * The running transcode of a camera, or a new one when there is room. A transcode of an older upstream (the
   * camera was reopened) is not reused: the caller's viewing replaces it. Throws a 503 refusal when full.
   */
  transcoderFor(
    cameraId: string,
    upstream: TranscodeUpstream,
    stream: 'main' | 'sub',
    viewer: TranscodeViewer | undefined,
  ): Transcoder {
    const existing = this.running.get(cameraId);
    if (existing && !existing.transcoder.stopped && existing.transcoder.upstream === upstream) {
      return existing.transcoder;
    }
    const others = [...this.running.keys()].filter((id) => id !== cameraId).length;
    if (others >= this.limit) throw this.refuse(cameraId, viewer, others);
    const transcoder = new Transcoder({
      cameraId,
      upstream,
      upstreamStream: stream,
      ffmpegPath: this.options.ffmpeg.path,
      limits: this.options,
      idleMs: this.options.idleStopSeconds * 1000,
      logger: this.options.logger,
      onStopped: (stopped) => this.stopped(stopped, viewer),
      ...(this.options.spawn ? { spawn: this.options.spawn } : {}),
      ...(this.options.timing ? { timing: this.options.timing } : {}),
    });
    this.running.set(cameraId, { transcoder, viewer });
    this.options.publish({
      type: 'transcode.started',
      severity: 'info',
      cameraId,
      userId: viewer?.userId ?? null,
      ip: viewer?.ip ?? null,
      message: `${this.nameOf(cameraId)}: H.264 transcode of the ${stream} stream started for ${who(viewer)}`,
      data: { stream, username: viewer?.username ?? null, ...this.caps() },
    });
    return transcoder;
  }

  /** The running transcode's facts, or undefined when the camera has none. */
  info(cameraId: string): TranscodeInfo | undefined {
    const running = this.running.get(cameraId);
    return running && !running.transcoder.stopped ? running.transcoder.info() : undefined;
  }

  /** How many run, the limit, and each one's CPU share: for /metrics. */
  metrics(): TranscodeCounts {
    const cameras = [...this.running.values()].map(({ transcoder }) => ({
      cameraId: transcoder.cameraId,
      cpuPercent: transcoder.info().cpuPercent,
    }));
    return { running: this.running.size, limit: this.limit, cameras };
  }

  /** Stops every transcode (the hub stops); resolves when their ffmpeg processes have exited. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((running) => running.transcoder.stop()));
  }

  private stopped(transcoder: Transcoder, viewer: TranscodeViewer | undefined): void {
    if (this.running.get(transcoder.cameraId)?.transcoder === transcoder) this.running.delete(transcoder.cameraId);
    const durationMs = Date.now() - transcoder.startedAt;
    this.options.publish({
      type: 'transcode.stopped',
      severity: 'info',
      cameraId: transcoder.cameraId,
      userId: viewer?.userId ?? null,
      message: `${this.nameOf(transcoder.cameraId)}: H.264 transcode stopped after ${Math.round(durationMs / 1000)} s`,
      data: { stream: transcoder.stream, username: viewer?.username ?? null, durationMs },
    });
  }

  private refuse(cameraId: string, viewer: TranscodeViewer | undefined, running: number): VigilError {
    const limit = this.limit;
    const message =
      limit === 0
        ? 'This hub does not transcode (transcode.maxConcurrent is 0, or its ffmpeg is older than 4.4)'
        : `The hub is already transcoding ${running} camera(s), its limit (${limit}): try again later`;
    const event: DomainEvent = {
      type: 'transcode.refused',
      severity: 'warning',
      cameraId,
      userId: viewer?.userId ?? null,
      ip: viewer?.ip ?? null,
      message: `${this.nameOf(cameraId)}: H.264 transcode for ${who(viewer)} refused: ${running} of ${limit} running`,
      data: { username: viewer?.username ?? null, running, limit },
    };
    if (this.options.refusals) {
      this.options.refusals.publish(event, { keys: [`transcode.refused|${cameraId}|${viewer?.userId ?? ''}`] });
    } else this.options.publish(event);
    return new VigilError('VIGIL_UNAVAILABLE', message, {
      details: { reason: TRANSCODE_BUSY, limit, running },
      retryAfterSeconds: REFUSAL_RETRY_SECONDS,
    });
  }

  private caps(): { maxWidth: number; maxHeight: number; maxFps: number } {
    return { maxWidth: this.options.maxWidth, maxHeight: this.options.maxHeight, maxFps: this.options.maxFps };
  }

  private nameOf(cameraId: string): string {
    return this.options.nameOf?.(cameraId) ?? cameraId;
  }
}

function who(viewer: TranscodeViewer | undefined): string {
  return viewer ? viewer.username : 'a viewer';
}
