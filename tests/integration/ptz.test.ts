// PTZ end to end over loopback: a real hub steering a simulated ONVIF dome (real SOAP), its lock, audit and picture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../src/ffmpeg/index.js';
import { CameraSimulator, OnvifDeviceSimulator } from '../../src/simulator/index.js';
import type { PtzSteeringMessage } from '../../src/contracts/index.js';
import { FrameWatch, frameDifference } from '../support/frame-watch.js';
import { connectRecordingSocket } from '../support/socket-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const DOME = 'dome';
const DEVICE_USER = 'ptzadmin';
const DEVICE_PASSWORD = 'dome-secret-9';

describe('PTZ of a simulated ONVIF dome through the hub', () => {
  let simulator: CameraSimulator;
  let device: OnvifDeviceSimulator;
  let hub: TestHub;
  let watch: FrameWatch;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    const ffmpeg = await resolveFfmpeg({ only: 'path' });
    const dome = {
      id: DOME,
      name: 'Dome',
      mode: 'live' as const,
      width: 320,
      height: 180,
      fps: 10,
      gopSeconds: 1,
      bitrateKbps: 300,
      ptz: true,
    };
    simulator = new CameraSimulator({ cameras: [dome], ffmpegPath: ffmpeg.path, font: false });
    await simulator.start();
    device = new OnvifDeviceSimulator({
      camera: dome,
      rtspUrl: (stream) => simulator.url(DOME, stream),
      ptz: simulator.ptzOf(DOME),
      username: DEVICE_USER,
      password: DEVICE_PASSWORD,
    });
    await device.start();
    const onvifUrl = device.deviceServiceUrl.replace('http://', `http://${DEVICE_USER}:${DEVICE_PASSWORD}@`);
    hub = await startTestHub([
      { id: 'cam-dome', name: '球机', stage: 'processing', mainUrl: simulator.url(DOME), onvifUrl, recordMode: 'off' },
      { id: 'cam-fixed', name: '枪机', stage: 'packaging', mainUrl: 'rtsp://127.0.0.1:9/none', recordMode: 'off' },
    ]);
    for (const user of ['center-op', 'center-admin', 'east-insp', 'west-insp']) cookies[user] = await hub.login(user);
    watch = new FrameWatch(ffmpeg.path, simulator.url(DOME), ['-rtsp_transport', 'tcp']);
  }, 60_000);

  afterAll(async () => {
    watch?.stop();
    await hub?.hub.stop();
    await device?.stop();
    await simulator?.stop();
  });

  const api = (method: string, path: string, user: string, body?: unknown) =>
    hub.send(method, `/api/cameras/${path}`, cookies[user], body);

  it('shows a dome with its PTZ and a fixed camera without', async () => {
    const view = await (await hub.get('/api/cameras/cam-dome/ptz', cookies['center-op'])).json();
    expect(view).toMatchObject({ available: true, presets: [], steering: null, canSteer: true, canEditPresets: false });
    expect(view.position).toEqual({ pan: 0, tilt: 0, zoom: 0 });
    expect(await (await hub.get('/api/cameras/cam-fixed/ptz', cookies['center-op'])).json()).toEqual({
      available: false,
    });
    const refused = await api('POST', 'cam-fixed/ptz/move', 'center-op', { pan: 1 });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.details.reason).toBe('ptz_unavailable');
    // Credentials of the device never reach an answer.
    expect(JSON.stringify(view)).not.toContain(DEVICE_PASSWORD);
  });

  it('refuses other branches (404, as every camera door) and presets to non-admins (403)', async () => {
    expect((await api('GET', 'cam-dome/ptz', 'west-insp')).status).toBe(404);
    expect((await api('POST', 'cam-dome/ptz/move', 'west-insp', { pan: 1 })).status).toBe(404);
    expect((await api('POST', 'cam-dome/ptz/presets', 'center-op', { name: 'x' })).status).toBe(403);
    expect((await api('POST', 'cam-dome/ptz/move', 'center-op', { pan: 2 })).status).toBe(400);
  });

  it('sets a preset, moves away, and going to the preset brings the picture back', async () => {
    const home = await watch.settled();
    const created = await api('POST', 'cam-dome/ptz/presets', 'center-admin', { name: '入口' });
    expect(created.status).toBe(201);
    const { token } = await created.json();
    expect((await api('POST', 'cam-dome/ptz/release', 'center-admin')).status).toBe(204);

    // An operator steers: right and up at full speed for a second, then stops.
    const moved = await api('POST', 'cam-dome/ptz/move', 'center-op', { pan: 1, tilt: 1, timeoutMs: 5000 });
    expect(moved.status).toBe(200);
    expect((await moved.json()).steering).toMatchObject({ username: 'center-op' });
    await watch.until((frame) => frameDifference(frame, home) > 20);
    expect((await api('POST', 'cam-dome/ptz/stop', 'center-op')).status).toBe(204);
    const away = await watch.settled();
    console.log(`difference moved away ${frameDifference(away, home).toFixed(1)}`);
    expect(frameDifference(away, home)).toBeGreaterThan(15);
    const status = await (await hub.get('/api/cameras/cam-dome/ptz', cookies['center-op'])).json();
    expect(status.position.pan).toBeGreaterThan(0.3);
    expect(status.presets).toEqual([expect.objectContaining({ token, name: '入口' })]);

    const sent = Date.now();
    expect((await api('POST', `cam-dome/ptz/presets/${encodeURIComponent(token)}/goto`, 'center-op')).status).toBe(204);
    const back = await watch.until((frame) => frameDifference(frame, home) < 8);
    console.log(
      `picture back ${Date.now() - sent} ms after goto, difference ${frameDifference(back, home).toFixed(1)}`,
    );
    expect(frameDifference(back, home)).toBeLessThan(8);
  });

  it("tells the camera's audience who steers over the socket, and nobody else", async () => {
    const east = await connectRecordingSocket(hub.base, cookies['east-insp'] ?? '');
    const west = await connectRecordingSocket(hub.base, cookies['west-insp'] ?? '');
    const heard: Record<string, PtzSteeringMessage[]> = { east: [], west: [] };
    east.socket.on('ptz:steering', (message) => heard.east?.push(message));
    west.socket.on('ptz:steering', (message) => heard.west?.push(message));
    try {
      expect((await api('POST', 'cam-dome/ptz/stop', 'center-op')).status).toBe(204);
      await expect.poll(() => heard.east?.length).toBeGreaterThan(0);
      expect(heard.east?.[0]).toMatchObject({ cameraId: 'cam-dome', steering: { username: 'center-op' } });
      // West's socket is in its own room: a message it could hear would have arrived with east's.
      expect(heard.west).toEqual([]);
    } finally {
      east.close();
      west.close();
    }
  });

  it('lets one user steer at a time, tells the others who, and audits the session', async () => {
    const busy = await api('POST', 'cam-dome/ptz/move', 'east-insp', { tilt: -1, timeoutMs: 500 });
    expect(busy.status).toBe(409);
    const { error } = await busy.json();
    expect(error.details).toMatchObject({ reason: 'ptz_busy', username: 'center-op', displayName: 'center-op' });
    expect(Date.parse(error.details.expiresAt)).toBeGreaterThan(Date.parse(error.details.since));
    expect(busy.headers.get('retry-after')).toBeTruthy();
    const seen = await (await hub.get('/api/cameras/cam-dome/ptz', cookies['east-insp'])).json();
    expect(seen.steering).toMatchObject({ username: 'center-op' });

    expect((await api('POST', 'cam-dome/ptz/release', 'center-op')).status).toBe(204);
    expect((await api('POST', 'cam-dome/ptz/move', 'east-insp', { tilt: -1, timeoutMs: 300 })).status).toBe(200);
    expect((await api('POST', 'cam-dome/ptz/release', 'east-insp')).status).toBe(204);

    const events = await (await hub.get('/api/events?type=audit.ptz.&limit=20', cookies['center-admin'])).json();
    const steered = events.events.filter((item: { type: string }) => item.type === 'audit.ptz.steered');
    expect(steered.map((item: { data: { username: string } }) => item.data.username).sort()).toEqual([
      'center-admin',
      'center-op',
      'east-insp',
    ]);
    const op = steered.find((item: { data: { username: string } }) => item.data.username === 'center-op');
    expect(op.data).toMatchObject({ moves: 1, presets: ['入口'], ended: 'released' });
    expect(events.events.some((item: { type: string }) => item.type === 'audit.ptz.preset.set')).toBe(true);
  });

  it('removes a preset (admins) and says what to do when the device is unreachable', async () => {
    const { presets } = await (await hub.get('/api/cameras/cam-dome/ptz', cookies['center-admin'])).json();
    const token = presets[0].token;
    expect((await api('DELETE', `cam-dome/ptz/presets/${token}`, 'center-op')).status).toBe(403);
    expect((await api('DELETE', `cam-dome/ptz/presets/${token}`, 'center-admin')).status).toBe(204);
    await device.stop();
    const down = await api('POST', 'cam-dome/ptz/move', 'center-op', { pan: 1, timeoutMs: 300 });
    expect(down.status).toBe(503);
    const body = await down.json();
    expect(body.error.details).toMatchObject({ reason: 'ptz_device', device: 'unreachable' });
    expect(body.error.message).toMatch(/did not answer/);
    expect(JSON.stringify(body)).not.toContain(DEVICE_PASSWORD);
  });
});
