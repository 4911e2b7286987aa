// Pure parts of registration: the CSV reader, the choice of main and sub profiles, ffprobe's answer and arguments.
import { describe, expect, it } from 'vitest';
import type { DeviceProfile } from '../../src/contracts/index.js';
import { buildProbeArgs, interpretFfmpegInput, interpretProbe } from '../../src/ffmpeg/index.js';
import { boundedStreamTests, parseCsv, recommendProfiles } from '../../src/registration/index.js';

describe('parseCsv', () => {
  it.each([
    [
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      '\ufeffa,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a\n"x, y","say ""hi"""\n', [['a'], ['x, y', 'say "hi"']]],
    [
      'a,b\n"two\nlines",\n',
      [
        ['a', 'b'],
        ['two\nlines', ''],
      ],
    ],
    [
      '名称,阶段\n北门,包装\n',
      [
        ['名称', '阶段'],
        ['北门', '包装'],
      ],
    ],
  ])('reads %j', (text, records) => {
    expect(parseCsv(text)).toEqual(records);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/missing closing/);
  });
});

const profile = (token: string, encoding: string, width: number, height: number): DeviceProfile => ({
  token,
  name: token,
  encoding,
  width,
  height,
  fps: 25,
  bitrateKbps: null,
  streamUri: `rtsp://10.0.0.1/${token}`,
  hostCorrected: false,
  snapshotUri: null,
  browserPlayable: encoding === 'H264',
  error: null,
});

describe('recommendProfiles', () => {
  it('prefers H.264 for both streams, the largest as main and the smallest as sub', () => {
    expect(
      recommendProfiles([
        profile('hevc4k', 'H265', 3840, 2160),
        profile('hd', 'H264', 1920, 1080),
        profile('small', 'H264', 640, 360),
      ]),
    ).toEqual({ recommended: { main: 'hd', sub: 'small' }, warning: null });
  });

  it('says so when the device has H.265 only', () => {
    expect(recommendProfiles([profile('a', 'H265', 1920, 1080), profile('b', 'H265', 640, 360)])).toEqual({
      recommended: { main: 'a', sub: 'b' },
      warning: 'h265-only',
    });
  });

  it('one profile: no sub; none with a stream: no video', () => {
    expect(recommendProfiles([profile('only', 'H264', 1280, 720)]).recommended).toEqual({ main: 'only', sub: null });
    expect(recommendProfiles([{ ...profile('x', 'H264', 1, 1), streamUri: null }]).warning).toBe('no-video');
  });
});

describe('stream test (ffprobe)', () => {
  const answer = (streams: unknown[]): string => JSON.stringify({ streams });

  it('reads codec, size and rate of the first video stream', () => {
    expect(
      interpretProbe(
        answer([
          { codec_type: 'audio', codec_name: 'pcm_alaw' },
          { codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '25/1' },
        ]),
      ),
    ).toEqual({ ok: true, codec: 'h264', width: 1920, height: 1080, fps: 25, browserPlayable: true });
  });

  it('H.265 is usable but not playable in browsers; MJPEG and audio-only are refused with the reason', () => {
    const hevc = interpretProbe(
      answer([
        {
          codec_type: 'video',
          codec_name: 'hevc',
          width: 2560,
          height: 1440,
          avg_frame_rate: '0/0',
          r_frame_rate: '30000/1001',
        },
      ]),
    );
    expect(hevc).toEqual({ ok: true, codec: 'hevc', width: 2560, height: 1440, fps: 29.97, browserPlayable: false });
    expect(interpretProbe(answer([{ codec_type: 'video', codec_name: 'mjpeg' }]))).toMatchObject({
      ok: false,
      reason: { code: 'unsupported_codec' },
    });
    expect(interpretProbe(answer([{ codec_type: 'audio', codec_name: 'aac' }]))).toMatchObject({
      ok: false,
      reason: { code: 'no_video' },
    });
  });

  it('reads ffmpeg’s own banner where there is no ffprobe', () => {
    const banner = (stream: string): string =>
      `Input #0, rtsp, from 'rtsp://10.0.0.1/main':\n  Duration: N/A\n  ${stream}\nStream mapping:\n  Stream #0:0 -> #0:0 (copy)\nOutput #0, null, to 'pipe:':\n  Stream #0:0: Video: h264, 1x1\n`;
    expect(
      interpretFfmpegInput(banner('Stream #0:0: Video: hevc (Main), yuv420p(tv), 2560x1440, 20 fps, 20 tbr, 90k tbn')),
    ).toEqual({
      ok: true,
      codec: 'hevc',
      width: 2560,
      height: 1440,
      fps: 20,
      browserPlayable: false,
    });
    expect(interpretFfmpegInput(banner('Stream #0:0: Audio: pcm_alaw, 8000 Hz, mono, s16, 64 kb/s'))).toMatchObject({
      ok: false,
      reason: { code: 'no_video' },
    });
  });

  it('bounds the socket wait per ffmpeg version; 5.x gets the URL on fd 3, not as an argument', () => {
    const url = 'rtsp://u:p@10.0.0.1/main';
    const v5 = buildProbeArgs({ binary: { path: 'ffmpeg', probePath: 'ffprobe', major: 5 }, url, timeoutMs: 5000 });
    expect(v5.secretInput).toBe(
      "ffconcat version 1.0\nfile 'rtsp://u:p@10.0.0.1/main'\noption rtsp_transport 'tcp'\noption timeout '3000000'\n",
    );
    expect(v5.args.slice(-2)).toEqual(['-i', 'pipe:3']);
    expect(v5.args.join(' ')).not.toContain('u:p@');
    const v4 = buildProbeArgs({ binary: { path: 'ffmpeg', probePath: 'ffprobe', major: 4 }, url, timeoutMs: 5000 });
    expect(v4.args).toEqual(expect.arrayContaining(['-rtsp_transport', 'tcp', '-stimeout', '3000000']));
    expect(v4.args.at(-1)).toBe(url);
    expect(v4.secretInput).toBeUndefined();
  });
});

describe('boundedStreamTests', () => {
  it('refuses a test beyond the limit at once, and takes one again when a test ends', async () => {
    const pending: Array<() => void> = [];
    const probe = boundedStreamTests(
      (n: number) => new Promise<number>((resolve) => pending.push(() => resolve(n))),
      2,
    );
    const first = probe(1);
    const second = probe(2);
    await expect(probe(3)).rejects.toMatchObject({ code: 'VIGIL_CONFLICT' });
    pending.shift()!();
    expect(await first).toBe(1);
    const fourth = probe(4);
    for (const release of pending.splice(0)) release();
    expect([await second, await fourth]).toEqual([2, 4]);
  });
});
