// "Test stream": one short, time-bounded ffprobe (or ffmpeg, where there is no ffprobe) of a camera URL → codec, size, rate, or why it failed.
import { networkInput, type RtspTransport } from './args.js';
import type { FfmpegBinary } from './binary.js';
import { classifyFfmpegFailure, failureReason, type FailureReason } from './failure.js';
import { inputArgs, type FfmpegInvocation } from './input.js';
import type { SpawnPort } from './process.js';
import { runFfmpeg } from './run.js';

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
  readonly spawn?: SpawnPort;
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

/** The input both tools share: the socket timeout below the hard bound so a silent peer is named by the tool itself. */
function probeInput(options: StreamProbeOptions): FfmpegInvocation {
  const socketMs = Math.max(1000, Math.round((options.timeoutMs ?? 8000) * 0.6));
  return inputArgs(options.binary, networkInput(options.binary, { ...options, timeoutMs: socketMs }));
}

/** ffprobe's arguments: the first streams' codec, size and rates as JSON. */
export function buildProbeArgs(options: StreamProbeOptions): FfmpegInvocation {
  const input = probeInput(options);
  const args = [
    ...['-hide_banner', '-v', 'error'],
    ...['-show_entries', 'stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate'],
    ...['-of', 'json', ...input.args],
  ];
  return { ...input, args };
}

/** Without ffprobe (the bundled 4.1 build ships ffmpeg only): ffmpeg opens the input, copies 0.1 s and prints it. */
export function buildFfmpegProbeArgs(options: StreamProbeOptions): FfmpegInvocation {
  const input = probeInput(options);
  const args = [
    ...['-hide_banner', '-nostdin', ...input.args],
    ...['-map', '0:v:0', '-c', 'copy', '-t', '0.1', '-f', 'null', '-'],
  ];
  return { ...input, args };
}

/** "25/1" → 25; "0/0" → null. */
export function parseRate(rate: string | undefined): number | null {
  const [num, den] = (rate ?? '').split('/').map(Number);
  if (!num || !den || !Number.isFinite(num / den)) return null;
  return Math.round((num / den) * 100) / 100;
}

/** The verdict on a stream's first video track: usable (H.264, or H.265 with a caveat) or why not. */
function judge(video: ProbedStream | undefined): StreamProbeResult {
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

/** Reads ffprobe's JSON (pure): the first video stream, or the reason there is none usable. */
export function interpretProbe(stdout: string): StreamProbeResult {
  let streams: ProbedStream[] = [];
  try {
    streams = (JSON.parse(stdout) as { streams?: ProbedStream[] }).streams ?? [];
  } catch {
    return { ok: false, reason: failureReason('exited', 'ffprobe gave no readable answer') };
  }
  return judge(streams.find((stream) => stream.codec_type === 'video'));
}

/** Reads the input's first video stream from ffmpeg's banner (pure), e.g. "Stream #0:0: Video: h264 (…), yuv420p, 320x240, 25 fps". */
export function interpretFfmpegInput(stderr: string): StreamProbeResult {
  const input = stderr.split(/^(?:Output #0|Stream mapping:)/m)[0] ?? '';
  const video = /Stream #0:\d+.*?: Video: (\w+)(.*)$/m.exec(input);
  if (!video) return judge(undefined);
  const size = /\b(\d{2,5})x(\d{2,5})\b/.exec(video[2] ?? '');
  const rate = /([\d.]+) (?:fps|tbr)\b/.exec(video[2] ?? '');
  return judge({
    codec_name: video[1],
    ...(size ? { width: Number(size[1]), height: Number(size[2]) } : {}),
    ...(rate ? { avg_frame_rate: `${Math.round(Number(rate[1]) * 100)}/100` } : {}),
  });
}

/** Runs ffprobe (else ffmpeg) once; never rejects, never outlives `timeoutMs`. */
export async function probeStream(options: StreamProbeOptions): Promise<StreamProbeResult> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const withProbe = options.binary.probePath !== undefined;
  const { args, secretInput } = withProbe ? buildProbeArgs(options) : buildFfmpegProbeArgs(options);
  let run;
  try {
    run = await runFfmpeg({
      command: options.binary.probePath ?? options.binary.path,
      args,
      secretInput,
      timeoutMs,
      maxStdoutBytes: 1024 * 1024,
      secrets: options.secrets ?? [],
      ...(options.spawn ? { spawn: options.spawn } : {}),
    });
  } catch (error) {
    return {
      ok: false,
      reason: failureReason('exited', `cannot start ${withProbe ? 'ffprobe' : 'ffmpeg'}: ${String(error)}`),
    };
  }
  if (run.timedOut) {
    return { ok: false, reason: failureReason('unreachable', `no answer within ${timeoutMs / 1000} s`) };
  }
  if (run.code === 0) {
    return withProbe ? interpretProbe(run.stdout.toString('utf8')) : interpretFfmpegInput(run.stderr.join('\n'));
  }
  return { ok: false, reason: classifyFfmpegFailure(run.stderr, run.code ?? 1, run.signal) };
}
