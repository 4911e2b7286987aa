// Live packagers created on a camera stream's first viewer and dropped after an idle delay.
import type { CameraSource } from '../ingest/index.js';
import { LlHlsPackager, type LlHlsPackagerOptions } from '../live/index.js';

interface Viewing {
  packager: LlHlsPackager;
  detach: () => void;
  source: CameraSource;
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
    this.sweepTimer = setInterval(() => this.sweep(), Math.min(5_000, this.idleMs));
    this.sweepTimer.unref();
  }

  /** The packager of a camera stream, created (and the source acquired) on the first request. */
  packagerFor(key: string, source: CameraSource): LlHlsPackager {
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
    const cutoff = this.now() - this.idleMs;
    for (const [key, viewing] of this.viewings) {
      if (viewing.lastRequestAt < cutoff) this.drop(key, viewing);
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
