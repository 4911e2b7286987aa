// The native engine's fMP4 muxer: init + fragments read back by parseInit/parseFragment with the same facts, and
// decoded by ffmpeg without errors (real H.264 and H.265 from ffmpeg's encoders).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccessUnit } from '../../src/rtsp/access-units.js';
import { rulesFor, type ParameterSetKind } from '../../src/rtsp/codec-rules.js';
import { Fragmenter } from '../../src/rtsp/fragmenter.js';
import { buildInitSegment, videoConfig } from '../../src/rtsp/init-segment.js';
import type { VideoCodec } from '../../src/rtsp/index.js';
import { splitAnnexB } from '../../src/simulator/annexb.js';
import { parseFragment, parseInit, type Fragment } from '../../src/stream/index.js';
import { encodeAnnexB } from '../support/encoded-video.js';
import { checkMp4 } from '../support/mp4-check.js';
import { tempDir } from '../support/temp-dir.js';

const FRAMES = 30;
const dir = tempDir('vigil-rtsp-mux-');

function encode(codec: VideoCodec, size: string): Buffer {
  return encodeAnnexB({ codec, size, frames: FRAMES, gop: 10, profile: 'high' });
}

/** Annex-B → access units: a new picture at each VCL NAL that starts one (first_mb_in_slice / first_slice_segment flag). */
function accessUnits(codec: VideoCodec, stream: Buffer): AccessUnit[] {
  const rules = rulesFor(codec);
  const units: AccessUnit[] = [];
  let sets: Map<ParameterSetKind, Buffer> | undefined;
  let nals: Buffer[] = [];
  const flush = (): void => {
    if (nals.length === 0) return;
    const keyframe = nals.some((n) => rules.isKeyframe(rules.nalType(n[0] ?? 0)));
    units.push({
      nals: nals.map((n) => ({ parts: [n], size: n.length })),
      sampleSize: nals.reduce((sum, n) => sum + 4 + n.length, 0),
      time: units.length * 3600,
      keyframe,
      parameterSets: sets,
    });
    nals = [];
    sets = undefined;
  };
  for (const nal of splitAnnexB(stream)) {
    const type = rules.nalType(nal[0] ?? 0);
    const kind = rules.parameterSet(type);
    const vcl = codec === 'h264' ? type >= 1 && type <= 5 : type < 32;
    const firstSlice = codec === 'h264' ? ((nal[1] ?? 0) & 0x80) !== 0 : ((nal[2] ?? 0) & 0x80) !== 0;
    if (vcl && firstSlice && nals.length > 0) flush();
    if (kind) {
      flush();
      sets ??= new Map();
      sets.set(kind, nal);
    } else if (vcl || nals.length > 0) nals.push(nal);
  }
  flush();
  return units;
}

const cases = [
  { codec: 'h264' as const, size: '320x240', expected: 'h264', codecString: /^avc1\.6400/ },
  { codec: 'h264' as const, size: '1920x1080', expected: 'h264', codecString: /^avc1\.6400/ },
  { codec: 'h265' as const, size: '352x288', expected: 'hevc', codecString: /^hvc1\.1\./ },
];

describe('fMP4 muxer', () => {
  it.each(cases)('$codec $size: parse round trip and a clean decode', ({ codec, size, expected, codecString }) => {
    const units = accessUnits(codec, encode(codec, size));
    expect(units).toHaveLength(FRAMES);
    const sets = units[0]?.parameterSets;
    if (!sets) throw new Error('no parameter sets before the first picture');
    const init = buildInitSegment(videoConfig(codec, sets));
    const [width, height] = size.split('x').map(Number);
    const reparsed = parseInit(init.data);
    expect(reparsed).toMatchObject({ codec: init.codec, width, height, timescale: 90_000, videoTrackId: 1 });
    expect(init.codec).toMatch(codecString);

    const fragments: Fragment[] = [];
    const fragmenter = new Fragmenter({ emit: (f) => fragments.push(f), now: () => 1234 });
    for (const unit of units) fragmenter.push(unit, unit.time);
    // The last picture's duration is known only from a next one: push one more keyframe to close the stream.
    fragmenter.push({ ...units[0]!, time: FRAMES * 3600 }, FRAMES * 3600);

    for (const fragment of fragments) {
      const { data, ...facts } = parseFragment(fragment.data, init, fragment.receivedAt);
      const { data: own, ...ownFacts } = fragment;
      expect(facts).toEqual(ownFacts);
      expect(data).toBe(own);
    }
    // Keyframes every 10 pictures, fragments at most 200 ms (5 pictures at 25 fps).
    expect(fragments.map((f) => f.sampleCount)).toEqual([5, 5, 5, 5, 5, 5]);
    expect(fragments.map((f) => f.keyframe)).toEqual([true, false, true, false, true, false]);
    expect(fragments.map((f) => f.decodeTime)).toEqual([0, 1, 2, 3, 4, 5].map((i) => i * 18_000));

    const file = join(dir, `${codec}-${size}.mp4`);
    writeFileSync(file, Buffer.concat([init.data, ...fragments.map((f) => f.data)]));
    expect(checkMp4(file)).toEqual({ codec: expected, width, height, frames: FRAMES, decodeErrors: '' });
  });
});
