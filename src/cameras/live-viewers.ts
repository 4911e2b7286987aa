// Live packagers created on a camera stream's first viewer and dropped after an idle delay.
import { LlHlsPackager, type LlHlsPackagerOptions } from '../live/index.js';
import type { CameraStream } from '../stream/index.js';

/** What a live view reads: a camera's fan-out, started while acquired (an ingest source, or a branch's stream). */
export interface LiveSource {
  readonly output: CameraStream;
  acquire(): void;
  release(): void;
  /** This source's own idle delay before its viewers count as gone (a branch stream lingers less). */
  readonly viewerIdleMs?: number;
}

interface Viewing {
  packager: LlHlsPackager;
  detach: () => void;
  source: LiveSource;
  lastRequestAt: number;
}

export interface LiveViewersOptions {
  /** A packager nobody has asked for in this long is dropped and its source released. */
  idleMs?: number;
  packager?: LlHlsPackagerOptions;
  now?: () => number;
}

export class LiveViewers {
  private readonly viewings = new Map<string, Viewing>();
  private readonly idleMs: number;
  private readonly now: () => number;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveViewersOptions = {}) {
    this.idleMs = options.idleMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.sweepTimer = setInterval(() => this.sweep(), Math.min(2_000, this.idleMs));
    this.sweepTimer.unref();
  }

  /** The packager of a camera stream, created (and the source acquired) on the first request. */
  packagerFor(key: string, source: LiveSource): LlHlsPackager {
    const existing = this.viewings.get(key);
    if (existing && existing.source === source) {
      existing.lastRequestAt = this.now();
      return existing.packager;
    }
    if (existing) this.drop(key, existing);
    const packager = new LlHlsPackager(this.options.packager);
    // Attach before acquiring so the first fragments of a source started on demand are not missed.
    const detach = packager.attach(source.output, 'live');
    source.acquire();
    this.viewings.set(key, { packager, detach, source, lastRequestAt: this.now() });
    return packager;
  }

  isWatched(key: string): boolean {
    return this.viewings.has(key);
  }

  get count(): number {
    return this.viewings.size;
  }

  /** Drops the packagers nobody asked for within the idle delay. */
  sweep(): void {
    const now = this.now();
    for (const [key, viewing] of this.viewings) {
      if (viewing.lastRequestAt < now - (viewing.source.viewerIdleMs ?? this.idleMs)) this.drop(key, viewing);
    }
  }

  dropAll(): void {
    for (const [key, viewing] of this.viewings) this.drop(key, viewing);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  private drop(key: string, viewing: Viewing): void {
    this.viewings.delete(key);
    viewing.detach();
    viewing.source.release();
  }
}
