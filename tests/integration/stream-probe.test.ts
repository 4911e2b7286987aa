// "Test stream" against the camera simulator with ffprobe (Debian 5.1) and with ffmpeg alone (the bundled 4.1 has no ffprobe).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeStream, resolveFfmpeg } from '../../src/ffmpeg/index.js';
import { CameraSimulator } from '../../src/simulator/index.js';
import { simulatedCamera } from '../support/simulated-camera.js';

const auth = { username: 'viewer', password: 'Probe-pw-1' };

describe('stream test', () => {
  let sim: CameraSimulator;

  beforeAll(async () => {
    sim = new CameraSimulator({ cameras: [simulatedCamera('cam01', { auth })], ffmpegPath: 'ffmpeg', font: false });
    await sim.start();
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it.each(['path', 'bundled'] as const)(
    'reads codec, size and rate with the %s ffmpeg, and names a wrong password',
    async (only) => {
      const binary = await resolveFfmpeg({ only });
      expect(binary.probePath === undefined).toBe(only === 'bundled');
      const url = sim.url('cam01', 'main').replace('rtsp://', `rtsp://${auth.username}:${auth.password}@`);
      expect(await probeStream({ binary, url, secrets: [auth.password] })).toEqual({
        ok: true,
        codec: 'h264',
        width: 320,
        height: 240,
        fps: 25,
        browserPlayable: true,
      });
      const wrong = await probeStream({ binary, url: url.replace(auth.password, 'nope-nope'), secrets: ['nope-nope'] });
      expect(wrong).toMatchObject({ ok: false, reason: { code: 'auth_failed', message: 'authentication failed' } });
      expect(JSON.stringify(wrong)).not.toContain('nope-nope');
    },
  );
});
