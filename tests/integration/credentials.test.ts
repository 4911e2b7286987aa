// Camera credentials given in a URL stay out of every log line, event and API response.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';
import { capturingLogger } from '../support/log-capture.js';
import { waitUntil } from '../support/processes.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const SECRET = 'S3cret-Cam-Pw';

describe('credentials in camera URLs', () => {
  const { logger, lines } = capturingLogger();
  let sim: CameraSimulator;
  let t: TestHub;

  beforeAll(async () => {
    sim = new CameraSimulator({
      ffmpegPath: 'ffmpeg',
      cameras: simulatedCameras(2, { mode: 'loop', width: 320, height: 240, bitrateKbps: 300, sub: false }).map(
        (camera) => ({ ...camera, auth: { username: 'admin', password: SECRET } }),
      ),
    });
    await sim.start();
    const withCredentials = (id: string) => sim.url(id, 'main').replace('rtsp://', `rtsp://admin:${SECRET}@`);
    t = await startTestHub(
      [
        { id: 'good', name: 'Good', stage: 'processing', mainUrl: withCredentials('cam01') },
        // The right user with a wrong password in the URL: ffmpeg's failure text passes through the logs too.
        {
          id: 'bad',
          name: 'Bad',
          stage: 'processing',
          mainUrl: withCredentials('cam02').replace(SECRET, `${SECRET}x`),
        },
      ],
      {},
      logger,
    );
  });

  afterAll(async () => {
    await t?.hub.stop();
    await sim?.stop();
  });

  it('plays with them, and shows them nowhere', async () => {
    const cookie = await t.login('center-op');
    const camera = async (id: string) => (await t.get(`/api/cameras/${id}`, cookie)).json();
    expect(await waitUntil(async () => (await camera('good')).status === 'online', 20_000, 250)).toBe(true);
    expect(
      await waitUntil(async () => (await camera('bad')).statusReason === 'authentication failed', 20_000, 250),
    ).toBe(true);

    const api = [
      await (await t.get('/api/cameras', cookie)).text(),
      await (await t.get('/api/org/tree', cookie)).text(),
      await (await t.get('/metrics')).text(),
    ].join('\n');
    expect(api).toContain('rtsp://127.0.0.1');
    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    const events = JSON.stringify(db.prepare('SELECT * FROM events').all());
    const stored = JSON.stringify(db.prepare('SELECT * FROM cameras').all());
    db.close();
    expect(events).toContain('authentication failed');
    expect(lines.length).toBeGreaterThan(10);

    for (const [where, text] of [
      ['API', api],
      ['events', events],
      ['camera rows', stored],
      ['logs', lines.join('')],
    ] as const) {
      expect(text, where).not.toContain(SECRET);
    }
  });
});
