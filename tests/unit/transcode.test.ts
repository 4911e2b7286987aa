// The transcode's pure parts: ffmpeg arguments within the configured caps, and CPU share read from /proc/<pid>/stat.
import { describe, expect, it } from 'vitest';
import { buildTranscodeArgs, canTranscode } from '../../src/ffmpeg/index.js';
import { CpuMeter, cpuTicks } from '../../src/transcode/index.js';
import { FMP4_FLAGS } from '../support/fmp4-fixtures.js';

/** A /proc/<pid>/stat line whose command name holds a space and a parenthesis; utime 150, stime 50. */
const stat = (utime: number, stime: number): string =>
  `4242 (ff mpeg) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 ${utime} ${stime} 0 0 20 0 3 0 1000 0 0`;

describe('transcode arguments', () => {
  it('reads fMP4 on stdin and writes capped H.264 fMP4 fragments on stdout', () => {
    const args = buildTranscodeArgs({ maxWidth: 1280, maxHeight: 720, maxFps: 15, maxBitrateKbps: 1500 });
    const after = (flag: string): string | undefined => args[args.indexOf(flag) + 1];
    expect(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4)).toEqual(['-f', 'mp4', '-i', 'pipe:0']);
    expect(after('-vf')).toBe(
      "scale=w='min(iw,1280)':h='min(ih,720)':force_original_aspect_ratio=decrease:force_divisible_by=2",
    );
    expect(after('-fpsmax')).toBe('15');
    expect(after('-c:v')).toBe('libx264');
    expect(after('-preset')).toBe('ultrafast');
    expect(after('-tune')).toBe('zerolatency');
    expect(after('-force_key_frames')).toBe('expr:gte(t,n_forced*1)');
    expect(after('-maxrate')).toBe('1500k');
    expect(args.slice(-FMP4_FLAGS.length - 3)).toEqual([...FMP4_FLAGS, '-flush_packets', '1', 'pipe:1']);
  });

  it('needs ffmpeg 4.4 or later (-fpsmax, force_divisible_by)', () => {
    expect([canTranscode({ major: 4, minor: 1 }), canTranscode({ major: 4, minor: 4 })]).toEqual([false, true]);
    expect(canTranscode({ major: 5, minor: 1 })).toBe(true);
  });
});

describe('CPU meter', () => {
  it('reads utime + stime after the command name, whatever it holds', () => {
    expect(cpuTicks(stat(150, 50))).toBe(200);
    expect(cpuTicks('garbage')).toBeUndefined();
  });

  it('gives the share of one core between two samples of the same process, and starts over for a new one', () => {
    let now = 0;
    let line = stat(100, 0);
    const meter = new CpuMeter(
      () => line,
      () => now,
    );
    meter.sample(7);
    expect(meter.percent).toBeNull();
    now = 2_000;
    line = stat(130, 20); // 50 ticks = 0.5 s of CPU in 2 s
    meter.sample(7);
    expect(meter.percent).toBe(25);
    meter.sample(8);
    expect(meter.percent).toBeNull();
    meter.sample(undefined);
    expect(meter.percent).toBeNull();
  });

  it('keeps no figure when the process is gone', () => {
    const meter = new CpuMeter(() => {
      throw new Error('ENOENT');
    });
    meter.sample(9);
    expect(meter.percent).toBeNull();
  });
});
