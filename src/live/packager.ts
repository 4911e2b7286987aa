// In-memory LL-HLS packager for one camera stream: segments are GOPs, parts are the incoming fragments.
import type { Fragment, InitSegment, ReaderOptions } from '../stream/index.js';
import { advancePartLimit, initUri, renderPlaylist, type PlaylistSegment, type PlaylistState } from './playlist.js';
import { WallClock } from './wall-clock.js';

export interface LlHlsPackagerOptions {
  /** Close the very first segment after one part, so a player can start before a whole GOP exists. Default true. */
  readonly quickFirstSegment?: boolean;
  /** A keyframe starts a new segment once the current one is at least this long. Default 1 s. */
  readonly minSegmentSeconds?: number;
  /** Cut even without a keyframe past this length, to bound memory and target duration. Default 10 s. */
  readonly maxSegmentSeconds?: number;
  /** Initial PART-TARGET; raised (never lowered) if a longer fragment arrives. Default 0.2 s. */
  readonly partTargetSeconds?: number;
  /** Complete segments kept in the playlist. Default 7. */
  readonly windowSegments?: number;
  /** Complete segments whose parts are still listed. Default 3. */
  readonly partWindowSegments?: number;
  /** A media time jump larger than this is a discontinuity. Default 1 s. */
  readonly gapToleranceSeconds?: number;
  readonly driftToleranceMs?: number;
}

/** Outcome of a blocking request: met, ran out of time, or asked for something too far ahead (HTTP 400). */
export type WaitResult = 'ready' | 'timeout' | 'too-far';

/** The narrow view of a CameraStream the packager needs. */
export interface FragmentSource {
  addReader(options: ReaderOptions): { close(): void };
}

interface Part {
  readonly data: Buffer;
  readonly duration: number;
  readonly independent: boolean;
}

/** A fragment this many times the part target (and at least OVERSIZE_PART_MIN_S) is not published as a part. */
const OVERSIZE_PART_FACTOR = 3;
const OVERSIZE_PART_MIN_S = 0.6;

interface Segment {
  readonly msn: number;
  readonly programDateTime: number;
  readonly discontinuity: boolean;
  readonly initVersion: number;
  readonly parts: Part[];
  /** Holds one fragment too long to be a part: listed as a whole segment only (see pushFragment). */
  readonly oversize?: boolean;
  duration: number;
  complete: boolean;
  /** Concatenated parts, built on first request of a complete segment. */
  data: Buffer | undefined;
}

interface Waiter {
  readonly ready: () => boolean;
  readonly resolve: (met: boolean) => void;
}

export class LlHlsPackager {
  private readonly minSegment: number;
  private readonly maxSegment: number;
  private readonly windowSegments: number;
  private readonly partWindow: number;
  private readonly gapTolerance: number;
  private readonly clock: WallClock;
  private partTarget: number;
  private targetDuration: number;
  private segments: Segment[] = [];
  private nextMsn = 0;
  private discontinuitySequence = 0;
  private inits = new Map<number, InitSegment>();
  private initVersion = -1;
  private pendingDiscontinuity = false;
  private mediaEnd: number | undefined;
  private cached: string | undefined;
  private readonly waiters = new Set<Waiter>();

  private readonly quickFirstSegment: boolean;
  constructor(options: LlHlsPackagerOptions = {}) {
    this.quickFirstSegment = options.quickFirstSegment ?? true;
    this.minSegment = options.minSegmentSeconds ?? 1;
    this.maxSegment = options.maxSegmentSeconds ?? 10;
    this.partTarget = options.partTargetSeconds ?? 0.2;
    this.windowSegments = options.windowSegments ?? 7;
    this.partWindow = options.partWindowSegments ?? 3;
    this.gapTolerance = options.gapToleranceSeconds ?? 1;
    this.clock = new WallClock(
      options.driftToleranceMs !== undefined ? { driftToleranceMs: options.driftToleranceMs } : {},
    );
    this.targetDuration = Math.max(1, Math.ceil(this.minSegment));
  }

  /** Becomes a reader of `source`; the packager's work is synchronous, so its queue never fills. */
  attach(source: FragmentSource, name = 'live'): () => void {
    const reader = source.addReader({
      name,
      onOverflow: 'drop',
      onItem: (item) => (item.type === 'init' ? this.pushInit(item.init) : this.pushFragment(item.fragment)),
    });
    return () => reader.close();
  }

  pushInit(init: InitSegment): void {
    const current = this.inits.get(this.initVersion);
    if (current && current.data.equals(init.data)) return;
    this.initVersion++;
    this.inits.set(this.initVersion, init);
    // A new init means a new decoder configuration: close the segment and mark the boundary.
    this.closeCurrent();
    if (this.segments.length > 0) this.pendingDiscontinuity = true;
    this.changed();
  }

  /** Hot path: appends one part, maybe cuts a segment, wakes blocked requests. */
  pushFragment(fragment: Fragment): void {
    if (this.initVersion < 0) return;
    const mediaStart = fragment.decodeTime / fragment.timescale;
    if (this.mediaEnd !== undefined && Math.abs(mediaStart - this.mediaEnd) > this.gapTolerance) {
      this.pendingDiscontinuity = true;
    }
    this.mediaEnd = mediaStart + fragment.durationSeconds;
    if (this.pendingDiscontinuity) this.clock.discontinuity();
    const wallStart = this.clock.place(mediaStart, fragment.durationSeconds, fragment.receivedAt);

    // A fragment far longer than a part (a timestamp jump in the camera's first GOP, seen at ~1 s) must not raise
    // PART-TARGET for the packager's whole life: PART-HOLD-BACK, and so every player's latency, would follow it.
    // It becomes a segment of its own, listed without parts; the parts go on after it.
    if (fragment.durationSeconds > Math.max(OVERSIZE_PART_FACTOR * this.partTarget, OVERSIZE_PART_MIN_S)) {
      this.closeCurrent();
      this.segments.push({
        msn: this.nextMsn++,
        programDateTime: wallStart,
        discontinuity: this.pendingDiscontinuity && this.segments.length > 0,
        initVersion: this.initVersion,
        parts: [{ data: fragment.data, duration: fragment.durationSeconds, independent: fragment.keyframe }],
        oversize: true,
        duration: fragment.durationSeconds,
        complete: true,
        data: undefined,
      });
      this.pendingDiscontinuity = false;
      this.trim();
      const rounded = Math.ceil(fragment.durationSeconds - 1e-3);
      if (rounded > this.targetDuration) this.targetDuration = rounded;
      this.changed();
      return;
    }

    let segment = this.current();
    const cut =
      !segment ||
      this.pendingDiscontinuity ||
      // The very first segment is cut after one part: hls.js refuses a playlist with no whole segment (and then
      // retries two seconds later), so a camera started on demand would otherwise wait a full GOP for its first frame.
      (this.quickFirstSegment && segment.msn === 0 && this.segments.length === 1 && !segment.discontinuity) ||
      // A segment that did not start on a keyframe (the rest of the first GOP) ends at the next one.
      (fragment.keyframe && (segment.duration >= this.minSegment || segment.parts[0]?.independent === false)) ||
      segment.duration + fragment.durationSeconds > this.maxSegment;
    if (cut || !segment) {
      this.closeCurrent();
      segment = {
        msn: this.nextMsn++,
        programDateTime: wallStart,
        discontinuity: this.pendingDiscontinuity && this.segments.length > 0,
        initVersion: this.initVersion,
        parts: [],
        duration: 0,
        complete: false,
        data: undefined,
      };
      this.pendingDiscontinuity = false;
      this.segments.push(segment);
      this.trim();
    }
    segment.parts.push({ data: fragment.data, duration: fragment.durationSeconds, independent: fragment.keyframe });
    segment.duration += fragment.durationSeconds;
    // Both only ever grow: players must not see PART-TARGET or TARGETDURATION shrink.
    if (fragment.durationSeconds > this.partTarget) this.partTarget = Math.ceil(fragment.durationSeconds * 1000) / 1000;
    const rounded = Math.ceil(segment.duration - 1e-3);
    if (rounded > this.targetDuration) this.targetDuration = rounded;
    this.changed();
  }

  /** The current playlist text (cached until the next change); undefined before the first part. */
  playlist(): string | undefined {
    if (this.segments.length === 0) return undefined;
    this.cached ??= renderPlaylist(this.state());
    return this.cached;
  }

  /** A snapshot for renderPlaylist and for tests. */
  state(): PlaylistState {
    const firstListedParts = this.segments.length - 1 - this.partWindow;
    const segments = this.segments.map((s, index): PlaylistSegment => ({
      msn: s.msn,
      duration: s.duration,
      programDateTime: s.programDateTime,
      complete: s.complete,
      discontinuity: s.discontinuity,
      initUri: initUri(s.initVersion),
      ...((index >= firstListedParts || !s.complete) && !s.oversize ? { parts: s.parts } : {}),
    }));
    const last = this.current();
    return {
      targetDuration: this.targetDuration,
      partTarget: this.partTarget,
      mediaSequence: this.segments[0]?.msn ?? 0,
      discontinuitySequence: this.discontinuitySequence,
      segments,
      preloadHint: last ? { msn: last.msn, part: last.parts.length } : { msn: this.nextMsn, part: 0 },
    };
  }

  /** The init segment by version (see initUri); the latest when omitted. */
  init(version = this.initVersion): Buffer | undefined {
    return this.inits.get(version)?.data;
  }

  /** A complete segment's bytes, or undefined. */
  segment(msn: number): Buffer | undefined {
    const segment = this.find(msn);
    if (!segment?.complete) return undefined;
    segment.data ??= Buffer.concat(segment.parts.map((p) => p.data));
    return segment.data;
  }

  part(msn: number, index: number): Buffer | undefined {
    return this.find(msn)?.parts[index]?.data;
  }

  /** A bound suited to blocking requests: three target durations (RFC 8216bis). */
  get blockingTimeoutMs(): number {
    return 3 * this.targetDuration * 1000;
  }

  /**
   * Blocking playlist reload: resolves once segment `msn` is complete or, with `part`, once that part (or a
   * later segment) exists. Requests more than two segments or the Advance Part Limit ahead are 'too-far'.
   */
  async waitFor(msn: number, part?: number, timeoutMs = this.blockingTimeoutMs): Promise<WaitResult> {
    if (this.tooFar(msn, part)) return 'too-far';
    const ready = (): boolean => this.reached(msn, part);
    return (await this.wait(ready, timeoutMs)) ? 'ready' : 'timeout';
  }

  /** A part the player asked for early (preload hint): waits until it exists, or it can no longer exist. */
  async waitForPart(msn: number, index: number, timeoutMs = this.blockingTimeoutMs): Promise<Buffer | undefined> {
    if (this.tooFar(msn, index)) return undefined;
    await this.wait(() => this.reached(msn, index), timeoutMs);
    return this.part(msn, index);
  }

  /** A segment still being produced: waits until it is complete. */
  async waitForSegment(msn: number, timeoutMs = this.blockingTimeoutMs): Promise<Buffer | undefined> {
    if (this.tooFar(msn, undefined)) return undefined;
    await this.wait(() => this.reached(msn, undefined), timeoutMs);
    return this.segment(msn);
  }

  /** Requests waiting right now (for stats and tests). */
  get pendingWaits(): number {
    return this.waiters.size;
  }

  private wait(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        ready,
        resolve: (met) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(met);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Segment `msn` complete, or (with `part`) that part present or its segment already over. */
  private reached(msn: number, part: number | undefined): boolean {
    const last = this.segments[this.segments.length - 1];
    if (!last) return false;
    if (last.msn > msn) return true;
    if (last.msn < msn) return false;
    return last.complete || (part !== undefined && last.parts.length > part);
  }

  private tooFar(msn: number, part: number | undefined): boolean {
    const lastMsn = this.nextMsn - 1;
    if (msn > lastMsn + 2) return true;
    if (part === undefined) return false;
    const limit = advancePartLimit(this.partTarget);
    if (msn === lastMsn) return part > (this.current()?.parts.length ?? 0) - 1 + limit;
    return msn > lastMsn && part >= limit;
  }

  private current(): Segment | undefined {
    const last = this.segments[this.segments.length - 1];
    return last && !last.complete ? last : undefined;
  }

  private find(msn: number): Segment | undefined {
    const first = this.segments[0];
    return first ? this.segments[msn - first.msn] : undefined;
  }

  private closeCurrent(): void {
    const segment = this.current();
    if (segment) segment.complete = true;
  }

  /** Keeps `windowSegments` complete segments plus the one in progress; drops inits no longer referenced. */
  private trim(): void {
    const excess = this.segments.length - 1 - this.windowSegments;
    if (excess <= 0) return;
    for (const removed of this.segments.splice(0, excess)) {
      if (removed.discontinuity) this.discontinuitySequence++;
    }
    const oldest = this.segments[0]?.initVersion ?? this.initVersion;
    for (const version of this.inits.keys()) if (version < oldest) this.inits.delete(version);
  }

  private changed(): void {
    this.cached = undefined;
    for (const waiter of this.waiters) if (waiter.ready()) waiter.resolve(true);
  }
}
