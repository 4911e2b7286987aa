// "Test stream": one short, time-bounded ffprobe of a camera URL → codec, resolution, frame rate, or why it failed.
import { execFile } from 'node:child_process';
import { redactSecrets } from '../shared/redact.js';
import { inputKindOf, type RtspTransport } from './args.js';
import { rtspTimeoutArgs, type FfmpegBinary } from './binary.js';
import { classifyFfmpegFailure, failureReason, type FailureReason } from './failure.js';

/** Codecs the hub can remux into fMP4; only H.264 plays in every browser. */
const REMUXABLE = new Set(['h264', 'hevc']);

export interface StreamProbeOptions {
  readonly binary: Pick<FfmpegBinary, 'path' | 'probePath' | 'major'>;
  /** The URL with credentials put in (they are redacted from anything returned). */
  readonly url: string;
  readonly transport?: RtspTransport;
  /** Hard bound for the whole probe, spawn to exit. Default 8 s. */
  readonly timeoutMs?: number;
  /** Literal secrets to scrub from ffprobe's messages (the password). */
  readonly secrets?: readonly string[];
}

export type StreamProbeResult =
  | {
      ok: true;
      codec: string;
      width: number;
      height: number;
      fps: number | null;
      /** False for H.265: it records and relays, but browsers (Chromium on Debian) cannot play it. */
      browserPlayable: boolean;
    }
  | { ok: false; reason: FailureReason };

interface ProbedStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
}

/** ffprobe's arguments: the socket timeout below the hard bound so a silent peer is named by ffprobe itself. */
export function buildProbeArgs(options: StreamProbeOptions): string[] {
  const socketMs = Math.max(1000, Math.round((options.timeoutMs ?? 8000) * 0.6));
  const args = ['-hide_banner', '-v', 'error'];
  if (inputKindOf(options.url) === 'rtsp') {
    args.push('-rtsp_transport', options.transport ?? 'tcp', ...rtspTimeoutArgs(options.binary, socketMs));
  } else {
    args.push('-rw_timeout', String(socketMs * 1000));
  }
  args.push('-show_entries', 'stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate');
  args.push('-of', 'json', options.url);
  return args;
}

/** "25/1" → 25; "0/0" → null. */
export function parseRate(rate: string | undefined): number | null {
  const [num, den] = (rate ?? '').split('/').map(Number);
  if (!num || !den || !Number.isFinite(num / den)) return null;
  return Math.round((num / den) * 100) / 100;
}

/** Reads ffprobe's JSON (pure): the first video stream, or the reason there is none usable. */
export function interpretProbe(stdout: string): StreamProbeResult {
  let streams: ProbedStream[] = [];
  try {
    streams = (JSON.parse(stdout) as { streams?: ProbedStream[] }).streams ?? [];
  } catch {
    return { ok: false, reason: failureReason('exited', 'ffprobe gave no readable answer') };
  }
  const video = streams.find((stream) => stream.codec_type === 'video');
  if (!video) return { ok: false, reason: failureReason('no_video', 'the stream carries no video track') };
  const codec = video.codec_name ?? 'unknown';
  if (!REMUXABLE.has(codec)) {
    return { ok: false, reason: failureReason('unsupported_codec', `${codec}: the hub takes H.264 or H.265 only`) };
  }
  return {
    ok: true,
    codec,
    width: video.width ?? 0,
    height: video.height ?? 0,
    fps: parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate),
    browserPlayable: codec === 'h264',
  };
}

/** Runs ffprobe once; never rejects, never outlives `timeoutMs`. */
export function probeStream(options: StreamProbeOptions): Promise<StreamProbeResult> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const command = options.binary.probePath;
  if (!command) {
    return Promise.resolve({ ok: false, reason: failureReason('exited', 'ffprobe is not installed next to ffmpeg') });
  }
  const secrets = options.secrets ?? [];
  return new Promise((resolve) => {
    execFile(
      command,
      buildProbeArgs(options),
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(interpretProbe(stdout));
          return;
        }
        const killed = (error as { killed?: boolean }).killed === true;
        if (killed) {
          resolve({ ok: false, reason: failureReason('unreachable', `no answer within ${timeoutMs / 1000} s`) });
          return;
        }
        const lines = redactSecrets(String(stderr), secrets).split('\n');
        const code = typeof error.code === 'number' ? error.code : 1;
        resolve({ ok: false, reason: classifyFfmpegFailure(lines, code) });
      },
    );
  });
}
