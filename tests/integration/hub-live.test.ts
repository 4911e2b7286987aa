// The live path through the whole hub: supervised ingest against the simulator, status, events and recovery.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';
import { freePort } from '../support/net.js';
import { descendantsOf, isAlive, processOnLocalPort, waitUntil } from '../support/processes.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

interface CameraJson {
  id: string;
  status: string;
  statusReason: string | null;
  health: { main: { lastDataAt: string | null; restarts: number } | null } | null;
}

describe('live ingest through the hub', () => {
  const sims: CameraSimulator[] = [];
  let sim: CameraSimulator;
  let latePort: number;
  let t: TestHub;
  let cookie: string;

  const camera = async (id: string): Promise<CameraJson> => (await t.get(`/api/cameras/${id}`, cookie)).json();
  const events = (cameraId: string): Array<{ type: string; message: string }> => {
    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    try {
      return db.prepare('SELECT type, message FROM events WHERE camera_id = ? ORDER BY id').all(cameraId) as Array<{
        type: string;
        message: string;
      }>;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    const base = { mode: 'live' as const, width: 320, height: 240, bitrateKbps: 300, sub: false as const };
    sim = new CameraSimulator({
      ffmpegPath: 'ffmpeg',
      cameras: [
        ...simulatedCameras(2, base),
        { ...simulatedCameras(3, base)[2]!, auth: { username: 'admin', password: 'right-password' } },
      ],
    });
    sims.push(sim);
    await sim.start();
    latePort = await freePort();
    t = await startTestHub(
      [
        { id: 'steady', name: 'Steady', stage: 'processing', mainUrl: sim.url('cam01', 'main') },
        { id: 'stopper', name: 'Stopper', stage: 'packaging', mainUrl: sim.url('cam02', 'main') },
        {
          id: 'locked',
          name: 'Locked',
          stage: 'storage',
          mainUrl: sim.url('cam03', 'main'),
          username: 'admin',
          password: 'wrong-password',
        },
        { id: 'late', name: 'Late', stage: 'staff_entrance', mainUrl: `rtsp://127.0.0.1:${latePort}/cam01/main` },
        // ffmpeg, not the native engine: these tests kill the ingest's ffmpeg and look for ffmpegs left behind.
      ],
      { ingest: { engine: 'ffmpeg' } },
    );
    cookie = await t.login('center-op');
  });

  afterAll(async () => {
    await t?.hub.stop();
    for (const s of sims) await s.stop();
  });

  it('brings recorded cameras online and serves their live playlist', async () => {
    expect(await waitUntil(async () => (await camera('steady')).status === 'online', 20_000, 250)).toBe(true);
    const playlist = await (await t.get('/live/steady/main/index.m3u8', cookie)).text();
    expect(playlist).toContain('#EXT-X-PART:');
  });

  it('plays again within 5 s after its ffmpeg is killed with SIGKILL, and logs the drop and the return', async () => {
    expect(await waitUntil(async () => (await camera('steady')).status === 'online', 20_000, 250)).toBe(true);
    // The camera's URL is not on ffmpeg's command line: find its ingest by the connection it holds to the camera.
    const [victim] = sim.clientPorts('cam01').flatMap((port) => processOnLocalPort(port) ?? []);
    expect(victim).toBeDefined();
    expect(descendantsOf(process.pid).find((child) => child.pid === victim)?.command).toContain('ffmpeg');
    const killedAt = Date.now();
    process.kill(victim!, 'SIGKILL');
    const back = await waitUntil(
      async () => {
        const health = (await camera('steady')).health?.main;
        return Boolean(health?.lastDataAt && Date.parse(health.lastDataAt) > killedAt + 200 && health.restarts >= 1);
      },
      5_000,
      100,
    );
    expect(back).toBe(true);
    const types = events('steady').map((event) => event.type);
    const drop = types.lastIndexOf('camera.reconnecting');
    expect(drop).toBeGreaterThanOrEqual(0);
    expect(types.slice(drop)).toContain('camera.online');
  });

  it('reports a camera that stops sending within 10 s', async () => {
    expect(await waitUntil(async () => (await camera('stopper')).status === 'online', 20_000, 250)).toBe(true);
    sim.setStopped('cam02', true);
    const stoppedAt = Date.now();
    expect(await waitUntil(async () => (await camera('stopper')).status !== 'online', 10_000, 200)).toBe(true);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect((await camera('stopper')).statusReason).toMatch(/stall|no data|stopped sending/i);
    sim.setStopped('cam02', false);
    expect(await waitUntil(async () => (await camera('stopper')).status === 'online', 20_000, 250)).toBe(true);
  });

  it('says "authentication failed" for a wrong password and backs off instead of a restart storm', async () => {
    expect(
      await waitUntil(async () => (await camera('locked')).statusReason === 'authentication failed', 15_000, 250),
    ).toBe(true);
    const before = (await camera('locked')).health?.main?.restarts ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const after = (await camera('locked')).health?.main?.restarts ?? 0;
    // Backoff 1 → 2 → 5 → 10 s: at most a few attempts in 8 s, never one per second.
    expect(after - before).toBeLessThanOrEqual(3);
    expect(events('locked').some((event) => /authentication failed/.test(event.message))).toBe(true);
  });

  it('brings a camera that was down at start online when it appears', async () => {
    expect((await camera('late')).status).not.toBe('online');
    const lateSim = new CameraSimulator({
      ffmpegPath: 'ffmpeg',
      port: latePort,
      cameras: simulatedCameras(1, { mode: 'live', width: 320, height: 240, bitrateKbps: 300, sub: false }),
    });
    sims.push(lateSim);
    await lateSim.start();
    expect(await waitUntil(async () => (await camera('late')).status === 'online', 40_000, 250)).toBe(true);
  });

  it('leaves no ffmpeg behind when the hub stops', async () => {
    const ingest = descendantsOf(process.pid).filter((child) => child.command.includes('-c:v copy'));
    expect(ingest.length).toBeGreaterThan(0);
    await t.hub.stop();
    expect(await waitUntil(() => ingest.every((child) => !isAlive(child.pid)), 5_000)).toBe(true);
  });
});
