// A patrol over HTTP: evidence snapshots that verify, a record with verdicts and an offline point, the task done and
// the next one planned, and what an enterprise account reads of it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceSnapshot, PatrolPoint, PatrolRecord, PatrolTask } from '../../src/contracts/index.js';
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';
import { waitUntil } from '../support/processes.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const sha256 = (bytes: Buffer | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('a patrol of an enterprise', () => {
  let sim: CameraSimulator;
  let t: TestHub;
  let inspector: string;
  let snapshot: EvidenceSnapshot;

  beforeAll(async () => {
    sim = new CameraSimulator({
      ffmpegPath: 'ffmpeg',
      cameras: simulatedCameras(1, { mode: 'loop', width: 320, height: 240, bitrateKbps: 300, sub: false }),
    });
    await sim.start();
    t = await startTestHub([
      { id: 'cam-line', name: '加工线', stage: 'processing', enterprise: 'east', mainUrl: sim.url('cam01', 'main') },
      // Nothing listens there: the point is offline when the patrol is recorded.
      { id: 'cam-store', name: '冷库', stage: 'storage', enterprise: 'east', mainUrl: 'rtsp://127.0.0.1:9/none' },
    ]);
    inspector = await t.login('east-insp');
    const down = async () =>
      ['offline', 'reconnecting'].includes(
        ((await (await t.get('/api/cameras/cam-store', inspector)).json()) as { status: string }).status,
      );
    expect(await waitUntil(down, 20_000, 200)).toBe(true);
  });

  afterAll(async () => {
    await t?.hub.stop();
    await sim?.stop();
  });

  it('plans a task for the enterprise with cameras, assigned to the branch inspector', async () => {
    const { tasks } = (await (await t.get('/api/patrol/tasks?state=open', inspector)).json()) as {
      tasks: PatrolTask[];
    };
    expect(tasks.map((task) => task.enterpriseId)).toEqual(['ent-east']);
    expect(tasks[0]?.assignedToName).toBe('east-insp');
  });

  it('takes a snapshot whose stored file, served file and recorded hash agree, timed by its frame', async () => {
    const before = Date.now();
    const taken = await t.send('POST', '/api/cameras/cam-line/evidence-snapshots', inspector);
    expect(taken.status).toBe(201);
    snapshot = (await taken.json()) as EvidenceSnapshot;
    expect(Date.parse(snapshot.frameAt)).toBeLessThanOrEqual(Date.parse(snapshot.takenAt));
    expect(Date.parse(snapshot.takenAt)).toBeGreaterThanOrEqual(before);
    const served = Buffer.from(await (await t.get(snapshot.url, inspector)).arrayBuffer());
    expect(served.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(sha256(served)).toBe(snapshot.sha256);
    const stored = readFileSync(
      join(t.dataDir, 'evidence', 'snapshots', ...snapshot.takenAt.slice(0, 10).split('-'), `${snapshot.id}.jpg`),
    );
    expect(sha256(stored)).toBe(snapshot.sha256);
    const verify = (await (await t.get(`/api/evidence/snapshots/${snapshot.id}/verify`, inspector)).json()) as {
      ok: boolean;
    };
    expect(verify.ok).toBe(true);
    // Operators watch; only inspectors and admins take evidence.
    const operator = await t.login('center-op');
    expect((await t.send('POST', '/api/cameras/cam-line/evidence-snapshots', operator)).status).toBe(403);
  });

  it('records verdicts, puts the offline point on record by itself, and plans the next patrol', async () => {
    const { points } = (await (await t.get('/api/patrol/enterprises/ent-east/points', inspector)).json()) as {
      points: PatrolPoint[];
    };
    expect(points.map((point) => [point.cameraId, point.stage])).toEqual([
      ['cam-line', 'processing'],
      ['cam-store', 'storage'],
    ]);
    expect(points[0]?.checklist.map((item) => item.key)).toContain('caps-masks');
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    const body = {
      enterpriseId: 'ent-east',
      startedAt,
      summary: '加工线有人未戴口罩',
      internalNote: '上次也有类似问题',
      points: [
        {
          cameraId: 'cam-line',
          snapshotIds: [snapshot.id],
          items: [
            { key: 'caps-masks', verdict: 'fail', comment: '两名工人未戴口罩' },
            { key: 'surfaces-clean', verdict: 'pass' },
          ],
        },
      ],
    };
    const made = await t.send('POST', '/api/patrol/records', inspector, body);
    expect(made.status).toBe(201);
    const record = (await made.json()) as PatrolRecord;
    expect(record.result).toBe('fail');
    expect(record.failedItems).toBe(1);
    expect(record.offlinePoints).toBe(1);
    const store = record.points.find((point) => point.cameraId === 'cam-store');
    expect(store).toMatchObject({ visited: false, items: [] });
    expect(['offline', 'reconnecting']).toContain(store?.status);
    expect(record.points[0]?.snapshots[0]).toMatchObject({ id: snapshot.id, sha256: snapshot.sha256 });
    expect(record.points[0]?.items[0]).toMatchObject({ text: '工作人员规范佩戴工作帽和口罩', verdict: 'fail' });

    const { tasks } = (await (await t.get('/api/patrol/tasks', inspector)).json()) as { tasks: PatrolTask[] };
    expect(tasks.find((task) => task.state === 'done')?.recordId).toBe(record.id);
    const next = tasks.find((task) => task.state === 'open');
    // Grade A: monthly.
    expect(Date.parse(next?.dueAt ?? '') - Date.parse(record.finishedAt)).toBe(30 * 86_400_000);

    // An enterprise account reads its own outcome without the agency's note; nobody else outside scope reads it.
    const own = await t.login('east-ent');
    const seen = (await (await t.get(`/api/patrol/records/${record.id}`, own)).json()) as PatrolRecord;
    expect(seen.result).toBe('fail');
    expect(seen).not.toHaveProperty('internalNote');
    expect(JSON.stringify(seen)).not.toContain('上次也有类似问题');
    for (const other of ['east2-ent', 'west-insp']) {
      const cookie = await t.login(other);
      expect((await t.get(`/api/patrol/records/${record.id}`, cookie)).status).toBe(404);
      const list = (await (await t.get('/api/patrol/records', cookie)).json()) as { records: PatrolRecord[] };
      expect(list.records).toHaveLength(0);
      expect((await t.get(snapshot.url, cookie)).status).toBe(404);
    }
    expect((await t.get('/api/patrol/tasks', own)).status).toBe(403);
  });

  it('refuses a record naming a point, item or snapshot that is not the enterprise’s', async () => {
    const base = { enterpriseId: 'ent-east', startedAt: new Date().toISOString() };
    const cases = [
      { points: [{ cameraId: 'cam-elsewhere' }] },
      { points: [{ cameraId: 'cam-line', items: [{ key: 'no-such-item', verdict: 'pass' }] }] },
      { points: [{ cameraId: 'cam-store', snapshotIds: [snapshot.id] }] },
      { points: [] },
    ];
    for (const extra of cases) {
      const response = await t.send('POST', '/api/patrol/records', inspector, { ...base, ...extra });
      expect(response.status, JSON.stringify(extra)).toBe(400);
      expect(JSON.stringify(await response.json())).toMatch(/points/);
    }
  });

  it('lets a center admin (only) change a stage’s checklist, which the next patrol’s points carry', async () => {
    const items = [{ key: 'cold-door', text: '冷库门随手关闭', textEn: 'Cold store door closed after use' }];
    for (const [user, status] of [
      ['west-admin', 403],
      ['east-insp', 403],
      ['east-ent', 403],
      ['center-admin', 200],
    ] as const) {
      const response = await t.send('PUT', '/api/patrol/templates/storage', await t.login(user), { items });
      expect(response.status, user).toBe(status);
    }
    const { points } = (await (await t.get('/api/patrol/enterprises/ent-east/points', inspector)).json()) as {
      points: PatrolPoint[];
    };
    expect(points.find((point) => point.stage === 'storage')?.checklist).toEqual(items);
    const bad = await t.send('PUT', '/api/patrol/templates/storage', await t.login('center-admin'), {
      items: [...items, items[0]],
    });
    expect(bad.status).toBe(400);
  });
});
