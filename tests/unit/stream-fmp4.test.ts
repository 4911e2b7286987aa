// fMP4 parsing over real ffmpeg output (H.264 and H.265) and synthetic moofs for every timing/flags fallback.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Fmp4Demuxer,
  isSyncSample,
  parseFragment,
  parseInit,
  type Fragment,
  type InitSegment,
} from '../../src/stream/index.js';
import { makeFragmentedMp4, X264 } from '../support/fmp4-fixtures.js';
import { tempDir } from '../support/temp-dir.js';

function demux(data: Buffer, sizes: readonly number[]): { init: InitSegment; fragments: Fragment[] } {
  const demuxer = new Fmp4Demuxer({ now: () => 1_000_000 });
  const fragments: Fragment[] = [];
  let init: InitSegment | undefined;
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    for (const item of demuxer.push(data.subarray(offset, offset + size))) {
      if (item.type === 'init') init = item.init;
      else fragments.push(item.fragment);
    }
    offset += size;
  }
  if (!init) throw new Error('no init');
  return { init, fragments };
}

let h264: Buffer;
let h265: Buffer;

beforeAll(() => {
  const dir = tempDir();
  h264 = makeFragmentedMp4(dir, { name: 'h264.mp4', seconds: 4, codec: X264 });
  h265 = makeFragmentedMp4(dir, {
    name: 'h265.mp4',
    seconds: 4,
    codec: ['-c:v', 'libx265', '-x265-params', 'log-level=error', '-tag:v', 'hvc1'],
  });
});

describe('parse real H.264 fMP4', () => {
  it.each([[[1]], [[1, 7, 188, 3000]], [[65536]], [[1_000_000]]])(
    'chunks %j: init facts and 20 fragments of 0.2 s',
    (sizes) => {
      const { init, fragments } = demux(h264, sizes);
      expect(init).toMatchObject({
        codec: 'avc1.64000d',
        width: 320,
        height: 240,
        timescale: 12800,
        videoTrackId: 1,
        hevc: false,
      });
      expect(init.tracks).toEqual([expect.objectContaining({ id: 1, kind: 'video', timescale: 12800 })]);
      expect(fragments).toHaveLength(20);
      const total = fragments.reduce((sum, f) => sum + f.durationSeconds, 0);
      expect(total).toBeCloseTo(4, 6);
      expect(fragments.reduce((sum, f) => sum + f.sampleCount, 0)).toBe(100);
      // -g 25 at 25 fps, 5 samples per fragment: a keyframe every 5th fragment, i.e. every 25 frames.
      expect(fragments.map((f, i) => (f.keyframe ? i : -1)).filter((i) => i >= 0)).toEqual([0, 5, 10, 15]);
      fragments.forEach((f, i) => {
        expect(f.sequence).toBe(i + 1);
        expect(f.decodeTime).toBe(i * 2560);
        expect(f.duration).toBe(2560);
        expect(f.byteLength).toBe(f.data.length);
        expect(f.receivedAt).toBe(1_000_000);
      });
    },
  );
});

describe('parse real H.265 fMP4', () => {
  it('flags HEVC and builds the hvc1 codec string', () => {
    const { init, fragments } = demux(h265, [4096]);
    expect(init.hevc).toBe(true);
    expect(init.codec).toMatch(/^hvc1\.1\.6\.L\d+(\.[0-9A-F]{1,2})*$/);
    expect([init.width, init.height]).toEqual([320, 240]);
    expect(fragments.filter((f) => f.keyframe)).toHaveLength(4);
  });
});

describe('isSyncSample', () => {
  it.each([
    [0x02000000, true], // depends on nothing (ffmpeg's keyframe first-sample-flags)
    [0x01010000, false], // depends on others, non-sync (ffmpeg's default flags)
    [0x00000000, true], // nothing said: sync
    [0x00010000, false], // non-sync
    [0x02010000, true], // depends on nothing wins
  ])('%s → %s', (flags, sync) => expect(isSyncSample(flags)).toBe(sync));
});

// Synthetic boxes for the fallbacks ffmpeg does not exercise.
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}
function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}
function withTrex(parsed: InitSegment, duration: number, flags: number): InitSegment {
  const track = { ...parsed.tracks[0]!, defaultSampleDuration: duration, defaultSampleFlags: flags };
  return { ...parsed, tracks: [track] };
}

describe('parse synthetic moofs', () => {
  const moof = (...traf: Buffer[]): Buffer =>
    Buffer.concat([box('moof', box('mfhd', u32(0, 9)), box('traf', ...traf)), box('mdat')]);
  const cases: [string, Buffer, { duration: number; keyframe: boolean; count: number; decodeTime: number }][] = [
    [
      'tfhd default duration + default flags, tfdt v0, trun sizes only',
      moof(
        box('tfhd', u32(0x000028, 1, 1000, 0x01010000)),
        box('tfdt', u32(0, 5000)),
        box('trun', u32(0x000200, 3, 10, 20, 30)),
      ),
      { duration: 3000, keyframe: false, count: 3, decodeTime: 5000 },
    ],
    [
      'per-sample durations and flags, tfdt v1 (64-bit)',
      moof(
        box('tfhd', u32(0, 1)),
        box('tfdt', Buffer.from([1, 0, 0, 0]), u32(1, 0)),
        box('trun', u32(0x000500, 2, 400, 0x02000000, 600, 0x01010000)),
      ),
      { duration: 1000, keyframe: true, count: 2, decodeTime: 2 ** 32 },
    ],
    [
      'trex defaults only, two truns',
      moof(box('tfhd', u32(0, 1)), box('tfdt', u32(0, 0)), box('trun', u32(0, 2)), box('trun', u32(0, 3))),
      { duration: 5 * 512, keyframe: false, count: 5, decodeTime: 0 },
    ],
    [
      'first-sample-flags override tfhd default flags',
      moof(
        box('tfhd', u32(0x000020, 1, 0x01010000)),
        box('tfdt', u32(0, 0)),
        box('trun', u32(0x000104, 2, 0x02000000, 512, 512)),
      ),
      { duration: 1024, keyframe: true, count: 2, decodeTime: 0 },
    ],
  ];
  it.each(cases)('%s', (_name, data, expected) => {
    const init = withTrex(demux(h264, [1_000_000]).init, 512, 0x01010000);
    const fragment = parseFragment(data, init, 5);
    expect(fragment).toMatchObject({
      sequence: 9,
      trackId: 1,
      ...{ duration: expected.duration, keyframe: expected.keyframe },
    });
    expect(fragment.sampleCount).toBe(expected.count);
    expect(fragment.decodeTime).toBe(expected.decodeTime);
    expect(fragment.durationSeconds).toBeCloseTo(expected.duration / 12800, 9);
  });

  it('rejects a fragment without a traf for the video track', () => {
    const init = parseInit(demux(h264, [1_000_000]).init.data);
    const other = moof(box('tfhd', u32(0, 2)), box('trun', u32(0, 1)));
    expect(() => parseFragment(other, init, 0)).toThrow(/no traf for track 1/);
  });
});
