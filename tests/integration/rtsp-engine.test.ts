// The native RTSP engine against our simulator and GStreamer's RTSP server: clean decodes, auth, not-handled streams.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraSimulator } from '../../src/simulator/index.js';
import { checkMp4 } from '../support/mp4-check.js';
import { capture, writeCapture, type Capture } from '../support/rtsp-capture.js';
import { startRtspServer } from '../support/rtsp-server.js';
import { simulatedCamera } from '../support/simulated-camera.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('vigil-rtsp-engine-');
const auth = { username: 'viewer', password: 'pa:ss word' };

function expectCleanFile(name: string, result: Capture, codec: string, width: number, height: number): void {
  expect(result.failure?.reason).toBeUndefined();
  expect(result.mismatches).toBe(0);
  expect(result.fragments[0]?.keyframe).toBe(true);
  const decodeTimes = result.fragments.map((f) => f.decodeTime);
  expect(decodeTimes).toEqual([...decodeTimes].sort((a, b) => a - b));
  const file = join(dir, `${name}.mp4`);
  writeCapture(file, result);
  const frames = result.fragments.reduce((sum, f) => sum + f.sampleCount, 0);
  expect(checkMp4(file)).toEqual({ codec, width, height, frames, decodeErrors: '' });
}

describe('native engine and the simulator', () => {
  let sim: CameraSimulator;
  beforeAll(async () => {
    sim = new CameraSimulator({
      ffmpegPath: 'ffmpeg',
      cameras: [simulatedCamera('open'), simulatedCamera('locked', { auth })],
    });
    await sim.start();
  });
  afterAll(() => sim?.stop());

  it('H.264: fragments every 200 ms that decode cleanly', async () => {
    const result = await capture(sim.url('open'), { fragments: 12 });
    expectCleanFile('sim-open', result, 'h264', 320, 240);
    // 25 fps, one-second GOP: five pictures per fragment, a keyframe every fifth fragment.
    expect(result.fragments.slice(0, 10).map((f) => f.sampleCount)).toEqual(Array(10).fill(5));
    expect(result.fragments.filter((f) => f.keyframe).length).toBeGreaterThanOrEqual(2);
  });

  it('Digest auth with the right password', async () => {
    const result = await capture(sim.url('locked'), { fragments: 6, credentials: auth });
    expectCleanFile('sim-locked', result, 'h264', 320, 240);
  });

  it.each([
    ['a wrong password', { username: 'viewer', password: 'wrong' }],
    ['no credentials', undefined],
  ])('%s: authentication failed, and no password in the reason or the log', async (_name, credentials) => {
    const result = await capture(sim.url('locked'), { fragments: 1, ...(credentials ? { credentials } : {}) });
    expect(result.failure?.reason.code).toBe('auth_failed');
    const said = JSON.stringify([result.failure?.reason, result.log]);
    expect(said).not.toContain('wrong');
    expect(said).not.toContain(auth.password);
  });

  it('an unknown path is not found; a closed port is unreachable', async () => {
    const missing = await capture(sim.url('nobody'), { fragments: 1 });
    expect(missing.failure?.reason.code).toBe('not_found');
    const closed = await capture('rtsp://127.0.0.1:1/x', { fragments: 1 });
    expect(closed.failure?.reason.code).toBe('unreachable');
  });
});

describe('native engine and GStreamer', () => {
  const cases = [
    { name: 'H.264', args: ['--codec', 'h264'], codec: 'h264' },
    { name: 'H.265', args: ['--codec', 'h265'], codec: 'hevc' },
    {
      name: 'H.264 with a G.711 track to ignore, Digest auth',
      args: ['--codec', 'h264', '--audio', '--auth', 'digest'],
      codec: 'h264',
    },
    { name: 'H.264 long GOP', args: ['--codec', 'h264', '--gop', '250'], codec: 'h264' },
    { name: 'H.264 with 2 B-frames', args: ['--codec', 'h264', '--bframes', '2'], codec: 'h264' },
  ];
  it.each(cases)('$name decodes cleanly', async ({ name, args, codec }) => {
    const server = await startRtspServer(args);
    try {
      const result = await capture(`rtsp://127.0.0.1:${server.port}/stream`, {
        fragments: 10,
        credentials: { username: 'admin', password: 'secret' },
      });
      expectCleanFile(name.replace(/\W+/g, '-'), result, codec, 320, 240);
      // Long GOPs still give 200 ms fragments, each starting with a non-keyframe after the first.
      if (args.includes('250')) expect(result.fragments.slice(1).every((f) => !f.keyframe)).toBe(true);
      if (args.includes('--bframes')) expect(result.log).toContain('H264 320x240, reorder depth 2');
    } finally {
      await server.stop();
    }
  });

  it.each([
    { name: 'VP8', args: ['--codec', 'vp8'], code: 'unsupported_codec', reason: /VP8/ },
    { name: 'audio only', args: ['--codec', 'audio-only'], code: 'no_video', reason: /no video/ },
  ])('$name: not handled, for ffmpeg to take over', async ({ args, code, reason }) => {
    const server = await startRtspServer(args);
    try {
      const result = await capture(`rtsp://127.0.0.1:${server.port}/stream`, { fragments: 1 });
      expect(result.failure?.notHandled).toBe(true);
      expect(result.failure?.reason.code).toBe(code);
      expect(result.failure?.message).toMatch(reason);
    } finally {
      await server.stop();
    }
  });
});
