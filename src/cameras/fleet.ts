// The running cameras: one ingest source per camera stream, their live packagers, snapshots, status and health.
import type { CameraState, CameraStatus, LiveUrls, StreamHealth } from '../contracts/index.js';
import type { DomainEvent, EventBus } from '../events/index.js';
import type { StartLimiterStats } from '../ffmpeg/index.js';
import type { CameraSource, IngestService, SourceStatusEvent, StreamRole } from '../ingest/index.js';
import type { LlHlsPackager, NotReady } from '../live/index.js';
import type { CameraRecord, CameraStore } from '../org/index.js';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../shared/service.js';
import type { Snapshot, SnapshotSize, Snapshotter } from '../snapshots/index.js';
import {
  Transcodes,
  type TranscodeCounts,
  type TranscodeInfo,
  type TranscodesOptions,
  type TranscodeViewer,
} from '../transcode/index.js';
import { LiveViewers, type LiveSource, type LiveViewersOptions } from './live-viewers.js';

export interface CameraStatusChange extends CameraState {
  cameraId: string;
  orgUnitId: string;
  at: number;
}

export interface StreamMetrics {
  cameraId: string;
  stream: StreamRole;
  online: boolean;
  status: CameraStatus;
  fps: number;
  bitrateBps: number;
  restarts: number;
  uptimeSeconds: number;
  lastDataAt: number | undefined;
  viewers: number;
  readers: number;
  droppedFragments: number;
  disconnectedReaders: number;
  bytes: number;
}

export interface CameraFleetOptions {
  cameras: CameraStore;
  ingest: IngestService;
  snapshots: Snapshotter;
  bus: EventBus;
  logger: Logger;
  /** Mount point of the live routes, for the playlist URLs in the camera resource. */
  livePath: string;
  live?: LiveViewersOptions;
  /** Every change of a camera's status (main stream), for realtime delivery. */
  onStatus?: (change: CameraStatusChange) => void;
  /** Where a push camera's stream is pulled from while its device pushes (undefined while nobody pushes). */
  pushSource?: (cameraId: string) => string | undefined;
  /** The live source of a camera mirrored from a branch hub (a center's view), if it can be watched now. */
  remoteSource?: (camera: CameraRecord, stream: StreamRole) => LiveSource | undefined;
  /** A camera's sources were (re)opened or closed: the recorder attaches to the new main stream. */
  onOpened?: (camera: CameraRecord) => void;
  /** H.264 transcodes on demand (the `h264` live stream); none without. */
  transcode?: Omit<TranscodesOptions, 'logger' | 'publish' | 'nameOf'>;
}

/** The live stream name of a camera's H.264 transcode (of its sub stream when it has one). */
export const TRANSCODED_STREAM = 'h264';

const STATUS_EVENT: Partial<Record<CameraStatus, 'camera.online' | 'camera.offline' | 'camera.reconnecting'>> = {
  online: 'camera.online',
  offline: 'camera.offline',
  reconnecting: 'camera.reconnecting',
};

const SEVERITY = { online: 'info', reconnecting: 'warning', offline: 'error' } as const;

export class CameraFleet implements Service {
  readonly name = 'cameras';
  private readonly viewers: LiveViewers;
  private readonly transcodes: Transcodes | undefined;

  constructor(private readonly options: CameraFleetOptions) {
    this.viewers = new LiveViewers(options.live);
    this.transcodes =
      options.transcode &&
      new Transcodes({
        ...options.transcode,
        logger: options.logger.child({ module: 'transcode' }),
        publish: (event) => options.bus.publish(event),
        nameOf: (cameraId) => options.cameras.get(cameraId)?.name,
      });
  }

  async start(): Promise<void> {
    this.viewers.start();
    for (const camera of this.options.cameras.list()) await this.open(camera);
  }

  async stop(): Promise<void> {
    this.viewers.dropAll();
    await this.transcodes?.stopAll();
    await this.options.ingest.stop();
  }

  /** Opens (or reopens after an edit) the sources of one camera. Recorded cameras run always; others on demand. */
  async open(camera: CameraRecord): Promise<void> {
    await this.options.ingest.remove(camera.id);
    // A camera mirrored from a branch hub is ingested there, not here.
    if (camera.enabled && camera.origin === null) await this.addSources(camera);
    this.options.onOpened?.(camera);
  }

  private async addSources(camera: CameraRecord): Promise<void> {
    for (const stream of ['main', 'sub'] as const) {
      const url = this.sourceUrlOf(camera, stream);
      if (!url) continue;
      await this.options.ingest.add({
        cameraId: camera.id,
        stream,
        url,
        transport: camera.rtspTransport,
        keepAlive: stream === 'main' && camera.recordMode === 'continuous',
      });
    }
  }

  /** A pushed camera has one stream, and a source only while its device pushes; others pull their URLs. */
  private sourceUrlOf(camera: CameraRecord, stream: StreamRole): string | undefined {
    if (camera.sourceKind !== 'rtmp') return this.options.cameras.sourceUrl(camera.id, stream);
    return stream === 'main' ? this.options.pushSource?.(camera.id) : undefined;
  }

  /** Stops the sources of one camera (deleted, or its device stopped pushing). */
  async close(cameraId: string): Promise<void> {
    await this.options.ingest.remove(cameraId);
  }

  /** Called by the ingest service for every source status change. */
  onSourceStatus(event: SourceStatusEvent): void {
    const camera = this.options.cameras.get(event.cameraId);
    if (!camera) return;
    const reason = event.reason ? event.reason.message : null;
    const type = STATUS_EVENT[event.status];
    // A source stopped on purpose goes idle: that is no event. Only arrivals and departures are logged.
    if (type && event.status !== event.previous) {
      const streamName = event.stream === 'main' ? '' : ' (sub stream)';
      const words = { online: 'is online', reconnecting: 'is reconnecting', offline: 'is offline' } as const;
      const status = event.status as keyof typeof words;
      const domainEvent: DomainEvent = {
        type,
        severity: SEVERITY[status],
        cameraId: camera.id,
        message: `${camera.name}${streamName} ${words[status]}${reason ? `: ${reason}` : ''}`,
        data: { stream: event.stream, status: event.status, reason, reasonCode: event.reason?.code ?? null },
      };
      this.options.bus.publish(domainEvent);
    }
    if (event.stream === 'main') {
      this.options.onStatus?.({
        cameraId: camera.id,
        orgUnitId: camera.orgUnitId,
        status: event.status,
        reason,
        reasonCode: event.reason?.code ?? null,
        at: event.at,
      });
    }
  }

  source(cameraId: string, stream: StreamRole): CameraSource | undefined {
    return this.options.ingest.get(cameraId, stream);
  }

  /**
   * The live packager of a camera stream; the first request starts a source that is not running. The `h264`
   * stream is a transcode of the camera's sub (else main) stream, started for `viewer` when there is room (a 503
   * refusal otherwise) and stopped when its viewers are gone.
   */
  packager(cameraId: string, stream: string, viewer?: TranscodeViewer): LlHlsPackager | undefined {
    if (stream === TRANSCODED_STREAM) return this.transcodedPackager(cameraId, viewer);
    if (stream !== 'main' && stream !== 'sub') return undefined;
    const source = this.liveSourceOf(cameraId, stream);
    return source ? this.viewers.packagerFor(`${cameraId}/${stream}`, source) : undefined;
  }

  /**
   * Why a stream has nothing to play yet, for the 503 of its playlist: still queued behind other camera starts
   * (the hub starts a few per second, so a large fleet takes a while after a restart), connecting, or failing.
   */
  notReady(cameraId: string, stream: string): NotReady {
    const source = stream === 'main' || stream === 'sub' ? this.source(cameraId, stream) : undefined;
    const starts = this.options.ingest.starts;
    if (source?.status === 'starting' && starts.waiting > 0) {
      return {
        message: `The camera is waiting to start: ${starts.waiting} camera streams are queued before the hub starts more`,
        details: { reason: 'camera_queued', waiting: starts.waiting },
      };
    }
    if (source?.status === 'starting') {
      return { message: 'The camera is connecting', details: { reason: 'camera_connecting' } };
    }
    if (source && source.reason) {
      return {
        message: `The camera is ${source.status}: ${source.reason.message}`,
        details: { reason: 'camera_failing', status: source.status, reasonCode: source.reason.code },
      };
    }
    return { message: 'The stream has no data yet', details: { reason: 'no_data' } };
  }

  /** `status.json` of a live stream: only a transcode has one (what it makes and costs). */
  liveStatus(cameraId: string, stream: string): TranscodeInfo | undefined {
    return stream === TRANSCODED_STREAM ? this.transcodes?.info(cameraId) : undefined;
  }

  private transcodedPackager(cameraId: string, viewer: TranscodeViewer | undefined): LlHlsPackager | undefined {
    if (!this.transcodes) return undefined;
    const stream: StreamRole = this.liveSourceOf(cameraId, 'sub') ? 'sub' : 'main';
    const upstream = this.liveSourceOf(cameraId, stream);
    if (!upstream) return undefined;
    const transcoder = this.transcodes.transcoderFor(cameraId, upstream, stream, viewer);
    return this.viewers.packagerFor(`${cameraId}/${TRANSCODED_STREAM}`, transcoder);
  }

  private liveSourceOf(cameraId: string, stream: StreamRole): LiveSource | undefined {
    return this.source(cameraId, stream) ?? this.remoteSourceOf(cameraId, stream);
  }

  private remoteSourceOf(cameraId: string, stream: StreamRole): LiveSource | undefined {
    const camera = this.options.remoteSource ? this.options.cameras.get(cameraId) : undefined;
    return camera?.origin ? this.options.remoteSource?.(camera, stream) : undefined;
  }

  statusOf(cameraId: string): CameraState {
    const source = this.source(cameraId, 'main');
    if (!source) {
      const push = this.options.cameras.get(cameraId)?.sourceKind === 'rtmp';
      return push
        ? { status: 'offline', reason: 'waiting for the device to push', reasonCode: 'waiting_push' }
        : { status: 'offline', reason: 'no stream configured', reasonCode: 'no_stream' };
    }
    return { status: source.status, reason: source.reason?.message ?? null, reasonCode: source.reason?.code ?? null };
  }

  healthOf(cameraId: string): { main: StreamHealth | null; sub: StreamHealth | null } | null {
    const main = this.streamHealth(cameraId, 'main');
    return main ? { main, sub: this.streamHealth(cameraId, 'sub') } : null;
  }

  liveUrls(cameraId: string): LiveUrls | null {
    if (!this.source(cameraId, 'main')) return null;
    const base = `${this.options.livePath}/${encodeURIComponent(cameraId)}`;
    return {
      main: `${base}/main/index.m3u8`,
      sub: this.source(cameraId, 'sub') ? `${base}/sub/index.m3u8` : null,
      transcode: this.transcodes?.limit ? `${base}/${TRANSCODED_STREAM}/index.m3u8` : null,
    };
  }

  /** A JPEG of the latest keyframe; a camera not running is started for it and left to stop when idle. */
  async snapshot(cameraId: string, stream: StreamRole = 'sub', size?: SnapshotSize): Promise<Snapshot | undefined> {
    const source = this.source(cameraId, stream) ?? this.source(cameraId, 'main');
    if (!source) return undefined;
    const key = `${source.cameraId}/${source.stream}`;
    if (source.output.gop.length === 0) {
      source.acquire();
      try {
        await waitForKeyframe(source, 6_000);
      } finally {
        source.release();
      }
    }
    return this.options.snapshots.take(key, source.output, size);
  }

  /** The ffmpeg start queue's counters, for /metrics. */
  startQueue(): StartLimiterStats {
    return this.options.ingest.starts;
  }

  /** The transcodes for /metrics (undefined when this hub has none configured). */
  transcodeMetrics(): TranscodeCounts | undefined {
    return this.transcodes?.metrics();
  }

  /** One row per camera stream, for /metrics. */
  streamMetrics(): StreamMetrics[] {
    return this.options.ingest.list().map((source) => {
      const stats = source.stats;
      const media = source.output.stats;
      return {
        cameraId: source.cameraId,
        stream: source.stream,
        online: stats.status === 'online',
        status: stats.status,
        fps: media.fps,
        bitrateBps: media.bitrate,
        restarts: stats.restarts,
        uptimeSeconds: stats.uptimeMs / 1000,
        lastDataAt: stats.lastDataAt,
        viewers: stats.viewers,
        readers: media.readers,
        droppedFragments: media.dropped,
        disconnectedReaders: media.disconnected,
        bytes: media.bytes,
      };
    });
  }

  private streamHealth(cameraId: string, stream: StreamRole): StreamHealth | null {
    const source = this.source(cameraId, stream);
    if (!source) return null;
    const stats = source.stats;
    const media = source.output.stats;
    return {
      codec: media.codec ?? null,
      width: media.width || null,
      height: media.height || null,
      fps: stats.status === 'online' ? round(media.fps, 1) : null,
      bitrateKbps: stats.status === 'online' ? Math.round(media.bitrate / 1000) : null,
      uptimeSeconds: stats.onlineSince ? Math.round(stats.uptimeMs / 1000) : null,
      lastDataAt: stats.lastDataAt ? new Date(stats.lastDataAt).toISOString() : null,
      restarts: stats.restarts,
      engine: stats.engine,
    };
  }
}

function round(value: number | undefined, digits: number): number | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function waitForKeyframe(source: CameraSource, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (source.output.gop.length > 0 || Date.now() - started > timeoutMs) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
  });
}
