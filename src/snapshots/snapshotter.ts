// JPEG stills from a stream's latest keyframe: one short ffmpeg decode on request, cached a few seconds.
import { runFfmpeg, type SpawnPort } from '../ffmpeg/index.js';
import type { Fragment, InitSegment } from '../stream/index.js';
import { VigilError } from '../shared/errors.js';

/** What a snapshot needs of a stream: its init segment and the fragments since the last keyframe. */
export interface KeyframeSource {
  readonly init: InitSegment | undefined;
  readonly gop: readonly Fragment[];
}

/** `thumbnail`: at most `maxWidth` wide, for lists and tiles; `full`: the camera's own size, for evidence. */
export type SnapshotSize = 'thumbnail' | 'full';

export interface Snapshot {
  jpeg: Buffer;
  /** Wall-clock ms of the keyframe shown (approximately: when its fragment arrived). */
  takenAt: number;
}

export interface SnapshotterOptions {
  ffmpegPath: string;
  /** A still younger than this is served again instead of decoding anew. */
  cacheMs?: number;
  /** At most this many decodes run at once across all cameras; the rest wait. */
  maxConcurrent?: number;
  /** Longest edge of the JPEG; larger frames are scaled down (thumbnails for lists and tiles). */
  maxWidth?: number;
  timeoutMs?: number;
  /** The spawn port (a test's); the hub's one spawn path by default. */
  spawn?: SpawnPort;
}

export class Snapshotter {
  private readonly cache = new Map<string, Snapshot & { cachedAt: number }>();
  private readonly inFlight = new Map<string, Promise<Snapshot>>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly cacheMs: number;
  private readonly maxConcurrent: number;

  constructor(private readonly options: SnapshotterOptions) {
    this.cacheMs = options.cacheMs ?? 5_000;
    this.maxConcurrent = options.maxConcurrent ?? 2;
  }

  /** A JPEG of the latest keyframe of `source`, keyed by `key` (camera and stream) for caching. */
  async take(key: string, source: KeyframeSource, size: SnapshotSize = 'thumbnail'): Promise<Snapshot> {
    const now = Date.now();
    key = `${key}/${size}`;
    const cached = this.cache.get(key);
    if (cached && now - cached.cachedAt < this.cacheMs) return cached;
    // Many tiles asking at once share one decode.
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const job = this.decodeLimited(source, size).then((snapshot) => {
      this.cache.set(key, { ...snapshot, cachedAt: Date.now() });
      return snapshot;
    });
    this.inFlight.set(key, job);
    try {
      return await job;
    } finally {
      this.inFlight.delete(key);
    }
  }

  forget(key: string): void {
    this.cache.delete(`${key}/thumbnail`);
    this.cache.delete(`${key}/full`);
  }

  private async decodeLimited(source: KeyframeSource, size: SnapshotSize): Promise<Snapshot> {
    const init = source.init;
    const keyframe = source.gop[0];
    if (!init || !keyframe || !keyframe.keyframe) {
      throw new VigilError('VIGIL_UNAVAILABLE', 'No picture yet: the camera has not sent a keyframe');
    }
    if (this.running >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      const jpeg = await this.decode(Buffer.concat([init.data, keyframe.data]), size);
      return { jpeg, takenAt: keyframe.receivedAt };
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  private async decode(media: Buffer, size: SnapshotSize): Promise<Buffer> {
    const maxWidth = size === 'full' ? 8192 : (this.options.maxWidth ?? 640);
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-f',
      'mp4',
      '-i',
      'pipe:0',
      '-frames:v',
      '1',
      '-vf',
      `scale='min(${maxWidth},iw)':-2`,
      '-f',
      'image2',
      '-c:v',
      'mjpeg',
      '-q:v',
      size === 'full' ? '2' : '5',
      'pipe:1',
    ];
    const run = await runFfmpeg({
      command: this.options.ffmpegPath,
      args,
      stdin: media,
      timeoutMs: this.options.timeoutMs ?? 5_000,
      ...(this.options.spawn ? { spawn: this.options.spawn } : {}),
    });
    if (run.code === 0 && run.stdout.length > 0) return run.stdout;
    const why = run.timedOut ? 'took too long' : (run.stderr.at(-1) ?? `exit ${run.code ?? run.signal}`);
    throw new VigilError('VIGIL_UNAVAILABLE', `The snapshot could not be decoded: ${why}`);
  }
}
