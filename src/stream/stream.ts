// CameraStream: one producer (ingest) fans init + fragments out to many readers; keeps the last GOP and stats.
import { EventEmitter } from 'node:events';
import { VigilError } from '../shared/index.js';
import type { Fragment, InitSegment } from './fmp4.js';
import { StreamReader, type CloseReason, type ReaderOptions } from './reader.js';

export interface CameraStreamOptions {
  /** e.g. `cam-12/main`; used in reader names and stats. */
  readonly name: string;
  /** A GOP larger than this is not cached (a camera with a huge keyframe interval). Default 32 MiB. */
  readonly maxGopBytes?: number;
  /** Media seconds over which fps and bitrate are averaged. Default 5. */
  readonly statsWindowSeconds?: number;
}

export interface InitChange {
  readonly init: InitSegment;
  readonly previous: InitSegment | undefined;
  /** Codec or resolution differs from the previous init (players must re-create their decoder). */
  readonly formatChanged: boolean;
}

export interface StreamEvents {
  init: [InitChange];
  end: [];
}

export interface StreamStats {
  readonly name: string;
  readonly codec: string | undefined;
  readonly width: number;
  readonly height: number;
  readonly hevc: boolean;
  /** Samples per media second over the stats window. */
  readonly fps: number;
  /** Bits per media second over the stats window. */
  readonly bitrate: number;
  readonly lastFragmentAt: number | undefined;
  readonly fragments: number;
  readonly bytes: number;
  readonly keyframes: number;
  readonly readers: number;
  /** Fragments dropped by slow readers, all readers together (including ones since closed). */
  readonly dropped: number;
  readonly droppedBytes: number;
  /** Readers disconnected for being too slow. */
  readonly disconnected: number;
  readonly gopFragments: number;
}

/** Ring size for the stats window: 5 s of 200 ms fragments fits with room to spare. */
const RING = 128;

export class CameraStream extends EventEmitter<StreamEvents> {
  readonly name: string;
  private readonly maxGopBytes: number;
  private readonly windowSeconds: number;
  private readers: StreamReader[] = [];
  private currentInit: InitSegment | undefined;
  private gopCache: Fragment[] = [];
  private gopBytes = 0;
  private ended = false;
  private fragments = 0;
  private bytes = 0;
  private keyframes = 0;
  private dropped = 0;
  private droppedBytes = 0;
  private disconnected = 0;
  private lastFragmentAt: number | undefined;
  // Parallel typed arrays: no allocation per fragment for the stats window.
  private readonly ringBytes = new Float64Array(RING);
  private readonly ringSamples = new Float64Array(RING);
  private readonly ringSeconds = new Float64Array(RING);
  private ringNext = 0;
  private readonly hooks = {
    dropped: (bytes: number): void => {
      this.dropped++;
      this.droppedBytes += bytes;
    },
    closed: (reader: StreamReader, reason: CloseReason): void => {
      if (reason === 'overflow') this.disconnected++;
      const index = this.readers.indexOf(reader);
      if (index >= 0) this.readers.splice(index, 1);
    },
  };

  constructor(options: CameraStreamOptions) {
    super();
    this.name = options.name;
    this.maxGopBytes = options.maxGopBytes ?? 32 * 1024 * 1024;
    this.windowSeconds = options.statsWindowSeconds ?? 5;
  }

  get init(): InitSegment | undefined {
    return this.currentInit;
  }

  /** Fragments since the last keyframe, the keyframe first; empty until one arrived. Do not mutate. */
  get gop(): readonly Fragment[] {
    return this.gopCache;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get readerCount(): number {
    return this.readers.length;
  }

  pushInit(init: InitSegment): void {
    if (this.ended) return;
    const previous = this.currentInit;
    if (previous && previous.data.equals(init.data)) return; // a restarted producer sent the same moov
    this.currentInit = init;
    this.gopCache = [];
    this.gopBytes = 0;
    const item = { type: 'init', init } as const;
    for (const reader of this.readers.slice()) reader.offer(item);
    const formatChanged =
      previous !== undefined &&
      (previous.codec !== init.codec || previous.width !== init.width || previous.height !== init.height);
    this.emit('init', { init, previous, formatChanged });
  }

  /** Hot path: O(readers), no allocation beyond the item object. Never waits for a reader. */
  pushFragment(fragment: Fragment): void {
    if (this.ended) return;
    if (!this.currentInit) throw new VigilError('VIGIL_INTERNAL', `stream ${this.name}: fragment before init`);
    this.fragments++;
    this.bytes += fragment.byteLength;
    this.lastFragmentAt = fragment.receivedAt;
    const slot = this.ringNext++ % RING;
    this.ringBytes[slot] = fragment.byteLength;
    this.ringSamples[slot] = fragment.sampleCount;
    this.ringSeconds[slot] = fragment.durationSeconds;
    if (fragment.keyframe) {
      this.keyframes++;
      this.gopCache = [fragment];
      this.gopBytes = fragment.byteLength;
    } else if (this.gopCache.length > 0) {
      this.gopBytes += fragment.byteLength;
      if (this.gopBytes > this.maxGopBytes) {
        this.gopCache = [];
        this.gopBytes = 0;
      } else {
        this.gopCache.push(fragment);
      }
    }
    const item = { type: 'fragment', fragment } as const;
    const readers = this.readers;
    // Index loop over a snapshot length: a reader closing itself mid-loop splices the array.
    for (let i = readers.length - 1; i >= 0; i--) readers[i]?.offer(item);
  }

  /**
   * Attaches a reader. It receives the current init and (with start 'gop', the default) the cached GOP
   * first, then live fragments. Callbacks start on the next microtask, after this returns.
   */
  addReader(options: ReaderOptions): StreamReader {
    const reader = new StreamReader({ ...options, name: `${this.name}:${options.name}` }, this.hooks);
    if (this.ended) {
      reader.finish('ended');
      return reader;
    }
    reader.holdUntilMicrotask();
    if (this.currentInit) {
      reader.offer({ type: 'init', init: this.currentInit });
      if ((options.start ?? 'gop') === 'gop') {
        for (const fragment of this.gopCache) reader.offer({ type: 'fragment', fragment });
      }
    }
    this.readers.push(reader);
    return reader;
  }

  /** The producer is gone for good: every reader is closed with reason 'ended'. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const reader of this.readers.slice()) reader.finish('ended');
    this.readers = [];
    this.emit('end');
  }

  get stats(): StreamStats {
    let seconds = 0;
    let samples = 0;
    let bytes = 0;
    const count = Math.min(this.ringNext, RING);
    for (let i = 1; i <= count && seconds < this.windowSeconds; i++) {
      const slot = (this.ringNext - i) % RING;
      seconds += this.ringSeconds[slot] ?? 0;
      samples += this.ringSamples[slot] ?? 0;
      bytes += this.ringBytes[slot] ?? 0;
    }
    const init = this.currentInit;
    return {
      name: this.name,
      codec: init?.codec,
      width: init?.width ?? 0,
      height: init?.height ?? 0,
      hevc: init?.hevc ?? false,
      fps: seconds > 0 ? samples / seconds : 0,
      bitrate: seconds > 0 ? (bytes * 8) / seconds : 0,
      lastFragmentAt: this.lastFragmentAt,
      fragments: this.fragments,
      bytes: this.bytes,
      keyframes: this.keyframes,
      readers: this.readers.length,
      dropped: this.dropped,
      droppedBytes: this.droppedBytes,
      disconnected: this.disconnected,
      gopFragments: this.gopCache.length,
    };
  }
}
