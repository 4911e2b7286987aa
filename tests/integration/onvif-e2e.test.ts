// Discovery to playback on loopback: unicast-probe a simulated ONVIF camera, read its profiles and stream URI, ffprobe the stream.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../src/ffmpeg/index.js';
import { discoverUnicast, OnvifClient, preferredProfile } from '../../src/onvif/index.js';
import { startOnvifCamera, type OnvifCamera } from '../support/onvif-camera.js';

const run = promisify(execFile);
const credentials = { username: 'inspector', password: 's3cret/pw' };

describe('ONVIF discovery → profiles → stream URI → RTSP', () => {
  let camera: OnvifCamera;

  beforeAll(async () => {
    const ffmpeg = await resolveFfmpeg({ only: 'path' });
    camera = await startOnvifCamera({
      id: 'cam01',
      name: 'Packaging line',
      credentials,
      ffmpegPath: ffmpeg.path,
      // Reports an address the hub cannot reach, as a camera behind NAT does.
      device: { advertisedHost: '10.255.0.1', clockOffsetSeconds: -3600 },
    });
  });

  afterAll(async () => {
    await camera?.stop();
  });

  it('plays the H.264 stream the device hands out, at the profile resolution', async () => {
    const { devices } = await discoverUnicast({
      hosts: '127.0.0.1',
      port: camera.onvif.discoveryPort,
      replyWaitMs: 400,
    });
    expect(devices).toHaveLength(1);
    const found = devices[0]!;
    expect(found.xaddrs[0]).toContain('10.255.0.1');
    expect(found.deviceUrl).toBe(camera.onvif.deviceServiceUrl);

    const client = new OnvifClient({ deviceUrl: found.deviceUrl, ...credentials, timeoutMs: 3000 });
    const profile = preferredProfile(await client.getProfiles());
    expect(profile).toMatchObject({ token: 'main', video: { encoding: 'H264', width: 320, height: 240 } });
    const stream = await client.getStreamUri(profile!.token);
    expect(stream.hostCorrected).toBe(true);

    const { stdout } = await run(
      'ffprobe',
      [
        '-v',
        'error',
        '-rtsp_transport',
        'tcp',
        '-show_entries',
        'stream=codec_name,width,height',
        '-of',
        'json',
        stream.uri,
      ],
      { timeout: 20_000 },
    );
    const probed = (JSON.parse(stdout) as { streams: Array<{ codec_name: string; width: number; height: number }> })
      .streams[0];
    expect(probed).toEqual({ codec_name: 'h264', width: profile!.video!.width, height: profile!.video!.height });
  });
});
