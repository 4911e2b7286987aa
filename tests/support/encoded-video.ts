// Short H.264/H.265 Annex-B streams from ffmpeg's test source, for muxer and protocol tests.
import { execFileSync } from 'node:child_process';

export interface EncodeOptions {
  readonly codec: 'h264' | 'h265';
  /** e.g. `320x240`. */
  readonly size: string;
  readonly frames: number;
  /** Pictures per GOP. */
  readonly gop: number;
  /** H.264 profile (no B-frames either way). */
  readonly profile?: 'baseline' | 'high';
}

export function encodeAnnexB(options: EncodeOptions): Buffer {
  const encoder =
    options.codec === 'h264'
      ? [
          '-c:v',
          'libx264',
          '-profile:v',
          options.profile ?? 'baseline',
          '-bf',
          '0',
          '-g',
          String(options.gop),
          '-f',
          'h264',
        ]
      : ['-c:v', 'libx265', '-x265-params', `log-level=none:bframes=0:keyint=${options.gop}`, '-f', 'hevc'];
  const source = ['-f', 'lavfi', '-i', `testsrc=size=${options.size}:rate=25`, '-frames:v', String(options.frames)];
  return execFileSync('ffmpeg', ['-v', 'error', ...source, '-pix_fmt', 'yuv420p', ...encoder, '-']);
}
