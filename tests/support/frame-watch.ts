// Watches a stream's picture as tiny grayscale frames (ffmpeg rawvideo) and compares pictures with a tolerance.
import { spawn, type ChildProcess } from 'node:child_process';

export const FRAME_W = 32;
export const FRAME_H = 18;

/** Mean absolute difference of two grayscale frames, 0..255 (the same picture stays under a few units). */
export function frameDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

/** Decodes `url` continuously, keeping its newest frame; `until` waits for a frame that satisfies a test. */
export class FrameWatch {
  private readonly child: ChildProcess;
  private pending = Buffer.alloc(0);
  private listeners = new Set<(frame: Buffer) => void>();
  latest: Buffer | undefined;

  constructor(ffmpegPath: string, url: string, inputArgs: string[] = []) {
    const size = FRAME_W * FRAME_H;
    this.child = spawn(
      ffmpegPath,
      [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error', ...inputArgs, '-i', url],
        ...['-vf', `fps=10,scale=${FRAME_W}:${FRAME_H},format=gray`, '-f', 'rawvideo', 'pipe:1'],
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      while (this.pending.length >= size) {
        const frame = this.pending.subarray(0, size);
        this.pending = this.pending.subarray(size);
        this.latest = Buffer.from(frame);
        for (const listener of this.listeners) listener(this.latest);
      }
    });
  }

  /** The first frame (from now on) for which `test` holds; rejects after `timeoutMs`. */
  until(test: (frame: Buffer) => boolean, timeoutMs = 10_000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = (frame: Buffer): void => {
        if (!test(frame)) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(frame);
      };
      this.listeners.add(check);
    });
  }

  /** A frame after the picture has settled: two frames in a row within `tolerance` of each other. */
  async settled(tolerance = 4, timeoutMs = 10_000): Promise<Buffer> {
    let previous: Buffer | undefined;
    return this.until((frame) => {
      const same = previous !== undefined && frameDifference(previous, frame) < tolerance;
      previous = frame;
      return same;
    }, timeoutMs);
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}
