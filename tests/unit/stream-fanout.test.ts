// CameraStream fan-out: slow readers drop to the next keyframe or are disconnected, never slowing anyone else.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CameraStream,
  type Fragment,
  type InitChange,
  type InitSegment,
  type StreamItem,
} from '../../src/stream/index.js';
import { makeFragmentedMp4, splitFragmentedMp4 } from '../support/fmp4-fixtures.js';
import { tempDir } from '../support/temp-dir.js';

let init: InitSegment;
let fragments: Fragment[];

beforeAll(() => {
  ({ init, fragments } = splitFragmentedMp4(makeFragmentedMp4(tempDir(), { seconds: 4 })));
});

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The fixture repeated `times` over, with continuous decode times, as a live producer would send it. */
function* live(times: number): Generator<Fragment> {
  for (let round = 0; round < times; round++) {
    for (const f of fragments) yield { ...f, decodeTime: f.decodeTime + round * 51200, receivedAt: Date.now() };
  }
}

describe('CameraStream fan-out', () => {
  it('a reader that never drains does not delay the producer or a fast reader; its drops are counted', async () => {
    const stream = new CameraStream({ name: 'cam-1/main' });
    stream.pushInit(init);
    const fast: StreamItem[] = [];
    stream.addReader({ name: 'fast', onItem: (item) => void fast.push(item) });
    const slow = stream.addReader({ name: 'slow', maxQueuedFragments: 8, onOverflow: 'drop' });
    await tick();
    const started = performance.now();
    let pushed = 0;
    for (const f of live(50)) {
      stream.pushFragment(f);
      pushed++;
    }
    const elapsed = performance.now() - started;
    expect(pushed).toBe(1000);
    expect(elapsed).toBeLessThan(200); // 1000 fragments: microseconds each, whatever the slow reader does
    expect(fast.filter((i) => i.type === 'fragment')).toHaveLength(1000);
    expect(slow.stats.queuedFragments).toBeLessThanOrEqual(8);
    expect(slow.stats.dropped).toBe(1000 - slow.stats.queuedFragments);
    expect(stream.stats).toMatchObject({ dropped: slow.stats.dropped, readers: 2, fragments: 1000, keyframes: 200 });
  });

  it('after a drop, a reader resumes at a keyframe so its decoder stays valid', async () => {
    const stream = new CameraStream({ name: 'cam-1/main' });
    stream.pushInit(init);
    const reader = stream.addReader({ name: 'lagging', maxQueuedFragments: 3 });
    const received: Fragment[] = [];
    const source = live(4);
    for (let step = 0; step < 80; step++) {
      const next = source.next();
      if (next.done) break;
      stream.pushFragment(next.value);
      // Drain only every 7th push: the queue of 3 overflows again and again.
      if (step % 7 === 6) {
        for (
          let item = await reader.next();
          item;
          item = reader.stats.queuedFragments > 0 ? await reader.next() : undefined
        ) {
          if (item.type === 'fragment') received.push(item.fragment);
        }
      }
    }
    expect(reader.stats.dropped).toBeGreaterThan(0);
    expect(reader.stats.overflows).toBeGreaterThan(0);
    // Every gap in decode time is followed by a keyframe.
    for (let i = 1; i < received.length; i++) {
      const [a, b] = [received[i - 1]!, received[i]!];
      if (b.decodeTime !== a.decodeTime + a.duration) expect(b.keyframe).toBe(true);
    }
    expect(received[0]?.keyframe).toBe(true);
  });

  it('disconnects a slow reader under the disconnect policy and counts it', async () => {
    const stream = new CameraStream({ name: 'cam-1/main' });
    stream.pushInit(init);
    const reasons: string[] = [];
    const reader = stream.addReader({
      name: 'strict',
      maxQueuedBytes: 50_000,
      onOverflow: 'disconnect',
      onClose: (reason) => reasons.push(reason),
    });
    for (const f of live(1)) stream.pushFragment(f);
    expect(reader.closeReason).toBe('overflow');
    expect(reasons).toEqual(['overflow']);
    expect(stream.stats).toMatchObject({ disconnected: 1, readers: 0 });
    // Queued items are gone; the iterator ends.
    const items: StreamItem[] = [];
    for await (const item of reader) items.push(item);
    expect(items).toEqual([]);
  });

  it('an async callback reader gets a bounded queue while its promise is pending', async () => {
    const stream = new CameraStream({ name: 'cam-1/main' });
    stream.pushInit(init);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: StreamItem[] = [];
    const reader = stream.addReader({
      name: 'writer',
      maxQueuedFragments: 4,
      onItem: async (item) => {
        seen.push(item);
        await gate;
      },
    });
    await tick();
    for (const f of live(1)) stream.pushFragment(f);
    expect(seen).toHaveLength(1); // the init, still being "written"
    expect(reader.stats.queuedFragments).toBe(4);
    expect(reader.stats.dropped).toBe(16);
    release();
    await tick();
    expect(seen).toHaveLength(5);
  });

  it('a new reader starts at the cached GOP: init, then a keyframe', async () => {
    const stream = new CameraStream({ name: 'cam-1/main' });
    stream.pushInit(init);
    for (const f of fragments.slice(0, 8)) stream.pushFragment(f);
    expect(stream.gop.map((f) => f.sequence)).toEqual([6, 7, 8]);
    const items: StreamItem[] = [];
    const reader = stream.addReader({ name: 'snapshot', onItem: (item) => void items.push(item) });
    expect(items).toEqual([]); // delivery starts after addReader returns
    stream.pushFragment(fragments[8]!);
    await tick();
    expect(items.map((i) => (i.type === 'init' ? 'init' : i.fragment.sequence))).toEqual(['init', 6, 7, 8, 9]);
    reader.close();
    expect(stream.readerCount).toBe(0);

    const waiting: StreamItem[] = [];
    stream.addReader({ name: 'recorder', start: 'next-keyframe', onItem: (item) => void waiting.push(item) });
    for (const f of fragments.slice(9, 11)) stream.pushFragment(f);
    await tick();
    expect(waiting.map((i) => (i.type === 'init' ? 'init' : i.fragment.sequence))).toEqual(['init', 11]);
  });

  it('emits init changes, reports stats, and ends every reader', async () => {
    const stream = new CameraStream({ name: 'cam-1/main' });
    const changes: InitChange[] = [];
    stream.on('init', (change) => changes.push(change));
    stream.pushInit(init);
    stream.pushInit(init); // identical moov from a restarted producer: no change
    for (const f of fragments) stream.pushFragment({ ...f, receivedAt: 123 });
    const stats = stream.stats;
    expect(stats).toMatchObject({ codec: 'avc1.64000d', width: 320, height: 240, lastFragmentAt: 123, fragments: 20 });
    expect(stats.fps).toBeCloseTo(25, 5);
    const bytes = fragments.reduce((sum, f) => sum + f.byteLength, 0);
    expect(stats.bitrate).toBeCloseTo((bytes * 8) / 4, 0);

    const bigger = { ...init, width: 640, height: 480, data: Buffer.concat([init.data, Buffer.alloc(1)]) };
    const reader = stream.addReader({ name: 'r' });
    stream.pushInit(bigger);
    expect(changes.map((c) => c.formatChanged)).toEqual([false, true]);
    expect(stream.gop).toEqual([]);
    stream.end();
    expect(reader.closeReason).toBe('ended');
    const items: StreamItem[] = [];
    for await (const item of reader) items.push(item);
    expect(items).toEqual([]);
  });

  it('closes a callback reader that throws, without disturbing the producer', async () => {
    const stream = new CameraStream({ name: 'cam-1/main' });
    stream.pushInit(init);
    const errors: unknown[] = [];
    const reader = stream.addReader({
      name: 'buggy',
      onItem: (item) => {
        if (item.type === 'fragment') throw new Error('boom');
      },
      onClose: (_reason, error) => errors.push(error),
    });
    await tick();
    expect(() => stream.pushFragment(fragments[0]!)).not.toThrow();
    expect(reader.closeReason).toBe('error');
    expect(errors).toHaveLength(1);
  });
});
