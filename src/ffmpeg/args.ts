// Pure, version-aware ffmpeg argument builder for ingest: RTSP/RTMP in, stream copy, ~200 ms fMP4 fragments on stdout.
import { rtspTimeoutOption, type FfmpegBinary } from './binary.js';
import { inputArgs, type FfmpegInput, type FfmpegInvocation } from './input.js';

export type RtspTransport = 'tcp' | 'udp';
export type InputKind = 'rtsp' | 'rtmp';

export interface IngestArgsOptions {
  readonly binary: Pick<FfmpegBinary, 'major'>;
  /** Source URL, credentials included: it travels on fd 3 (ffmpeg 5+), never as an argument. */
  readonly url: string;
  /** RTSP lower transport; TCP by default (no loss, passes NAT and firewalls). Ignored for RTMP. */
  readonly transport?: RtspTransport;
  /** Socket timeout: how long ffmpeg waits for the peer before giving up on its own. */
  readonly timeoutMs: number;
  /** Keep the first audio track, re-encoded to AAC (G.711 cannot go into MP4 and browsers cannot play it). */
  readonly keepAudio?: boolean;
  readonly inputKind: InputKind;
  /** Fragment length; 200 ms makes one LL-HLS part. */
  readonly fragmentMs?: number;
  /**
   * `fast` (default) lets ffmpeg start after 100 ms of probing: with the SPS/PPS of the SDP it knows the picture
   * at once, and the default probing held back the first 1-2 s of video and released it in one burst (first
   * fragment at 2.4 s instead of 0.5 s here). `full` is ffmpeg's default, for streams that need it.
   */
  readonly probe?: 'fast' | 'full';
  /** ffmpeg -loglevel; `warning` keeps the detail view useful, the stderr ring keeps it cheap. */
  readonly logLevel?: 'error' | 'warning';
}

export const DEFAULT_FRAGMENT_MS = 200;

/** A network input's options: RTSP transport and socket timeout, or RTMP's protocol-neutral read timeout. */
export function networkInput(
  binary: Pick<FfmpegBinary, 'major'>,
  input: { url: string; transport?: RtspTransport | undefined; timeoutMs: number; inputKind?: InputKind },
): FfmpegInput {
  if ((input.inputKind ?? inputKindOf(input.url)) === 'rtsp') {
    return {
      url: input.url,
      options: [['rtsp_transport', input.transport ?? 'tcp'], rtspTimeoutOption(binary, input.timeoutMs)],
    };
  }
  return { url: input.url, options: [['rw_timeout', String(Math.round(input.timeoutMs * 1000))]] };
}

/**
 * Why each flag:
 * - `-nostdin`: ffmpeg must never read the hub's stdin (and never wait on it).
 * - `-fflags +genpts`: RTP gives presentation times only; a camera that sends a packet without one would make the
 *   mp4 muxer fail, genpts fills it from the dts instead. No `-use_wallclock_as_timestamps`: it replaces the
 *   camera's timestamps with arrival jitter, and the hub stamps wall-clock time per fragment itself.
 * - the socket timeout: `stimeout` on 4.x, `timeout` on 5.x+ (on 4.x `timeout` means "listen", and on RTMP it
 *   means listen in every version), so RTMP gets the protocol-neutral `rw_timeout` instead.
 * - `analyzeduration 100000`, `fpsprobesize 0` (fast probe): see `probe`.
 * - the input on fd 3 (ffmpeg 5+): see inputArgs; its options travel with it.
 * - `-map 0:v:0`: exactly one video track; ONVIF metadata/data tracks are never copied, and an input without
 *   video fails with a clear "matches no streams" line.
 * - `-c:v copy`: no transcoding; `-an` by default.
 * - `-flush_packets 1`: each fragment leaves ffmpeg's 32 KiB output buffer as soon as it is complete.
 */
export function buildIngestArgs(options: IngestArgsOptions): FfmpegInvocation {
  const input = networkInput(options.binary, options);
  const probe: Array<[string, string]> =
    (options.probe ?? 'fast') === 'fast'
      ? [
          ['analyzeduration', '100000'],
          ['fpsprobesize', '0'],
        ]
      : [];
  const head = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', options.logLevel ?? 'warning'];
  const { args: inArgs, secretInput } = inputArgs(options.binary, { ...input, options: [...input.options, ...probe] });
  const args = [...head, '-fflags', '+genpts', ...inArgs, '-map', '0:v:0', '-c:v', 'copy'];
  if (options.keepAudio) args.push('-map', '0:a:0?', '-c:a', 'aac', '-b:a', '64k');
  else args.push('-an');
  args.push(...fmp4OutputArgs(options.fragmentMs));
  return secretInput === undefined ? { args } : { args, secretInput };
}

/** Fragmented MP4 on stdout, one fragment per `fragmentMs` (a keyframe always starts one): what the hub reads. */
export function fmp4OutputArgs(fragmentMs = DEFAULT_FRAGMENT_MS): string[] {
  const fragmentMicros = String(Math.round(fragmentMs * 1000));
  return [
    '-f',
    'mp4',
    '-movflags',
    '+frag_keyframe+empty_moov+default_base_moof',
    '-frag_duration',
    fragmentMicros,
    '-flush_packets',
    '1',
    'pipe:1',
  ];
}

/** The input kind from the URL scheme: rtmp(s):// is RTMP, everything else RTSP. */
export function inputKindOf(url: string): InputKind {
  return /^rtmps?:\/\//i.test(url) ? 'rtmp' : 'rtsp';
}
