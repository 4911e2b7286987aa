// Ingest service: the hub's set of camera sources, one shared start limiter, and stop-all on shutdown.
import type { IngestEngine } from '../contracts/index.js';
import { StartLimiter, type FfmpegBinary, type StartLimiterStats, type SupervisorTiming } from '../ffmpeg/index.js';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../shared/service.js';
import { CameraSource, type CameraSourceOptions, type SourceStatusEvent, type StreamRole } from './camera-source.js';

export interface IngestServiceOptions {
  readonly binary: Pick<FfmpegBinary, 'path' | 'major'>;
  readonly logger: Logger;
  /** ffmpeg starts per second over all cameras (default 4): each start costs ~0.2 CPU-s. */
  readonly startsPerSecond?: number;
  /** ffmpeg starts under way at once (default 16); the rest queue, e.g. the cameras of a CSV import. */
  readonly maxStartsInFlight?: number;
  /** The engine for RTSP pulls ('native' falls back to ffmpeg per stream where it must). Default 'ffmpeg'. */
  readonly engine?: IngestEngine;
  /** Every source's status changes (the hub forwards them to the event bus). */
  readonly onStatus?: (event: SourceStatusEvent) => void;
  readonly timing?: Partial<SupervisorTiming>;
}

/** What the hub says per camera stream; the service adds the binary, logger, limiter and status listener. */
export type SourceSpec = Omit<CameraSourceOptions, 'binary' | 'logger' | 'limiter' | 'onStatus' | 'engine'>;

export class IngestService implements Service {
  readonly name = 'ingest';
  private readonly options: IngestServiceOptions;
  private readonly limiter: StartLimiter;
  private readonly sources = new Map<string, CameraSource>();
  /** Sources removed and still stopping: `stop` waits for them too, so none reports after the hub is down. */
  private readonly closing = new Set<Promise<void>>();

  constructor(options: IngestServiceOptions) {
    this.options = options;
    this.limiter = new StartLimiter({
      perSecond: options.startsPerSecond ?? 4,
      maxInFlight: options.maxStartsInFlight ?? 16,
    });
  }

  /** The start queue's counters: starts under way, their peak, starts waiting. */
  get starts(): StartLimiterStats {
    return this.limiter.stats;
  }

  start(): void {
    // Sources start as they are added (keepAlive) or acquired (viewers).
  }

  /** Adds (or replaces) the source of one camera stream. */
  async add(spec: SourceSpec): Promise<CameraSource> {
    await this.remove(spec.cameraId, spec.stream);
    const source = new CameraSource({
      ...spec,
      binary: this.options.binary,
      ...(this.options.engine ? { engine: this.options.engine } : {}),
      logger: this.options.logger,
      limiter: this.limiter,
      ...(this.options.onStatus ? { onStatus: this.options.onStatus } : {}),
      ...(this.options.timing || spec.timing ? { timing: { ...this.options.timing, ...spec.timing } } : {}),
    });
    this.sources.set(keyOf(spec.cameraId, spec.stream), source);
    return source;
  }

  get(cameraId: string, stream: StreamRole): CameraSource | undefined {
    return this.sources.get(keyOf(cameraId, stream));
  }

  list(): CameraSource[] {
    return [...this.sources.values()];
  }

  /** Closes one stream of a camera, or both when `stream` is omitted. */
  async remove(cameraId: string, stream?: StreamRole): Promise<void> {
    const roles: StreamRole[] = stream ? [stream] : ['main', 'sub'];
    await Promise.all(
      roles.map(async (role) => {
        const source = this.sources.get(keyOf(cameraId, role));
        if (!source) return;
        this.sources.delete(keyOf(cameraId, role));
        const closing = source.close();
        this.closing.add(closing);
        await closing.finally(() => this.closing.delete(closing));
      }),
    );
  }

  /** Kills every ffmpeg (SIGTERM, SIGKILL after the grace period) and waits for them to exit. */
  async stop(): Promise<void> {
    this.limiter.clear();
    const all = [...this.sources.values()];
    this.sources.clear();
    await Promise.all([...all.map((source) => source.close()), ...this.closing]);
  }
}

function keyOf(cameraId: string, stream: StreamRole): string {
  return `${cameraId}/${stream}`;
}
