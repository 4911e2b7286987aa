// Discovery to playback on loopback: unicast-probe a simulated ONVIF camera, read its profiles and stream URI, ffprobe the stream.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../src/ffmpeg/index.js';
import { discoverUnicast, OnvifClient, preferredProfile } from '../../src/onvif/index.js';
import { CameraSimulator } from '../../src/simulator/index.js';
import { OnvifDeviceSimulator } from '../../src/simulator/onvif-device.js';
import { simulatedCamera } from '../support/simulated-camera.js';

const run = promisify(execFile);
const credentials = { username: 'inspector', password: 's3cret/pw' };
const config = simulatedCamera('cam01', {
  name: 'Packaging line',
  sub: { width: 160, height: 120, bitrateKbps: 100 },
  auth: credentials,
});

describe('ONVIF discovery → profiles → stream URI → RTSP', () => {
  let rtsp: CameraSimulator;
  let onvif: OnvifDeviceSimulator;

  beforeAll(async () => {
    const ffmpeg = await resolveFfmpeg({ only: 'path' });
    rtsp = new CameraSimulator({ cameras: [config], ffmpegPath: ffmpeg.path, font: false });
    await rtsp.start();
    onvif = new OnvifDeviceSimulator({
      camera: config,
      rtspUrl: (stream) => rtsp.url(config.id, stream),
      ...credentials,
      // Reports an address the hub cannot reach, as a camera behind NAT does.
      advertisedHost: '10.255.0.1',
      clockOffsetSeconds: -3600,
      discovery: { interfaceAddress: '127.0.0.1', port: 0, multicast: false },
    });
    await onvif.start();
  });

  afterAll(async () => {
    await onvif?.stop();
    await rtsp?.stop();
  });

  it('plays the H.264 stream the device hands out, at the profile resolution', async () => {
    const { devices } = await discoverUnicast({ hosts: '127.0.0.1', port: onvif.discoveryPort, replyWaitMs: 400 });
    expect(devices).toHaveLength(1);
    const found = devices[0]!;
    expect(found.xaddrs[0]).toContain('10.255.0.1');
    expect(found.deviceUrl).toBe(onvif.deviceServiceUrl);

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
