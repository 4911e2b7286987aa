// LL-HLS playlist writer and packager logic, checked by parsing the output with m3u8-parser.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { LlHlsPackager, WallClock, renderPlaylist, type PlaylistState } from '../../src/live/index.js';
import type { Fragment, InitSegment } from '../../src/stream/index.js';

interface ParsedPart {
  duration: number;
  uri: string;
  independent?: boolean;
}
interface ParsedSegment {
  duration: number;
  uri: string;
  programDateTime?: number;
  discontinuity?: boolean;
  parts?: ParsedPart[];
  map?: { uri: string };
}
interface Manifest {
  targetDuration: number;
  mediaSequence: number;
  discontinuitySequence?: number;
  partTargetDuration: number;
  serverControl: { canBlockReload: boolean; partHoldBack: number; holdBack: number };
  segments: ParsedSegment[];
  preloadSegment?: { parts?: ParsedPart[]; preloadHints?: { type: string; uri: string }[]; programDateTime?: number };
}
// m3u8-parser ships no types; this is the slice of its output the tests read.
const { Parser } = createRequire(import.meta.url)('m3u8-parser') as {
  Parser: new () => { push(text: string): void; end(): void; manifest: Manifest };
};

function parse(text: string): Manifest {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
}

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);
const part = (duration: number, independent = false): { duration: number; independent: boolean } => ({
  duration,
  independent,
});
const gop = (): { duration: number; independent: boolean }[] => [
  part(0.2, true),
  part(0.2),
  part(0.2),
  part(0.2),
  part(0.2),
];

const states: [string, PlaylistState][] = [
  [
    'two complete segments and one in progress',
    {
      targetDuration: 1,
      partTarget: 0.2,
      mediaSequence: 10,
      discontinuitySequence: 0,
      segments: [
        {
          msn: 10,
          duration: 1,
          programDateTime: T0,
          complete: true,
          discontinuity: false,
          initUri: 'init.mp4',
          parts: gop(),
        },
        {
          msn: 11,
          duration: 1,
          programDateTime: T0 + 1000,
          complete: true,
          discontinuity: false,
          initUri: 'init.mp4',
          parts: gop(),
        },
        {
          msn: 12,
          duration: 0.4,
          programDateTime: T0 + 2000,
          complete: false,
          discontinuity: false,
          initUri: 'init.mp4',
          parts: gop().slice(0, 2),
        },
      ],
      preloadHint: { msn: 12, part: 2 },
    },
  ],
  [
    'old segments without parts, a discontinuity with a new init',
    {
      targetDuration: 2,
      partTarget: 0.24,
      mediaSequence: 3,
      discontinuitySequence: 1,
      segments: [
        { msn: 3, duration: 1.2, programDateTime: T0, complete: true, discontinuity: false, initUri: 'init.mp4' },
        {
          msn: 4,
          duration: 1.44,
          programDateTime: T0 + 1200,
          complete: true,
          discontinuity: false,
          initUri: 'init.mp4',
          parts: [part(0.24, true), part(0.24), part(0.24), part(0.24), part(0.24), part(0.24)],
        },
        {
          msn: 5,
          duration: 0.96,
          programDateTime: T0 + 9000,
          complete: true,
          discontinuity: true,
          initUri: 'init-1.mp4',
          parts: [part(0.24, true), part(0.24), part(0.24), part(0.24)],
        },
      ],
      preloadHint: { msn: 6, part: 0 },
    },
  ],
];

describe('renderPlaylist', () => {
  it.each(states)('%s', (_name, state) => {
    const text = renderPlaylist(state);
    const m = parse(text);
    expect(text.startsWith('#EXTM3U\n#EXT-X-VERSION:9\n')).toBe(true);
    expect(m.targetDuration).toBe(state.targetDuration);
    expect(m.mediaSequence).toBe(state.mediaSequence);
    expect(m.partTargetDuration).toBe(state.partTarget);
    expect(m.serverControl.canBlockReload).toBe(true);
    expect(m.serverControl.partHoldBack).toBeCloseTo(2 * state.partTarget, 5);
    expect(m.serverControl.partHoldBack).toBeGreaterThanOrEqual(2 * state.partTarget);
    expect(m.serverControl.holdBack).toBe(3 * state.targetDuration);
    const complete = state.segments.filter((s) => s.complete);
    expect(m.segments.map((s) => s.uri)).toEqual(complete.map((s) => `seg-${s.msn}.m4s`));
    let lastPdt = 0;
    m.segments.forEach((segment, i) => {
      const source = complete[i]!;
      expect(Math.round(segment.duration)).toBeLessThanOrEqual(m.targetDuration);
      if (segment.parts) {
        expect(segment.parts.reduce((sum, p) => sum + p.duration, 0)).toBeCloseTo(segment.duration, 4);
        segment.parts.forEach((p, j) => {
          expect(p.uri).toBe(`part-${source.msn}-${j}.m4s`);
          expect(p.duration).toBeLessThanOrEqual(m.partTargetDuration);
          expect(p.independent ?? false).toBe(source.parts?.[j]?.independent);
        });
      }
      expect(segment.programDateTime).toBe(source.programDateTime);
      expect(segment.programDateTime!).toBeGreaterThan(lastPdt);
      lastPdt = segment.programDateTime!;
      expect(segment.discontinuity ?? false).toBe(source.discontinuity);
      expect(segment.map?.uri).toBe(source.initUri);
    });
    const hint = state.preloadHint!;
    expect(m.preloadSegment?.preloadHints?.[0]).toMatchObject({
      type: 'PART',
      uri: `part-${hint.msn}-${hint.part}.m4s`,
    });
    expect(text.includes('#EXT-X-DISCONTINUITY-SEQUENCE')).toBe(state.discontinuitySequence > 0);
  });
});

const init = {
  data: Buffer.from('init'),
  tracks: [],
  videoTrackId: 1,
  timescale: 90000,
  codec: 'avc1.640028',
  width: 1920,
  height: 1080,
  hevc: false,
} satisfies InitSegment;

/** A live-like run: 25 fps, 5 frames per fragment, keyframe every `gopFrames`, arriving at the fragment end. */
function fragments(
  count: number,
  options: { gopFrames?: number; start?: number; wall?: number; jitter?: (i: number) => number } = {},
): Fragment[] {
  const gopFrames = options.gopFrames ?? 25;
  return Array.from({ length: count }, (_, i) => {
    const decodeTime = (options.start ?? 0) + i * 18000;
    return {
      data: Buffer.alloc(100, i),
      sequence: i + 1,
      trackId: 1,
      decodeTime,
      duration: 18000,
      durationSeconds: 0.2,
      timescale: 90000,
      keyframe: (i * 5) % gopFrames === 0,
      sampleCount: 5,
      byteLength: 100,
      receivedAt: (options.wall ?? T0) + (i + 1) * 200 + (options.jitter?.(i) ?? 0),
    };
  });
}

describe('LlHlsPackager', () => {
  it('cuts GOP segments, keeps a window, and lists parts only for recent segments', () => {
    const packager = new LlHlsPackager({ windowSegments: 6, partWindowSegments: 3, quickFirstSegment: false });
    packager.pushInit(init);
    for (const f of fragments(5 * 20 + 2)) packager.pushFragment(f);
    const m = parse(packager.playlist()!);
    expect(m.mediaSequence).toBe(14);
    expect(m.segments).toHaveLength(6);
    expect(m.segments.every((s) => Math.abs(s.duration - 1) < 1e-9)).toBe(true);
    expect(m.segments.map((s) => (s.parts ? s.parts.length : 0))).toEqual([0, 0, 0, 5, 5, 5]);
    expect(m.segments[3]!.parts!.map((p) => p.independent ?? false)).toEqual([true, false, false, false, false]);
    expect(m.preloadSegment?.parts).toHaveLength(2);
    expect(m.preloadSegment?.preloadHints?.[0]?.uri).toBe('part-20-2.m4s');
    expect(m.segments.map((s) => s.programDateTime! - T0)).toEqual([14000, 15000, 16000, 17000, 18000, 19000]);
    expect(packager.segment(19)?.length).toBe(500);
    expect(packager.part(20, 1)?.[0]).toBe(101);
    expect(packager.segment(20)).toBeUndefined(); // still in progress
    expect(packager.segment(13)).toBeUndefined(); // slid out
  });

  it('closes the very first segment after one part, so a player can start before a whole GOP exists', () => {
    const packager = new LlHlsPackager();
    packager.pushInit(init);
    for (const f of fragments(2)) packager.pushFragment(f);
    const m = parse(packager.playlist()!);
    expect(m.segments).toHaveLength(1);
    expect(m.segments[0]!.duration).toBeCloseTo(0.2, 9);
    expect(m.preloadSegment?.parts).toHaveLength(1);
    for (const f of fragments(12).slice(2)) packager.pushFragment(f);
    // Later segments are whole GOPs again.
    expect(parse(packager.playlist()!).segments.map((s) => Number(s.duration.toFixed(3)))).toEqual([0.2, 0.8, 1]);
  });

  it('lists a fragment far longer than a part as a segment of its own, without raising PART-TARGET', () => {
    const packager = new LlHlsPackager({ quickFirstSegment: false });
    packager.pushInit(init);
    const source = fragments(15);
    // The second fragment holds one sample that lasts 1.04 s (a timestamp jump in the first GOP).
    const long = { ...source[1]!, duration: 93_600, durationSeconds: 1.04, sampleCount: 1 };
    const shifted = source.slice(2).map((f) => ({ ...f, decodeTime: f.decodeTime + 75_600 }));
    for (const f of [source[0]!, long, ...shifted]) packager.pushFragment(f);
    const text = packager.playlist()!;
    expect(text).toContain('#EXT-X-PART-INF:PART-TARGET=0.2\n');
    const m = parse(text);
    expect(m.segments[1]!.duration).toBeCloseTo(1.04, 9);
    expect(m.segments[1]!.parts).toBeUndefined();
    expect(packager.segment(1)?.length).toBe(100);
  });

  it('keeps PDT steady under arrival jitter and monotonic across a re-anchor', () => {
    const packager = new LlHlsPackager();
    packager.pushInit(init);
    const jitter = (i: number): number => (i % 3) * 40 + (i >= 30 ? 3000 : 0); // 3 s clock step at fragment 30
    for (const f of fragments(60, { jitter })) packager.pushFragment(f);
    const pdts = parse(packager.playlist()!).segments.map((s) => s.programDateTime!);
    for (let i = 1; i < pdts.length; i++) expect(pdts[i]!).toBeGreaterThan(pdts[i - 1]!);
    const steps = pdts.slice(1).map((p, i) => p - pdts[i]!);
    expect(steps.filter((s) => s !== 1000)).toEqual([4000]); // exactly one jump: the clock step
  });

  it('marks discontinuities for a media time jump and a new init, and counts removed ones', () => {
    const packager = new LlHlsPackager({ windowSegments: 2, quickFirstSegment: false });
    packager.pushInit(init);
    for (const f of fragments(10)) packager.pushFragment(f);
    for (const f of fragments(10, { start: 0, wall: T0 + 5000 })) packager.pushFragment(f); // producer restarted
    packager.pushInit({ ...init, data: Buffer.from('init2'), width: 1280, height: 720 });
    for (const f of fragments(6, { wall: T0 + 9000 })) packager.pushFragment(f);
    const m = parse(packager.playlist()!);
    expect(m.segments.map((s) => s.discontinuity ?? false)).toEqual([false, true]);
    expect(m.segments.map((s) => s.map?.uri)).toEqual(['init.mp4', 'init-1.mp4']);
    expect(m.discontinuitySequence).toBe(1);
    expect(packager.init(1)?.toString()).toBe('init2');
  });

  it('grows PART-TARGET and TARGETDURATION for long fragments and GOPs, never shrinks them', () => {
    const packager = new LlHlsPackager({ quickFirstSegment: false });
    packager.pushInit(init);
    const long = fragments(20, { gopFrames: 50 }).map((f) => ({ ...f, duration: 21600, durationSeconds: 0.24 }));
    for (const f of long) packager.pushFragment(f);
    const m = parse(packager.playlist()!);
    expect(m.partTargetDuration).toBe(0.24);
    expect(m.targetDuration).toBe(3); // 10 parts of 0.24 s
    expect(m.segments.every((s) => s.parts!.every((p) => p.duration <= m.partTargetDuration))).toBe(true);
  });

  it('blocking reload: waits for a part, refuses requests too far ahead, times out', async () => {
    const packager = new LlHlsPackager({ quickFirstSegment: false });
    packager.pushInit(init);
    const source = fragments(40);
    for (const f of source.slice(0, 7)) packager.pushFragment(f); // segment 0 complete, segment 1 has 2 parts
    expect(await packager.waitFor(1, 1)).toBe('ready');
    expect(await packager.waitFor(0)).toBe('ready');
    expect(await packager.waitFor(4)).toBe('too-far');
    expect(await packager.waitFor(1, 2 + 15)).toBe('too-far');
    expect(await packager.waitFor(2, 15)).toBe('too-far');
    const pending = packager.waitFor(1, 2, 5000);
    const segment = packager.waitForSegment(1, 5000);
    const hinted = packager.waitForPart(1, 5, 5000); // the hint after 5 parts, which becomes part 0 of segment 2
    expect(packager.pendingWaits).toBe(3);
    packager.pushFragment(source[7]!);
    expect(await pending).toBe('ready');
    for (const f of source.slice(8, 11)) packager.pushFragment(f);
    expect((await segment)?.length).toBe(500);
    expect(await hinted).toBeUndefined(); // never produced: answer at once, not at the timeout
    expect(await packager.waitFor(2, 4, 20)).toBe('timeout');
    expect(packager.pendingWaits).toBe(0);
  });
});

describe('WallClock', () => {
  it('follows media time, anchors on the least-delayed arrival, re-anchors forward beyond the tolerance', () => {
    const clock = new WallClock({ driftToleranceMs: 1000 });
    expect(clock.place(0, 0.2, 10_200)).toBe(10_000);
    expect(clock.place(0.2, 0.2, 10_450)).toBe(10_200); // 50 ms late arrival: media time rules
    expect(clock.place(0.4, 0.2, 10_500)).toBe(10_300); // arrived with less delay: the anchor tightens
    expect(clock.place(0.6, 0.2, 12_000)).toBe(11_800); // 1.3 s behind: re-anchor forward
    expect(clock.place(0.8, 0.2, 9_000)).toBe(11_801); // a wild early arrival never takes PDT backwards
    expect(clock.reanchorCount).toBe(1);
  });

  it('undoes the hold-back of a start-up burst', () => {
    // ffmpeg releases its first second in one burst at 2355 ms, then fragments come in real time.
    const clock = new WallClock();
    const burst = [0, 0.2, 0.4, 0.6, 0.8].map((media) => clock.place(media, 0.2, 2_355));
    expect(burst[0]).toBe(2_155);
    const steady = clock.place(1.0, 0.2, 2_500);
    // The real-time arrival says frame 0 was shot at 1300 ms, not at 2155 ms: PDT follows it.
    expect(steady).toBe(2_300);
  });
});
