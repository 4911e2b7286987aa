// Live-viewing audit through the hub and the simulator, and socket.io scope: a branch hears only its own events.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPage } from '../../src/contracts/index.js';
import type { CameraSimulator } from '../../src/simulator/index.js';
import { branchCameras, smallLiveSimulator } from '../support/branch-cameras.js';
import { waitUntil } from '../support/processes.js';
import { connectRecordingSocket, type RecordingSocket } from '../support/socket-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

interface AuditRow {
  type: string;
  camera_id: string;
  org_unit_id: string;
  user_id: string;
  ip: string;
  data: string;
}

describe('live viewing audit', () => {
  let sim: CameraSimulator;
  let t: TestHub;
  const cookies: Record<string, string> = {};
  const sockets: Record<string, RecordingSocket> = {};

  const liveAudit = (): AuditRow[] => {
    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    try {
      return db.prepare(`SELECT * FROM events WHERE type LIKE 'audit.live.%' ORDER BY id`).all() as AuditRow[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    sim = await smallLiveSimulator(2);
    t = await startTestHub(branchCameras(sim.url('cam01', 'main'), sim.url('cam02', 'main')));
    for (const user of ['center-op', 'east-insp', 'west-insp']) {
      cookies[user] = await t.login(user);
      sockets[user] = await connectRecordingSocket(t.base, cookies[user] as string);
    }
  });

  afterAll(async () => {
    for (const socket of Object.values(sockets)) socket.close();
    await t?.hub.stop();
    await sim?.stop();
  });

  it('logs one started and one ended event for a view of many playlist requests, with its duration', async () => {
    let firstRequestAt = 0;
    let lastRequestAt = 0;
    let playlists = 0;
    // A player reloading the playlist for about 4 s (the first request starts the camera on demand, which takes
    // longer on a loaded machine); another branch's inspector tries the same camera meanwhile.
    while (playlists < 2 || lastRequestAt - firstRequestAt < 4_000) {
      if (playlists > 0) await new Promise((resolve) => setTimeout(resolve, 300));
      lastRequestAt = Date.now();
      firstRequestAt ||= lastRequestAt;
      const response = await t.get('/live/cam-east/main/index.m3u8', cookies['east-insp']);
      if (response.status === 200 && (await response.text()).includes('#EXTM3U')) playlists++;
      expect((await t.get('/live/cam-east/main/index.m3u8', cookies['west-insp'])).status).toBe(403);
      expect(Date.now() - firstRequestAt).toBeLessThan(40_000);
    }
    expect(liveAudit().map((row) => row.type)).toEqual(['audit.live.started']);

    // No playlist request for 15 s ends the view.
    expect(await waitUntil(() => liveAudit().length === 2, 20_000, 250)).toBe(true);
    const [start, end] = liveAudit();
    expect(end?.type).toBe('audit.live.ended');
    for (const row of [start, end]) {
      expect(row).toMatchObject({ camera_id: 'cam-east', org_unit_id: 'east', ip: '127.0.0.1' });
      expect(JSON.parse(row?.data ?? '{}')).toMatchObject({ username: 'east-insp', stream: 'main' });
    }
    // The view lasted from the first playlist request to the last one.
    const { durationMs } = JSON.parse(end?.data ?? '{}') as { durationMs: number };
    expect(Math.abs(durationMs - (lastRequestAt - firstRequestAt))).toBeLessThan(1_000);
  });

  it('pushes the audit events to the center and the owning branch, never to another branch', async () => {
    const types = (user: string): string[] =>
      (sockets[user]?.events ?? []).filter((event) => event.cameraId === 'cam-east').map((event) => event.type);
    expect(await waitUntil(() => types('center-op').includes('audit.live.ended'), 5_000)).toBe(true);
    expect(await waitUntil(() => types('east-insp').includes('audit.live.ended'), 5_000)).toBe(true);
    expect(types('east-insp')).toContain('audit.live.started');
    const ended = sockets['east-insp']?.events.find((event) => event.type === 'audit.live.ended');
    expect(ended).toMatchObject({ orgUnitId: 'east', enterpriseId: 'ent-east', username: 'east-insp' });
    expect(ended?.data?.durationMs).toBeGreaterThan(3_000);
    // The camera's own status events (it came online for the viewer) followed the same rule.
    expect(types('east-insp').some((type) => type.startsWith('camera.'))).toBe(true);
    expect(types('west-insp')).toEqual([]);

    // The west socket is live: it hears its own branch's view, which the east socket does not.
    await t.get('/live/cam-west/main/index.m3u8', cookies['west-insp']);
    const westView = (user: string): boolean =>
      (sockets[user]?.events ?? []).some(
        (event) => event.type === 'audit.live.started' && event.cameraId === 'cam-west',
      );
    expect(await waitUntil(() => westView('west-insp') && westView('center-op'), 5_000)).toBe(true);
    expect(westView('east-insp')).toBe(false);
    expect(sockets['west-insp']?.events.every((event) => event.orgUnitId === 'west')).toBe(true);
    expect(sockets['east-insp']?.events.every((event) => event.orgUnitId === 'east')).toBe(true);
  });

  it('shows the views in the event log of the center and the branch, not of another branch', async () => {
    const count = async (user: string): Promise<number> => {
      const response = await t.get('/api/events?type=audit.live.', cookies[user]);
      return ((await response.json()) as EventPage).events.length;
    };
    expect(await count('center-op')).toBe(3);
    expect(await count('east-insp')).toBe(2);
    expect(await count('west-insp')).toBe(1);
  });
});
