// Stored camera credentials over the admin API: they stay with their device's address, and the ONVIF address never shows them.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminCamera, DiscoveryJob } from '../../src/contracts/index.js';
import { startDigestRecorder, type DigestRecorder } from '../support/digest-recorder.js';
import { startOnvifCamera, type OnvifCamera } from '../support/onvif-camera.js';
import { waitUntil } from '../support/processes.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const PASSWORD = 'Dock-S3cret!';
const credentials = { username: 'operator', password: PASSWORD };

describe('camera credentials and addresses', () => {
  let device: OnvifCamera;
  let recorder: DigestRecorder;
  let t: TestHub;
  let admin: string;
  let camera: AdminCamera;
  const bodies: string[] = [];

  const call = async <T>(cookie: string, method: string, path: string, body?: unknown): Promise<[number, T]> => {
    const response = await t.send(method, path, cookie, body);
    const text = await response.text();
    bodies.push(text);
    return [response.status, (text ? JSON.parse(text) : null) as T];
  };
  const patch = async (body: Record<string, unknown>): Promise<AdminCamera> => {
    const [status, updated] = await call<AdminCamera>(admin, 'PATCH', `/api/admin/cameras/${camera.id}`, body);
    expect(status).toBe(200);
    return updated;
  };
  const status = async (): Promise<string> =>
    (await call<{ status: string }>(admin, 'GET', `/api/cameras/${camera.id}`))[1].status;

  beforeAll(async () => {
    device = await startOnvifCamera({ id: 'dock', name: 'Dock', credentials });
    recorder = await startDigestRecorder();
    t = await startTestHub([]);
    admin = await t.login('center-admin');
  });

  afterAll(async () => {
    await t?.hub.stop();
    await recorder?.stop();
    await device?.stop();
  });

  it('keeps the ONVIF address without its credentials, in the database and in every answer', async () => {
    const deviceUrl = device.onvif.deviceServiceUrl;
    const [created, body] = await call<AdminCamera>(admin, 'POST', '/api/admin/cameras', {
      enterpriseId: 'ent-east',
      name: '码头',
      stage: 'storage',
      mainUrl: device.rtsp.url('dock', 'main'),
      onvifUrl: deviceUrl.replace('http://', `http://operator:${encodeURIComponent(PASSWORD)}@`),
      ...credentials,
    });
    expect(created).toBe(201);
    camera = body;
    expect(camera.onvifUrl).toBe(deviceUrl);
    expect(camera.hasPassword).toBe(true);
    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    const row = db.prepare('SELECT onvif_url FROM cameras WHERE id = ?').get(camera.id) as { onvif_url: string };
    db.close();
    expect(row.onvif_url).toBe(deviceUrl);
    expect(await waitUntil(async () => (await status()) === 'online', 20_000, 250)).toBe(true);
  });

  it('drops the stored password when the stream moves to another address without it; ingest sends none', async () => {
    const moved = await patch({ mainUrl: `rtsp://127.0.0.1:${recorder.port}/dock/main` });
    expect(moved).toMatchObject({ hasPassword: false, username: 'operator' });
    // Ingest restarts on the new address and the host asks for Digest: with a user name and no password,
    // ffmpeg has nothing to answer with, so no request carries an answer at all.
    expect(await waitUntil(() => recorder.requests.length > 0, 20_000, 100)).toBe(true);
    expect(recorder.answers()).toEqual([]);
    expect(recorder.requests.join('')).not.toContain(PASSWORD);

    // The check can see a password when one is sent: entered again in an edit, it goes to the new address.
    const heard = recorder.answers().length;
    expect((await patch({ password: PASSWORD })).hasPassword).toBe(true);
    const withPassword = (): boolean =>
      recorder
        .answers()
        .slice(heard)
        .some((answer) => recorder.madeWith(answer, PASSWORD));
    expect(await waitUntil(withPassword, 20_000, 100)).toBe(true);

    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    const audit = db
      .prepare("SELECT data FROM events WHERE type = 'audit.admin.camera.updated' ORDER BY id")
      .all() as Array<{ data: string }>;
    db.close();
    expect(audit.map((row) => row.data).join('\n')).toContain('password (cleared: new address)');
  });

  it('applies the same rule to the sub stream and the ONVIF address; a known address or a new password keeps it', async () => {
    const back = await patch({ mainUrl: device.rtsp.url('dock', 'main'), password: PASSWORD });
    expect(back.hasPassword).toBe(true);
    // The sub stream on the main stream's address (another path): the same device.
    expect((await patch({ subUrl: device.rtsp.url('dock', 'sub') })).hasPassword).toBe(true);
    expect((await patch({ subUrl: `rtsp://127.0.0.1:${recorder.port}/dock/sub` })).hasPassword).toBe(false);
    await patch({ subUrl: device.rtsp.url('dock', 'sub'), password: PASSWORD });
    const onvifElsewhere = `http://127.0.0.1:${recorder.port}/onvif/device_service`;
    expect((await patch({ onvifUrl: onvifElsewhere })).hasPassword).toBe(false);
    // Moved with the password in the same edit (here inside the URL): it is the password for the new address.
    const inUrl = `rtsp://operator:${encodeURIComponent(PASSWORD)}@127.0.0.1:${recorder.port}/dock/main`;
    const withIt = await patch({ mainUrl: inUrl });
    expect(withIt).toMatchObject({ hasPassword: true, mainUrl: `rtsp://127.0.0.1:${recorder.port}/dock/main` });
  });

  it('marks a registered device only for admins whose scope holds its camera', async () => {
    await patch({ onvifUrl: device.onvif.deviceServiceUrl });
    const sweep = async (cookie: string): Promise<DiscoveryJob> => {
      const input = { mode: 'sweep', hosts: '127.0.0.1', port: device.onvif.discoveryPort };
      const [, job] = await call<DiscoveryJob>(cookie, 'POST', '/api/admin/discovery', input);
      const read = async (): Promise<DiscoveryJob> =>
        (await call<DiscoveryJob>(cookie, 'GET', `/api/admin/discovery/${job.id}`))[1];
      expect(await waitUntil(async () => (await read()).state === 'done', 10_000)).toBe(true);
      return read();
    };
    const own = await sweep(admin);
    expect(own.devices.map((d) => d.registeredCameraId)).toEqual([camera.id]);
    const other = await sweep(await t.login('west-admin'));
    expect(other.devices.map((d) => d.deviceUrl)).toEqual([device.onvif.deviceServiceUrl]);
    expect(other.devices.map((d) => d.registeredCameraId)).toEqual([null]);
  });

  it('never answered with the password', () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body).not.toContain(PASSWORD);
    for (const body of bodies) expect(body).not.toContain(encodeURIComponent(PASSWORD));
  });
});
