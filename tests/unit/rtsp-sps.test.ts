// SPS parsing of the native RTSP engine over real parameter sets: our simulator, GStreamer's x264/x265, ffmpeg's encoders.
import { describe, expect, it } from 'vitest';
import { parseH264Sps, parseH265Sps } from '../../src/rtsp/index.js';

const h264Cases = [
  {
    source: 'simulator 320x240 baseline',
    sps: 'Z0LADdoFB+wEQAAAAwBAAAAMo8UKqA==',
    width: 320,
    height: 240,
    profile: 66,
    reorder: 0,
  },
  {
    source: 'simulator 1080p loop clip',
    sps: 'Z0LAKNoB4AiflwEQAAADABAAAAMDKPGDKg==',
    width: 1920,
    height: 1080,
    profile: 66,
    reorder: 0,
  },
  {
    source: 'GStreamer x264 baseline',
    sps: 'Z0LADdoFB+wFqDAwNSgAAAMACAAAAwGUeKFV',
    width: 320,
    height: 240,
    profile: 66,
    reorder: 0,
  },
  {
    source: 'GStreamer x264 main, 2 B-frames',
    sps: 'Z01ADeygoP2AtQYGBqUAAAMAAQAAAwAyjxQplg==',
    width: 320,
    height: 240,
    profile: 77,
    reorder: 2,
  },
  {
    source: 'ffmpeg x264 high 1080p (cropped from 1088)',
    sps: 'Z2QAKKzZQHgCJ+XARAAAAwAEAAADAMg8YMZY',
    width: 1920,
    height: 1080,
    profile: 100,
    reorder: 2,
  },
  {
    source: 'ffmpeg x264 baseline 720p',
    sps: 'Z0LAH9kAUAW7ARAAAAMAEAAAAwMg8YMkgA==',
    width: 1280,
    height: 720,
    profile: 66,
    reorder: 0,
  },
  {
    source: 'ffmpeg x264 high 4:2:2 360p',
    sps: 'Z3oAHrzZQKAv+JwEQAAAAwBAAAAMg8WLZYA=',
    width: 640,
    height: 360,
    profile: 122,
    reorder: 2,
  },
];

describe('H.264 SPS', () => {
  it.each(h264Cases)('$source', ({ sps, width, height, profile, reorder }) => {
    const info = parseH264Sps(Buffer.from(sps, 'base64'));
    expect(info).toMatchObject({ width, height, profileIdc: profile, maxReorderFrames: reorder });
  });

  it('reads the chroma format of a 4:2:2 High profile', () => {
    expect(parseH264Sps(Buffer.from(h264Cases[6]!.sps, 'base64')).chromaFormatIdc).toBe(2);
  });

  it('throws on a truncated SPS', () => {
    expect(() => parseH264Sps(Buffer.from(h264Cases[4]!.sps, 'base64').subarray(0, 6))).toThrow(RangeError);
  });
});

const h265Cases = [
  {
    source: 'GStreamer x265 320x240',
    sps: 'QgEBAWAAAAMAkAAAAwAAAwA8oAoIDxZbpKTC//AAEAAWoMDAwIAAAAMAgAAADIQ=',
    width: 320,
    height: 240,
    chroma: 1,
  },
  {
    source: 'ffmpeg x265 1080p 4:4:4',
    sps: 'QgEBBAgAAAMAnggAAAMAAHiQAHgQAhyyys0kmV4C3AgIABAAAAMAEAAAAwGQgA==',
    width: 1920,
    height: 1080,
    chroma: 3,
  },
  {
    source: 'ffmpeg x265 642x358 4:4:4 (conformance window)',
    sps: 'QgEBBAgAAAMAnggAAAMAAD+QAKJALTnvLKzSSZXgLcCAgAEAAAMAAQAAAwAZCA==',
    width: 642,
    height: 358,
    chroma: 3,
  },
];

describe('H.265 SPS', () => {
  it.each(h265Cases)('$source', ({ sps, width, height, chroma }) => {
    const info = parseH265Sps(Buffer.from(sps, 'base64'));
    expect(info).toMatchObject({ width, height, chromaFormatIdc: chroma, bitDepthLuma: 8, maxSubLayers: 1 });
    expect(info.generalProfileTierLevel).toHaveLength(12);
  });

  it('reads Main profile from profile_tier_level', () => {
    const info = parseH265Sps(Buffer.from(h265Cases[0]!.sps, 'base64'));
    expect((info.generalProfileTierLevel[0] ?? 0) & 0x1f).toBe(1);
  });
});
