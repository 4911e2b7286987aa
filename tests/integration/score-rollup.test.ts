// The daily roll-up on a real database: days are scored once they are over, late facts (a federated status event, a
// retrieved recording, a closure an admin corrects) rescore just the days they touch, retention changes nothing, and
// an enterprise under the online threshold on its last production days gets one automatic notice.
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.js';
import type { DomainEvent } from '../../src/events/index.js';
import { CameraStore } from '../../src/org/index.js';
import { DayScores, ScoreRollup, ScoreStore } from '../../src/reports/index.js';
import { SecretBox } from '../../src/shared/index.js';
import { NoticeService, ProfileStore, ScoreNotices } from '../../src/supervision/index.js';
import { noticeProvince, noticeService } from '../support/notice-province.js';
import { tempDir } from '../support/temp-dir.js';

/** Monday 2 March 2026, local time, and a clock time on a day of that week (0 = Monday). */
const at = (weekday: number, hours = 0, minutes = 0): number =>
  new Date(2026, 2, 2 + weekday, hours, minutes).getTime();

describe('the daily roll-up of camera-day scores', () => {
  let db: Db;
  let clock: { now: number };
  let store: ScoreStore;
  let rollup: ScoreRollup;
  let notices: NoticeService;
  let profiles: ProfileStore;
  let published: DomainEvent[];

  const status = (cameraId: string, when: number, type: 'camera.online' | 'camera.offline'): void => {
    db.prepare(`INSERT INTO events (at, type, severity, camera_id, message, data) VALUES (?, ?, 'info', ?, '', ?)`).run(
      when,
      type,
      cameraId,
      JSON.stringify({ stream: 'main' }),
    );
  };
  const recorded = (cameraId: string, from: number, to: number): void => {
    db.prepare(
      `INSERT INTO recordings (camera_id, stream, start_ms, end_ms, bytes, path, state) VALUES (?, 'main', ?, ?, 1, ?, 'closed')`,
    ).run(cameraId, from, to, `recordings/${cameraId}/${from}.mp4`);
  };
  const score = (cameraId: string, day: string) => store.cameraDay(cameraId, day);

  beforeEach(() => {
    const dir = tempDir();
    db = openDatabase(noticeProvince(dir, 'scores'));
    clock = { now: at(3, 9) }; // Thursday 09:00: Monday to Wednesday are over
    const cameras = new CameraStore(db, new SecretBox('test key'));
    for (const [id, enterpriseId] of [
      ['cam-dg-1', 'e-dg'],
      ['cam-dg-2', 'e-dg'],
      ['cam-xs', 'e-xs'],
    ] as const) {
      cameras.create({ id, enterpriseId, name: id, stage: 'processing', mainUrl: `rtsp://127.0.0.1/${id}` });
    }
    db.prepare('UPDATE cameras SET created_at = ?').run(at(-7));
    // cam-dg-1 online all week but for 10:00–10:45 on Monday; cam-dg-2 online all week; cam-xs never online.
    status('cam-dg-1', at(-1), 'camera.online');
    status('cam-dg-1', at(0, 10), 'camera.offline');
    status('cam-dg-1', at(0, 10, 45), 'camera.online');
    status('cam-dg-2', at(-1), 'camera.online');
    recorded('cam-dg-1', at(0, 0), at(0, 12));
    recorded('cam-dg-1', at(0, 12, 20), at(3, 0)); // a 20-minute gap on Monday
    store = new ScoreStore(db);
    profiles = new ProfileStore(db, () => []);
    notices = noticeService(db, dir, clock);
    published = [];
    const scoreNotices = new ScoreNotices({
      ...{ db, store, notices, branchOf: () => undefined, publish: (event) => published.push(event) },
      config: { onlineThreshold: 0.95, daysBelow: 3, autoNotice: true, noticeDeadlineDays: 3 },
      cameraName: (id) => `摄像头 ${id}`,
    });
    rollup = new ScoreRollup({
      db,
      store,
      scores: new DayScores(db, {
        enterpriseOf: (id) => cameras.get(id)?.enterpriseId,
        declarationOf: (id) => profiles.declaration(id),
      }),
      now: () => clock.now,
      backfillDays: 4,
      onScored: (days) => scoreNotices.check(days.at(-1) ?? ''),
    });
  });

  it('scores each day once it is over, to the minute, and only once', async () => {
    expect(await rollup.run()).toEqual({
      days: ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'],
      cameraDays: 12,
    });
    expect(score('cam-dg-1', '2026-03-02')).toEqual({
      day: '2026-03-02',
      productionMinutes: 540,
      onlineMinutes: 495,
      recordedSeconds: 540 * 60 - 20 * 60,
    });
    expect(score('cam-dg-1', '2026-03-01')?.productionMinutes).toBe(0); // Sunday
    expect(score('cam-dg-2', '2026-03-03')).toMatchObject({ onlineMinutes: 540, recordedSeconds: 0 });
    expect(score('cam-xs', '2026-03-04')).toMatchObject({ productionMinutes: 540, onlineMinutes: 0 });
    expect(await rollup.run()).toEqual({ days: [], cameraDays: 0 });
    // Thursday ends: it is scored 15 minutes after midnight, not before.
    clock.now = at(4, 0, 10);
    expect((await rollup.run()).days).toEqual([]);
    clock.now = at(4, 0, 20);
    expect((await rollup.run()).days).toEqual(['2026-03-05']);
  });

  it('rescores only the camera-days a late fact touches; retention deleting files changes nothing', async () => {
    await rollup.run();
    // A federated status event for Tuesday noon arrives late: cam-dg-2 was offline from then until Wednesday 09:00.
    status('cam-dg-2', at(1, 12), 'camera.offline');
    status('cam-dg-2', at(2, 9), 'camera.online');
    // A recording of cam-dg-2 retrieved later covers Wednesday 08:00–12:00.
    recorded('cam-dg-2', at(2, 8), at(2, 12));
    expect(await rollup.run()).toEqual({ days: [], cameraDays: 2 });
    expect(score('cam-dg-2', '2026-03-03')).toMatchObject({ onlineMinutes: 240 });
    expect(score('cam-dg-2', '2026-03-04')).toMatchObject({ onlineMinutes: 480, recordedSeconds: 4 * 3600 });
    expect(score('cam-dg-2', '2026-03-02')).toMatchObject({ onlineMinutes: 540 });

    db.prepare('DELETE FROM recordings').run();
    expect(await rollup.run()).toEqual({ days: [], cameraDays: 0 });
    expect(score('cam-dg-1', '2026-03-02')?.recordedSeconds).toBe(540 * 60 - 20 * 60);
  });

  it('an admin declaring a past closure rescores that day of the enterprise’s cameras', async () => {
    await rollup.run();
    profiles.declareClosure('e-dg', '2026-03-03', '停电', 'west-admin');
    expect(await rollup.run()).toEqual({ days: [], cameraDays: 2 });
    expect(score('cam-dg-1', '2026-03-03')?.productionMinutes).toBe(0);
    profiles.removeClosure('e-dg', '2026-03-03');
    await rollup.run();
    expect(score('cam-dg-1', '2026-03-03')?.productionMinutes).toBe(540);
  });

  it('issues one "restore the camera" notice after three production days under 95 %, and not again while open', async () => {
    await rollup.run();
    const issued = published.filter((event) => event.type === 'score.below_threshold');
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({
      enterpriseId: 'e-xs',
      data: { from: '2026-03-02', through: '2026-03-04', onlineRate: 0, days: 3 },
    });
    const notice = notices.store.list({}).find((candidate) => candidate.enterpriseId === 'e-xs');
    expect(notice?.finding).toContain('摄像头 cam-xs：在线率 0.0%');
    expect(notice?.issuedByName).toBe('vigil');
    // e-dg was online 95.8 % on Monday (one camera out for 45 minutes) and fully since: no notice.
    expect(notices.store.list({}).filter((candidate) => candidate.enterpriseId === 'e-dg')).toEqual([]);
    clock.now = at(4, 1);
    await rollup.run();
    expect(published.filter((event) => event.type === 'score.below_threshold')).toHaveLength(1);
  });

  it('leaves the notice of an enterprise mirrored from a branch hub to that hub', async () => {
    db.prepare(`UPDATE enterprises SET origin = 'branch-xs' WHERE id = 'e-xs'`).run();
    await rollup.run();
    expect(score('cam-xs', '2026-03-04')).toMatchObject({ productionMinutes: 540, onlineMinutes: 0 });
    expect(published).toEqual([]);
    expect(notices.store.list({})).toEqual([]);
  });
});
