// Loop mode for benchmarks: a clip encoded once per format, packetised once, and paced for every loop camera by one shared ticker.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../shared/index.js';
import { parameterSets, splitAccessUnits } from './annexb.js';
import { buildClipEncoderArgs, gopFrames, type EncodeSettings } from './encoder.js';
import type { MediaSource, StreamDescription, UnitSink } from './media-source.js';
import { packetizeAccessUnit, type PacketizedAccessUnit } from './rtp-h264.js';

const execFileAsync = promisify(execFile);

export function defaultClipCacheDir(): string {
  return join(tmpdir(), 'vigil-sim-clips');
}

/** A decoded-once clip: packetised access units (timestamps relative to the clip start) and its SDP facts. */
export interface LoadedClip {
  units: PacketizedAccessUnit[];
  description: StreamDescription;
}

export type ClipSettings = Pick<EncodeSettings, 'width' | 'height' | 'fps' | 'gopSeconds' | 'bitrateKbps' | 'font'> & {
  /** Minimum clip length; rounded up to whole GOPs. Default 4 s. */
  minSeconds?: number;
};

/** Clip length: the smallest whole number of GOPs lasting at least this long, so the loop point is an IDR. */
const MIN_CLIP_SECONDS = 4;

export function clipFrames(s: Pick<EncodeSettings, 'fps' | 'gopSeconds'>, minSeconds = MIN_CLIP_SECONDS): number {
  const gop = gopFrames(s);
  return gop * Math.max(1, Math.ceil((minSeconds * s.fps) / gop));
}

/** Cache key: everything that changes the encoded bytes. */
export function clipKey(s: ClipSettings): string {
  const frames = clipFrames(s, s.minSeconds);
  return `${s.width}x${s.height}-${s.fps}fps-g${gopFrames(s)}-${Math.round(s.bitrateKbps)}k-${frames}f${s.font ? '-t' : ''}-v1`;
}

/** Encodes clips on first use (files shared between processes, renamed into place atomically) and keeps them in memory. */
export class ClipLibrary {
  private readonly loaded = new Map<string, Promise<LoadedClip>>();

  constructor(
    private readonly ffmpegPath: string,
    private readonly cacheDir: string,
    private readonly logger: Logger,
  ) {}

  get(settings: ClipSettings): Promise<LoadedClip> {
    const key = clipKey(settings);
    let clip = this.loaded.get(key);
    if (!clip) {
      clip = this.load(key, settings);
      // A failed encode must not be cached forever.
      clip.catch(() => this.loaded.delete(key));
      this.loaded.set(key, clip);
    }
    return clip;
  }

  private async load(key: string, s: ClipSettings): Promise<LoadedClip> {
    const file = join(this.cacheDir, `${key}.h264`);
    const exists = await stat(file).then(
      (st) => st.size > 0,
      () => false,
    );
    if (!exists) await this.encode(file, s);
    const units = splitAccessUnits(await readFile(file));
    if (units.length === 0 || !units[0]?.keyframe) throw new Error(`clip ${file} does not start with a keyframe`);
    const sets = parameterSets(units[0]);
    if (!sets) throw new Error(`clip ${file} has no SPS/PPS`);
    const packetized = units.map((u, i) => packetizeAccessUnit(u, Math.round((i * 90_000) / s.fps)));
    return { units: packetized, description: { ...sets, width: s.width, height: s.height, fps: s.fps } };
  }

  private async encode(file: string, s: ClipSettings): Promise<void> {
    await mkdir(this.cacheDir, { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    const settings: EncodeSettings = {
      width: s.width,
      height: s.height,
      fps: s.fps,
      gopSeconds: s.gopSeconds,
      bitrateKbps: s.bitrateKbps,
      label: `LOOP ${s.width}x${s.height}`,
      ...(s.font ? { font: s.font } : {}),
    };
    const frames = clipFrames(s, s.minSeconds);
    const started = Date.now();
    try {
      await execFileAsync(this.ffmpegPath, buildClipEncoderArgs(settings, frames, temp), { timeout: 120_000 });
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    this.logger.info({ file, frames, ms: Date.now() - started }, 'loop clip encoded');
  }
}

/** Anything the shared ticker drives. */
interface Tickable {
  tick(nowMs: number): void;
}

/**
 * One timer for all loop cameras: each tick every camera sends the frames that became due.
 * Hundreds of cameras then cost one wake-up per tick instead of one timer each.
 */
export class LoopTicker {
  private readonly members = new Set<Tickable>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly periodMs = 10) {}

  add(member: Tickable): void {
    this.members.add(member);
    if (!this.timer) this.timer = setInterval(() => this.run(), this.periodMs);
  }

  remove(member: Tickable): void {
    this.members.delete(member);
    if (this.members.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private run(): void {
    const now = Date.now();
    for (const member of this.members) member.tick(now);
  }
}

/** A loop camera stream: always "on", replays the clip with timestamps that keep growing across loops. */
export class LoopSource implements MediaSource, Tickable {
  private readonly sinks = new Set<UnitSink>();
  /** Frame number (across loops) already sent; the clock starts at a random clip position to spread IDR bursts. */
  private nextFrame: number;
  private readonly epochMs: number;
  private readonly frameOffset: number;
  private closed = false;

  constructor(
    private readonly clip: LoadedClip,
    private readonly ticker: LoopTicker,
  ) {
    this.frameOffset = Math.floor(Math.random() * clip.units.length);
    this.epochMs = Date.now();
    this.nextFrame = 0;
    ticker.add(this);
  }

  describe(): Promise<StreamDescription> {
    return Promise.resolve(this.clip.description);
  }

  addSink(sink: UnitSink): void {
    this.sinks.add(sink);
  }

  removeSink(sink: UnitSink): void {
    this.sinks.delete(sink);
  }

  clockAt(unixMs: number): number {
    return Math.round((unixMs - this.epochMs) * 90);
  }

  tick(nowMs: number): void {
    const fps = this.clip.description.fps;
    const due = Math.floor(((nowMs - this.epochMs) * fps) / 1000);
    // After a long stall (event loop blocked) skip ahead rather than burst many seconds of video.
    if (due - this.nextFrame > fps) this.nextFrame = due - 1;
    for (; this.nextFrame <= due; this.nextFrame++) {
      if (this.sinks.size === 0) continue;
      const units = this.clip.units;
      const unit = units[(this.nextFrame + this.frameOffset) % units.length]!;
      const shifted: PacketizedAccessUnit = { ...unit, timestamp: Math.round((this.nextFrame * 90_000) / fps) };
      for (const sink of this.sinks) sink(shifted);
    }
  }

  close(): Promise<void> {
    if (!this.closed) this.ticker.remove(this);
    this.closed = true;
    this.sinks.clear();
    return Promise.resolve();
  }
}
