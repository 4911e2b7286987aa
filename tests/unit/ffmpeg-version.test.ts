// parseFfmpegVersion over the real banners of both installed builds, and the version-dependent RTSP timeout flag.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseFfmpegVersion, resolveFfmpeg, rtspTimeoutOption } from '../../src/ffmpeg/index.js';

describe('ffmpeg version', () => {
  it.each([
    ['path', 5],
    ['bundled', 4],
  ] as const)('reads the %s ffmpeg banner as release %i', async (only, major) => {
    const binary = await resolveFfmpeg({ only, env: {} });
    const banner = execFileSync(binary.path, ['-version'], { encoding: 'utf8' });
    const parsed = parseFfmpegVersion(banner);
    expect(parsed.major).toBe(major);
    expect(parsed).toEqual({ versionText: binary.versionText, major: binary.major, minor: binary.minor });
    if (only === 'bundled') expect(parsed.minor).toBe(1);
  });

  it('rejects text that is not a banner', () => {
    expect(() => parseFfmpegVersion('hello')).toThrow();
  });

  it('picks -stimeout for 4.1 and -timeout for 5.1', () => {
    expect(rtspTimeoutOption({ major: 4 }, 5000)).toEqual(['stimeout', '5000000']);
    expect(rtspTimeoutOption({ major: 5 }, 5000)).toEqual(['timeout', '5000000']);
  });
});
