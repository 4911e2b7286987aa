// Pure: how a network input reaches ffmpeg — on 5.x+ as an ffconcat list on fd 3, so its URL (and password) stays out of argv.
import type { FfmpegBinary } from './binary.js';

/** A network input: its demuxer and protocol options (without the dash) and the URL, credentials included. */
export interface FfmpegInput {
  readonly url: string;
  readonly options: ReadonlyArray<readonly [string, string]>;
}

/** Arguments, and the text for fd 3 when the input travels there. */
export interface FfmpegInvocation {
  readonly args: string[];
  readonly secretInput?: string;
}

/**
 * What the list may open: the camera's protocols and what they ride on, and the pipe the list arrives on. No
 * `file`: a list can never read the hub's disk, whatever the URL holds.
 */
export const INPUT_PROTOCOLS = 'pipe,rtsp,rtsps,rtmp,rtmps,rtp,srtp,tcp,udp,tls';

/** The concat demuxer's `option` directive (per-file demuxer and protocol options) came with ffmpeg 5. */
export function hidesInput(binary: Pick<FfmpegBinary, 'major'>): boolean {
  return binary.major >= 5;
}

/** ffconcat quoting: inside single quotes nothing is special, so a quote closes, is escaped, and reopens. */
function quote(value: string): string {
  // A line break would end the directive and let the rest of the value add directives of its own.
  if ([...value].some((char) => char < ' ' || char === '\x7f')) {
    throw new Error('an ffmpeg input must not contain control characters');
  }
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/** The ffconcat list that opens `input` with its options: one file, read once. */
export function concatList(input: FfmpegInput): string {
  const lines = ['ffconcat version 1.0', `file ${quote(input.url)}`];
  for (const [key, value] of input.options) lines.push(`option ${key} ${quote(value)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The input's part of the command line. ffmpeg 5+: `-f concat … -i pipe:3` and the list as secret input, so
 * `ps` and /proc/<pid>/cmdline show no URL; the concat demuxer hands packets through with the same timestamps
 * and errors (measured: same first-fragment time and CPU). 4.x cannot pass options into the list: the URL stays
 * an argument there.
 */
export function inputArgs(binary: Pick<FfmpegBinary, 'major'>, input: FfmpegInput): FfmpegInvocation {
  if (!hidesInput(binary)) {
    return { args: [...input.options.flatMap(([key, value]) => [`-${key}`, value]), '-i', input.url] };
  }
  const args = ['-f', 'concat', '-safe', '0', '-protocol_whitelist', INPUT_PROTOCOLS, '-i', 'pipe:3'];
  return { args, secretInput: concatList(input) };
}
