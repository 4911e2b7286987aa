// Fragmented-MP4 fixtures: ffmpeg's testsrc2 pattern encoded as fMP4 (0.2 s fragments) to a file, a buffer or a live stream.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Fmp4Demuxer, type Fragment, type InitSegment } from '../../src/stream/index.js';

const run = promisify(execFile);

/** The fMP4 muxer flags the ingest uses: a fragment at every keyframe and at least every 200 ms. */
export const FMP4_FLAGS: readonly string[] = [
  '-f',
  'mp4',
  '-movflags',
  '+frag_keyframe+empty_moov+default_base_moof',
  '-frag_duration',
  '200000',
];

/** Plain libx264. */
export const X264: readonly string[] = ['-c:v', 'libx264'];
/** libx264 at its fastest preset. */
export const X264_FAST: readonly string[] = [...X264, '-preset', 'ultrafast'];
/** libx264 tuned as a live camera would be: fastest preset, no lookahead. */
export const X264_LIVE: readonly string[] = [...X264_FAST, '-tune', 'zerolatency'];

export interface TestPatternOptions {
  /** Picture size; 320x240 unless told. */
  size?: string;
  /** Duration (-t); endless when omitted. */
  seconds?: number;
  /** Encoder arguments; plain libx264 unless told. */
  codec?: readonly string[];
  /** Keyframe interval in frames (the pattern runs at 25 fps); 25 unless told. */
  gop?: number;
  /** Output pixel format (-pix_fmt), when given. */
  pixFmt?: string;
  /** Read the input at its native rate (-re), as a live camera sends. */
  realtime?: boolean;
}

/** ffmpeg arguments encoding the testsrc2 pattern at 25 fps into fragmented MP4 at `output`. */
export function fmp4EncoderArgs(options: TestPatternOptions, output: string): string[] {
  const { size = '320x240', seconds, codec = X264, gop = 25, pixFmt, realtime = false } = options;
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    ...(realtime ? ['-re'] : []),
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=25`,
    ...(seconds === undefined ? [] : ['-t', String(seconds)]),
    ...codec,
    '-g',
    String(gop),
    ...(pixFmt === undefined ? [] : ['-pix_fmt', pixFmt]),
    ...FMP4_FLAGS,
    output,
  ];
}

/** Encodes `seconds` (4 unless told) of the pattern into `dir/name` and returns the file's bytes. */
export function makeFragmentedMp4(dir: string, options: TestPatternOptions & { name?: string } = {}): Buffer {
  const { name = 'out.mp4', seconds = 4, ...rest } = options;
  const out = join(dir, name);
  execFileSync('ffmpeg', fmp4EncoderArgs({ ...rest, seconds }, out));
  return readFileSync(out);
}

/** Encodes `seconds` of the pattern to stdout and returns the bytes (no file). */
export async function encodeFragmentedMp4(options: TestPatternOptions & { seconds: number }): Promise<Buffer> {
  const { stdout } = await run('ffmpeg', fmp4EncoderArgs(options, 'pipe:1'), {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Demuxes a whole fMP4 file in one push: its init segment (which must come first) and its fragments. */
export function splitFragmentedMp4(data: Buffer): { init: InitSegment; fragments: Fragment[] } {
  const items = new Fmp4Demuxer().push(data);
  const first = items[0];
  if (first?.type !== 'init') throw new Error('no init');
  return { init: first.init, fragments: items.flatMap((i) => (i.type === 'fragment' ? [i.fragment] : [])) };
}
