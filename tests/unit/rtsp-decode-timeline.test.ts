// Decode times from presentation times in decode order (B-frames): increasing, never after presentation, known on arrival.
import { describe, expect, it } from 'vitest';
import type { AccessUnit } from '../../src/rtsp/access-units.js';
import { DecodeTimeline, ReorderError, TimeJumpError } from '../../src/rtsp/decode-timeline.js';

const unit = (frame: number): AccessUnit => ({
  nals: [],
  sampleSize: 0,
  time: frame * 3600,
  keyframe: frame === 0,
  parameterSets: undefined,
});

function run(depth: number, frames: number[]): Array<[number, number]> {
  const timeline = new DecodeTimeline(depth);
  return frames.flatMap((f) => timeline.push(unit(f))).map((t) => [t.unit.time / 3600, t.decodeTime / 3600]);
}

describe('DecodeTimeline', () => {
  it.each([
    { name: 'no B-frames', depth: 0, frames: [0, 1, 2, 3], dts: [0, 1, 2, 3] },
    { name: 'I P B B (depth 1)', depth: 1, frames: [0, 3, 1, 2, 6, 4, 5], dts: [-1, 0, 1, 2, 3, 4, 5] },
    {
      name: 'pyramid I P B b b (depth 2)',
      depth: 2,
      frames: [0, 4, 2, 1, 3, 8, 6, 5, 7],
      dts: [-2, -1, 0, 1, 2, 3, 4, 5, 6],
    },
  ])('$name', ({ depth, frames, dts }) => {
    const out = run(depth, frames);
    expect(out.map(([pts]) => pts)).toEqual(frames);
    expect(out.map(([, d]) => d)).toEqual(dts);
    for (const [pts, d] of out) expect(d).toBeLessThanOrEqual(pts);
  });

  it('holds the first pictures until a frame interval is known', () => {
    const timeline = new DecodeTimeline(2);
    expect(timeline.push(unit(0))).toEqual([]);
    expect(timeline.push(unit(4))).toEqual([]);
    expect(timeline.push(unit(2))).toEqual([]);
    expect(timeline.push(unit(1))).toHaveLength(4);
    expect(timeline.push(unit(3))).toHaveLength(1);
  });

  it.each([
    { name: 'B-frames in a stream that declares none', depth: 0, frames: [0, 2, 1] },
    { name: 'deeper reordering than declared', depth: 1, frames: [0, 4, 2, 1, 3] },
  ])('$name: ReorderError', ({ depth, frames }) => {
    expect(() => run(depth, frames)).toThrow(ReorderError);
  });

  it('a clock that jumps back by more than a second is a time jump, not reordering', () => {
    const timeline = new DecodeTimeline(0);
    timeline.push(unit(100));
    expect(() => timeline.push(unit(10))).toThrow(TimeJumpError);
  });
});
