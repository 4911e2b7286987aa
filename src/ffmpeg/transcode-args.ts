// Pure ffmpeg argument builder for a live H.264 transcode: the hub's fMP4 on stdin, capped H.264 fMP4 on stdout.
import { fmp4OutputArgs } from './args.js';
import type { FfmpegBinary } from './binary.js';

export interface TranscodeLimits {
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly maxFps: number;
  readonly maxBitrateKbps: number;
}

export interface TranscodeArgsOptions extends TranscodeLimits {
  /** Fragment length of the output; 200 ms makes one LL-HLS part, as ingest does. */
  readonly fragmentMs?: number;
}

/** `-fpsmax` and the scale filter's `force_divisible_by` came with ffmpeg 4.4: an older build cannot transcode. */
export function canTranscode(binary: Pick<FfmpegBinary, 'major' | 'minor'>): boolean {
  return binary.major > 4 || (binary.major === 4 && binary.minor >= 4);
}

/**
 * Why each flag:
 * - `-f mp4 -i pipe:0`: the camera's own init segment and fragments as the hub already holds them (no second
 *   connection to the camera); the moov names the codec, so no probing delay.
 * - scale with `force_original_aspect_ratio=decrease`: fits the cap keeping the shape, never enlarges a smaller
 *   picture (`min(iw,…)`), and keeps both sides even, as 4:2:0 H.264 needs.
 * - `-fpsmax`: caps the frame rate without raising a slower camera's.
 * - `ultrafast`/`zerolatency`: the least CPU per frame and no frame held back (no B-frames, no lookahead).
 * - `-force_key_frames` every second: segments (GOPs) of one second, so a player joins and recovers quickly.
 * - CRF with a maxrate: quiet scenes cost little, busy ones stay under the cap.
 * - `yuv420p`: a 10-bit or 4:2:2 camera still gives what every browser decodes.
 */
export function buildTranscodeArgs(options: TranscodeArgsOptions): string[] {
  const { maxWidth: w, maxHeight: h } = options;
  const rate = `${options.maxBitrateKbps}k`;
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'warning',
    '-f',
    'mp4',
    '-i',
    'pipe:0',
    '-map',
    '0:v:0',
    '-an',
    '-vf',
    `scale=w='min(iw,${w})':h='min(ih,${h})':force_original_aspect_ratio=decrease:force_divisible_by=2`,
    '-fpsmax',
    String(options.maxFps),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-pix_fmt',
    'yuv420p',
    '-force_key_frames',
    'expr:gte(t,n_forced*1)',
    '-crf',
    '28',
    '-maxrate',
    rate,
    '-bufsize',
    rate,
    ...fmp4OutputArgs(options.fragmentMs),
  ];
}
