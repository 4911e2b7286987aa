// RTMP push end to end: a push camera registered over the API, ffmpeg pushing with its key, LL-HLS out of the hub; wrong keys refused.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminCamera, PushSettings } from '../../src/contracts/index.js';
import { capturingLogger } from '../support/log-capture.js';
import { waitUntil } from '../support/processes.js';
import { pushTestPattern, type Pusher } from '../support/rtmp-pusher.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const pushers: ChildProcess[] = [];

function push(url: string): Pusher {
  const pusher = pushTestPattern(url);
  pushers.push(pusher.child);
  return pusher;
}

describe('RTMP push cameras', () => {
  let t: TestHub;
  let cookie: string;
  let camera: AdminCamera;
  let settings: PushSettings;
  const { logger, lines } = capturingLogger();

  const api = async (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(t.base + path, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });
  const status = async (): Promise<{ status: string; statusReason: string | null }> =>
    (await api(`/api/cameras/${camera.id}`)).json();

  beforeAll(async () => {
    t = await startTestHub([], {}, logger);
    cookie = await t.login('center-admin');
    const created = await api('/api/admin/cameras', {
      method: 'POST',
      body: JSON.stringify({
        enterpriseId: 'ent-east',
        name: '移动执法记录仪',
        stage: 'raw_material_intake',
        sourceKind: 'rtmp',
        recordMode: 'off',
      }),
    });
    expect(created.status).toBe(201);
    camera = await created.json();
    settings = await (await api(`/api/admin/cameras/${camera.id}/push`)).json();
  });

  afterAll(async () => {
    for (const child of pushers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await t?.hub.stop();
  });

  it('gives the device a server URL and its own stream key, and shows offline while nobody pushes', async () => {
    expect(settings.serverUrl).toMatch(/^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);
    expect(settings.key).toMatch(/^[0-9a-f]{32}$/);
    expect(settings.fullUrl).toBe(`${settings.serverUrl}/${camera.id}?key=${settings.key}`);
    expect(settings.pushing).toBe(false);
    expect(await status()).toMatchObject({ status: 'offline', statusReason: 'waiting for the device to push' });
    // The key is shown in the push settings only, never with the camera.
    expect(JSON.stringify(await (await api(`/api/admin/cameras/${camera.id}`)).json())).not.toContain(settings.key);
  });

  it('refuses a push with a wrong key or for an unknown camera, and logs it without the key', async () => {
    const wrong = push(`${settings.serverUrl}/${camera.id}?key=${'0'.repeat(32)}`);
    const unknown = push(`${settings.serverUrl}/cam_nobody?key=${settings.key}`);
    expect(await wrong.exited).not.toBe(0);
    expect(await unknown.exited).not.toBe(0);
    expect((await status()).status).toBe('offline');
    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    const refused = db.prepare("SELECT * FROM events WHERE type = 'push.refused' ORDER BY id").all() as Array<{
      camera_id: string | null;
      message: string;
      data: string;
    }>;
    db.close();
    expect(refused.map((row) => JSON.parse(row.data).reason).sort()).toEqual([
      'unknown push camera',
      'wrong stream key',
    ]);
    expect(refused.find((row) => row.camera_id === camera.id)?.message).toContain('wrong stream key');
    expect(JSON.stringify(refused)).not.toContain(settings.key);
  });

  it('garbage on the RTMP port ends that connection only', async () => {
    const port = Number(new URL(settings.serverUrl.replace('rtmp:', 'http:')).port);
    // Reads (and drops) what the gateway answers, so its end of the connection can arrive.
    const socket = connect(port, '127.0.0.1').resume();
    await new Promise((resolve) => socket.once('connect', resolve));
    // A plausible handshake version byte, then noise where the handshake and the first chunks belong.
    socket.write(Buffer.concat([Buffer.from([3]), randomBytes(1536), randomBytes(1536), randomBytes(4096)]));
    await new Promise((resolve) => socket.once('close', resolve).once('error', resolve).end());
    expect((await t.get('/healthz')).status).toBe(200);
  });

  it('takes the push with the right key and plays it as LL-HLS through the hub', async () => {
    const pusher = push(settings.fullUrl);
    // Not recorded, so its ingest starts on the first viewer: the playlist request.
    expect(
      await waitUntil(
        async () => (await api(`/api/admin/cameras/${camera.id}/push`).then((r) => r.json())).pushing,
        10_000,
        100,
      ),
    ).toBe(true);
    let playlist = '';
    const playing = await waitUntil(
      async () => {
        const response = await api(`/live/${camera.id}/main/index.m3u8`);
        playlist = response.status === 200 ? await response.text() : '';
        return playlist.includes('#EXT-X-PART:');
      },
      20_000,
      250,
    );
    expect(playing).toBe(true);
    expect(playlist).toContain('#EXT-X-PROGRAM-DATE-TIME');
    expect((await status()).status).toBe('online');
    const summary = await (await api(`/api/cameras/${camera.id}`)).json();
    expect(summary.health.main).toMatchObject({ codec: expect.stringMatching(/^avc1\./), width: 320, height: 240 });
    expect((await (await api(`/api/admin/cameras/${camera.id}/push`)).json()).pushing).toBe(true);

    // The device stops: the camera goes back to waiting.
    pusher.child.kill('SIGTERM');
    await pusher.exited;
    expect(
      await waitUntil(async () => (await status()).statusReason === 'waiting for the device to push', 10_000, 250),
    ).toBe(true);
  });

  it('a new key cuts off the push under way and refuses the old key; no key ever reaches the log', async () => {
    const pusher = push(settings.fullUrl);
    const pushing = async (): Promise<boolean> =>
      ((await (await api(`/api/admin/cameras/${camera.id}/push`)).json()) as PushSettings).pushing;
    expect(await waitUntil(pushing, 10_000, 100)).toBe(true);
    const renewed: PushSettings = await (
      await api(`/api/admin/cameras/${camera.id}/push/regenerate`, { method: 'POST' })
    ).json();
    expect(renewed.key).not.toBe(settings.key);
    expect(await pusher.exited).not.toBe(0);
    expect(await pushing()).toBe(false);
    const old = push(settings.fullUrl);
    expect(await old.exited).not.toBe(0);
    expect(lines.join('')).toContain('RTMP');
    for (const key of [settings.key, renewed.key]) expect(lines.join('')).not.toContain(key);
  });
});
