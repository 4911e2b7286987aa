// Camera registration over the API: discovery sweep, device read with credentials, stream test, save, edit, disable, delete, scope.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminCamera, DeviceReadResult, DiscoveryJob, StreamTestResult } from '../../src/contracts/index.js';
import type { CameraSimulator } from '../../src/simulator/index.js';
import type { OnvifDeviceSimulator } from '../../src/simulator/onvif-device.js';
import { startDigestRecorder } from '../support/digest-recorder.js';
import { startOnvifCamera, type OnvifCamera } from '../support/onvif-camera.js';
import { descendantsOf, waitUntil } from '../support/processes.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const CAMERA_PASSWORD = 'Cam-S3cret!';
const credentials = { username: 'operator', password: CAMERA_PASSWORD };
const config = { id: 'gate' };

describe('camera registration API', () => {
  let device0: OnvifCamera;
  let rtsp: CameraSimulator;
  let onvif: OnvifDeviceSimulator;
  let t: TestHub;
  let admin: string;
  const silentSockets = new Set<Socket>();
  let silent: Server;
  let truncated: Server;
  let garbage: UdpSocket;

  const call = async <T>(cookie: string, method: string, path: string, body?: unknown): Promise<[number, T]> => {
    const response = await fetch(t.base + path, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return [response.status, (text ? JSON.parse(text) : null) as T];
  };

  beforeAll(async () => {
    device0 = await startOnvifCamera({
      id: config.id,
      name: 'North gate',
      credentials,
      // Behind NAT: it reports an address the hub cannot reach, and its clock is an hour off.
      device: { advertisedHost: '10.255.0.1', clockOffsetSeconds: 3600 },
    });
    ({ rtsp, onvif } = device0);
    // A device that accepts connections and never answers.
    silent = createServer((socket) => silentSockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    // A device that starts a SOAP reply and hangs up in the middle of it.
    truncated = createServer((socket) =>
      socket.once('data', () =>
        socket.end(
          'HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nConnection: close\r\n\r\n<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><tds:GetSystemDate',
        ),
      ),
    );
    await new Promise<void>((resolve) => truncated.listen(0, '127.0.0.1', resolve));
    // Something on 127.0.0.2 that answers discovery probes with garbage.
    garbage = createSocket('udp4');
    garbage.on('message', (_msg, from) => garbage.send('\u0000<not-soap', from.port, from.address));
    await new Promise<void>((resolve) => garbage.bind(onvif.discoveryPort, '127.0.0.2', resolve));
    // ffmpeg, not the native engine: disabling a camera is seen as its ingest ffmpeg ending.
    t = await startTestHub([], { ingest: { engine: 'ffmpeg' } });
    admin = await t.login('center-admin');
  });

  afterAll(async () => {
    for (const socket of silentSockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await new Promise((resolve) => truncated?.close(resolve));
    garbage?.close();
    await t?.hub.stop();
    await device0?.stop();
  });

  it('only admins reach the registration API', async () => {
    const operator = await t.login('center-op');
    expect((await call(operator, 'GET', '/api/admin/cameras'))[0]).toBe(403);
    expect((await call(operator, 'POST', '/api/admin/discovery', { mode: 'sweep', hosts: '127.0.0.1' }))[0]).toBe(403);
    expect((await call('', 'GET', '/api/admin/cameras'))[0]).toBe(401);
  });

  it('a sweep rejects a range too wide and a malformed one with a clear message', async () => {
    const [status, body] = await call<{ error: { code: string; message: string } }>(
      admin,
      'POST',
      '/api/admin/discovery',
      {
        mode: 'sweep',
        hosts: '10.0.0.0/8',
      },
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/limited to 4096 addresses/);
    const [bad, badBody] = await call<{ error: { message: string } }>(admin, 'POST', '/api/admin/discovery', {
      mode: 'sweep',
      hosts: 'cameras.local',
    });
    expect(bad).toBe(400);
    expect(badBody.error.message).toMatch(/not an IPv4 address/);
  });

  let device: DeviceReadResult;

  it('discovers the device by a unicast sweep, with progress, and reads it with its credentials', async () => {
    const [status, job] = await call<DiscoveryJob>(admin, 'POST', '/api/admin/discovery', {
      mode: 'sweep',
      hosts: '127.0.0.1-127.0.0.3',
      port: onvif.discoveryPort,
    });
    expect(status).toBe(202);
    expect(job.progress.total).toBe(3);
    let done: DiscoveryJob = job;
    expect(
      await waitUntil(async () => {
        done = (await call<DiscoveryJob>(admin, 'GET', `/api/admin/discovery/${job.id}`))[1];
        return done.state !== 'running';
      }, 10_000),
    ).toBe(true);
    expect(done).toMatchObject({ state: 'done', progress: { done: 3, total: 3 }, ignoredReplies: 1 });
    expect(done.devices).toHaveLength(1);
    expect(done.devices[0]).toMatchObject({
      deviceUrl: onvif.deviceServiceUrl,
      name: 'North gate',
      registeredCameraId: null,
    });
    // Another admin cannot read this admin's job.
    const west = await t.login('west-admin');
    expect((await call(west, 'GET', `/api/admin/discovery/${job.id}`))[0]).toBe(404);

    const [wrongStatus, wrong] = await call<{ error: { code: string; message: string; details: { reason: string } } }>(
      admin,
      'POST',
      '/api/admin/onvif/device',
      { deviceUrl: done.devices[0]!.deviceUrl, username: 'operator', password: 'not-it' },
    );
    expect(wrongStatus).toBe(400);
    expect(wrong.error.details.reason).toBe('auth-failed');
    expect(wrong.error.message).toMatch(/authentication failed/);

    const [readStatus, read] = await call<DeviceReadResult>(admin, 'POST', '/api/admin/onvif/device', {
      deviceUrl: done.devices[0]!.deviceUrl,
      ...credentials,
    });
    expect(readStatus).toBe(200);
    device = read;
    expect(read.recommended).toEqual({ main: 'main', sub: 'sub' });
    expect(read.warning).toBeNull();
    expect(read.profiles.map((p) => [p.token, p.encoding, p.width, p.height, p.fps, p.hostCorrected])).toEqual([
      ['main', 'H264', 320, 240, 25, true],
      ['sub', 'H264', 160, 120, 25, true],
    ]);
    expect(read.profiles[0]!.streamUri).toBe(rtsp.url(config.id, 'main'));
    expect(Math.abs(read.clockOffsetSeconds - 3600)).toBeLessThanOrEqual(2);
    expect(JSON.stringify(read)).not.toContain(CAMERA_PASSWORD);
  });

  it('a device that never answers, answers half, or is no ONVIF device gives an error in bounded time; the hub runs on', async () => {
    const started = Date.now();
    const port = (silent.address() as AddressInfo).port;
    const [status, body] = await call<{ error: { details: { reason: string } } }>(
      admin,
      'POST',
      '/api/admin/onvif/device',
      {
        deviceUrl: `http://127.0.0.1:${port}/onvif/device_service`,
        ...credentials,
      },
    );
    expect(status).toBe(503);
    expect(body.error.details.reason).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(8_000);
    const [htmlStatus, html] = await call<{ error: { details: { reason: string } } }>(
      admin,
      'POST',
      '/api/admin/onvif/device',
      {
        deviceUrl: `${t.base}/onvif/device_service`,
      },
    );
    expect(htmlStatus).toBe(400);
    expect(html.error.details.reason).toBe('not-onvif');
    const [cutStatus, cut] = await call<{ error: { details: { reason: string } } }>(
      admin,
      'POST',
      '/api/admin/onvif/device',
      {
        deviceUrl: `http://127.0.0.1:${(truncated.address() as AddressInfo).port}/onvif/device_service`,
      },
    );
    expect(cutStatus).toBe(503);
    expect(cut.error.details.reason).toBe('malformed');
    expect((await t.get('/healthz')).status).toBe(200);
  });

  it('tests a stream before saving: codec, size and rate, or why it failed', async () => {
    const url = device.profiles[0]!.streamUri!;
    const [, good] = await call<StreamTestResult>(admin, 'POST', '/api/admin/cameras/test-stream', {
      url,
      ...credentials,
    });
    expect(good).toEqual({ ok: true, codec: 'h264', width: 320, height: 240, fps: 25, browserPlayable: true });
    const [, denied] = await call<StreamTestResult>(admin, 'POST', '/api/admin/cameras/test-stream', {
      url,
      username: 'operator',
      password: 'not-it',
    });
    expect(denied).toMatchObject({ ok: false, reason: { code: 'auth_failed', message: 'authentication failed' } });
    expect(JSON.stringify(denied)).not.toContain('not-it');
    const [, missing] = await call<StreamTestResult>(admin, 'POST', '/api/admin/cameras/test-stream', {
      url: url.replace('/main', '/nothing'),
      ...credentials,
    });
    expect(missing).toMatchObject({ ok: false, reason: { code: 'not_found' } });
    const port = (silent.address() as AddressInfo).port;
    const started = Date.now();
    const [, unreachable] = await call<StreamTestResult>(admin, 'POST', '/api/admin/cameras/test-stream', {
      url: `rtsp://127.0.0.1:${port}/stream`,
    });
    expect(unreachable).toMatchObject({ ok: false, reason: { code: 'unreachable' } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  let camera: AdminCamera;
  const cameraStatus = async (): Promise<string> =>
    (await call<{ status: string }>(admin, 'GET', `/api/cameras/${camera.id}`))[1].status;

  it('saves the camera, encrypted credentials and all, and it goes online without a restart', async () => {
    const [status, created] = await call<AdminCamera>(admin, 'POST', '/api/admin/cameras', {
      enterpriseId: 'ent-east',
      name: '北门',
      stage: 'staff_entrance',
      mainUrl: device.profiles[0]!.streamUri,
      subUrl: device.profiles[1]!.streamUri,
      ...credentials,
      onvifUrl: device.deviceUrl,
    });
    expect(status).toBe(201);
    camera = created;
    expect(created).toMatchObject({ username: 'operator', hasPassword: true, hasSub: true, recordMode: 'continuous' });
    expect(JSON.stringify(created)).not.toContain(CAMERA_PASSWORD);
    expect(await waitUntil(async () => (await cameraStatus()) === 'online', 20_000, 250)).toBe(true);
    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    const row = db.prepare('SELECT * FROM cameras WHERE id = ?').get(camera.id) as Record<string, string>;
    db.close();
    expect(row.password_enc).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(CAMERA_PASSWORD);
    // The discovery now marks the device as registered.
    const [, job] = await call<DiscoveryJob>(admin, 'POST', '/api/admin/discovery', {
      mode: 'sweep',
      hosts: '127.0.0.1',
      port: onvif.discoveryPort,
    });
    await waitUntil(
      async () => (await call<DiscoveryJob>(admin, 'GET', `/api/admin/discovery/${job.id}`))[1].state === 'done',
      10_000,
    );
    expect(
      (await call<DiscoveryJob>(admin, 'GET', `/api/admin/discovery/${job.id}`))[1].devices[0]?.registeredCameraId,
    ).toBe(camera.id);
  });

  it('tests a stored camera with its stored credentials, and never sends them to another host', async () => {
    const [, stored] = await call<StreamTestResult>(admin, 'POST', '/api/admin/cameras/test-stream', {
      cameraId: camera.id,
    });
    expect(stored).toMatchObject({ ok: true, codec: 'h264' });
    // Another host that asks for Digest credentials: it must never get the stored ones.
    const foreign = await startDigestRecorder();
    try {
      const [, elsewhere] = await call<StreamTestResult>(admin, 'POST', '/api/admin/cameras/test-stream', {
        cameraId: camera.id,
        url: `rtsp://127.0.0.1:${foreign.port}/gate/main`,
      });
      expect(elsewhere.ok).toBe(false);
      expect(foreign.requests.length).toBeGreaterThan(0);
      expect(foreign.requests.join('')).not.toMatch(/Authorization:/i);
    } finally {
      await foreign.stop();
    }
  });

  it('a branch admin neither sees nor edits another branch’s camera, nor adds one to another branch', async () => {
    const west = await t.login('west-admin');
    expect((await call(west, 'GET', `/api/admin/cameras/${camera.id}`))[0]).toBe(404);
    expect((await call(west, 'PATCH', `/api/admin/cameras/${camera.id}`, { name: 'x' }))[0]).toBe(404);
    expect((await call(west, 'DELETE', `/api/admin/cameras/${camera.id}`))[0]).toBe(404);
    const [, list] = await call<{ cameras: AdminCamera[] }>(west, 'GET', '/api/admin/cameras');
    expect(list.cameras).toEqual([]);
    const [status] = await call(west, 'POST', '/api/admin/cameras', {
      enterpriseId: 'ent-east',
      name: 'intruder',
      stage: 'other',
      mainUrl: 'rtsp://127.0.0.1:1/x',
    });
    expect(status).toBe(404);
  });

  it('edits, disables (ingest stops), re-enables and deletes; every change is audited without the password', async () => {
    const [, renamed] = await call<AdminCamera>(admin, 'PATCH', `/api/admin/cameras/${camera.id}`, {
      name: '北门通道',
    });
    expect(renamed.name).toBe('北门通道');
    const ffmpegs = (): number =>
      // The camera's ingest: its URL travels on fd 3, so ps shows pipe:3 (the simulator's encoders have none).
      descendantsOf(process.pid).filter((child) => child.command.includes('ffmpeg') && child.command.includes('pipe:3'))
        .length;
    expect(ffmpegs()).toBeGreaterThan(0);
    const [, disabled] = await call<AdminCamera>(admin, 'PATCH', `/api/admin/cameras/${camera.id}`, { enabled: false });
    expect(disabled.status).toBe('disabled');
    expect(await waitUntil(() => ffmpegs() === 0, 10_000)).toBe(true);
    await call(admin, 'PATCH', `/api/admin/cameras/${camera.id}`, { enabled: true, password: CAMERA_PASSWORD });
    expect(await waitUntil(async () => (await cameraStatus()) === 'online', 20_000, 250)).toBe(true);

    expect((await call(admin, 'DELETE', `/api/admin/cameras/${camera.id}`))[0]).toBe(204);
    expect((await call(admin, 'GET', `/api/cameras/${camera.id}`))[0]).toBe(404);
    expect(await waitUntil(() => ffmpegs() === 0, 10_000)).toBe(true);

    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    const audits = db
      .prepare(
        "SELECT type, user_id, org_unit_id, ip, data FROM events WHERE type LIKE 'audit.admin.camera.%' ORDER BY id",
      )
      .all() as Array<{ type: string; user_id: string; org_unit_id: string; ip: string; data: string }>;
    db.close();
    expect(audits.map((a) => a.type)).toEqual([
      'audit.admin.camera.created',
      'audit.admin.camera.updated',
      'audit.admin.camera.updated',
      'audit.admin.camera.updated',
      'audit.admin.camera.deleted',
    ]);
    for (const audit of audits) {
      expect(audit).toMatchObject({ org_unit_id: 'east', ip: expect.stringMatching(/127\.0\.0\.1/) });
      expect(audit.user_id).toBeTruthy();
      expect(JSON.parse(audit.data).username).toBe('center-admin');
    }
    expect(JSON.stringify(audits)).not.toContain(CAMERA_PASSWORD);
  });
});
