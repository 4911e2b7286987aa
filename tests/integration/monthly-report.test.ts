// The monthly report and the overview over HTTP on a known month: scores, patrols, findings, notices and image-health
// incidents written into the hub's tables, the figures the API computes from them, the same figures in the CSV and in
// the PDF's text, scoped to the caller; and the overview pushed over socket.io after a change.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyReport, NoticeView, Overview } from '../../src/contracts/index.js';
import { openDatabase, type Db } from '../../src/db/index.js';
import { addDays, dayStart, localDay } from '../../src/shared/local-day.js';
import { connectRecordingSocket, type RecordingSocket } from '../support/socket-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { tempDir } from '../support/temp-dir.js';

const MONTH = localDay(new Date()).slice(0, 7);
const FIRST = `${MONTH}-01`;
const BEFORE = addDays(FIRST, -10);
const PREVIOUS_MONTH = BEFORE.slice(0, 7);
const at = (day: string, hours: number): number => dayStart(day).getTime() + hours * 3_600_000;

/** Writes the month's (and the month before's) facts into the hub's database before it starts. */
function facts(db: Db): void {
  const score = db.prepare(
    `INSERT INTO camera_day_scores (camera_id, day, enterprise_id, production_minutes, online_minutes, recorded_seconds,
       computed_at) VALUES (?, ?, ?, ?, ?, ?, 0)`,
  );
  score.run('cam-e', FIRST, 'ent-east', 540, 513, 30_000);
  score.run('cam-e', addDays(FIRST, 1), 'ent-east', 540, 540, 32_400);
  score.run('cam-w', FIRST, 'ent-west', 600, 480, 28_800);
  score.run('cam-e', BEFORE, 'ent-east', 540, 540, 32_400);
  score.run('cam-w', BEFORE, 'ent-west', 600, 600, 36_000);
  const task = db.prepare(
    `INSERT INTO patrol_tasks (id, org_unit_id, enterprise_id, kind, due_at, state, created_at) VALUES (?, ?, ?, 'scheduled', ?, ?, 0)`,
  );
  task.run('t1', 'east', 'ent-east', at(FIRST, 10), 'done');
  task.run('t2', 'east', 'ent-east', at(FIRST, 12), 'open');
  task.run('t3', 'west', 'ent-west', at(FIRST, 10), 'done');
  task.run('t4', 'west', 'ent-west', at(FIRST, 11), 'canceled');
  task.run('t5', 'east', 'ent-east', at(BEFORE, 10), 'done');
  // Each enterprise holds an open task already, so the hub's planner adds none of its own.
  task.run('t6', 'west', 'ent-west', at(BEFORE, 11), 'open');
  const points = JSON.stringify([
    {
      cameraId: 'cam-w',
      stage: 'processing',
      items: [
        { key: 'caps-masks', text: '工作人员规范佩戴工作帽和口罩', verdict: 'fail', comment: '' },
        { key: 'surfaces-clean', text: '操作台面清洁、无杂物', verdict: 'pass', comment: '' },
      ],
    },
  ]);
  db.prepare(
    `INSERT INTO patrol_records (id, enterprise_id, inspector_name, started_at, finished_at, result, points)
     VALUES ('r1', 'ent-west', 'west-insp', ?, ?, 'fail', ?)`,
  ).run(at(FIRST, 9), at(FIRST, 10), points);
  const check = db.prepare(
    `INSERT INTO image_checks (camera_id, at, verdict, trigger) VALUES ('cam-w', ?, ?, 'daily')`,
  );
  check.run(at(FIRST, 2), 'blurred');
  check.run(at(FIRST, 3), 'ok');
  check.run(at(FIRST, 4), 'covered');
}

describe('the monthly report and the overview', () => {
  let t: TestHub;
  let center: string;
  let east: string;
  let report: MonthlyReport;
  let sockets: RecordingSocket[] = [];

  beforeAll(async () => {
    const offline = 'rtsp://127.0.0.1:9/none';
    t = await startTestHub(
      [
        { id: 'cam-e', name: '东加工线', stage: 'processing', enterprise: 'east', mainUrl: offline },
        { id: 'cam-w', name: '西加工线', stage: 'processing', enterprise: 'west', mainUrl: offline },
      ],
      {},
      undefined,
      (dataDir) => {
        const db = openDatabase(join(dataDir, 'vigil.db'));
        facts(db);
        db.close();
      },
    );
    [center, east] = await Promise.all([t.login('center-op'), t.login('east-insp')]);
    // Three notices issued this month: one closed in time, one past its deadline, one open.
    const issue = async (enterpriseId: string, cookie: string) =>
      (await (
        await t.send('POST', '/api/notices', cookie, {
          enterpriseId,
          finding: '测试发现',
          rule: '测试依据',
          deadline: Date.now() + 86_400_000,
        })
      ).json()) as NoticeView;
    const west = await t.login('west-insp');
    const [closed, late] = [
      await issue('ent-east', east),
      await issue('ent-west', west),
      await issue('ent-east', east),
    ];
    const db = openDatabase(join(t.dataDir, 'vigil.db'));
    db.prepare(`UPDATE notices SET state = 'closed', closed_at = issued_at + 1000 WHERE id = ?`).run(closed?.id);
    db.prepare('UPDATE notices SET deadline = ? WHERE id = ?').run(Date.now() - 1000, late?.id);
    db.close();
    report = (await (await t.get(`/api/reports/monthly?month=${MONTH}`, center)).json()) as MonthlyReport;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.hub.stop();
  });

  it('computes the province’s figures from the stored facts, with the month before', () => {
    expect(report).toMatchObject({
      month: MONTH,
      previousMonth: PREVIOUS_MONTH,
      orgUnitId: null,
      scopeName: '监控中心',
    });
    expect(report.total.current).toEqual({
      enterprises: 3,
      cameras: 2,
      productionMinutes: 1680,
      onlineMinutes: 1533,
      recordedSeconds: 91_200,
      onlineRate: 0.9125,
      recordingCompleteness: 0.9048,
      patrolsPlanned: 3,
      patrolsDone: 2,
      patrolCompletion: 0.6667,
      patrolRecords: 1,
      findings: 1,
      noticesIssued: 3,
      noticesClosed: 1,
      noticesClosedOnTime: 1,
      noticesOverdue: 1,
      rectificationRate: 0.3333,
      imageIncidents: 2,
    });
    expect(report.total.previous).toMatchObject({ onlineRate: 1, patrolsPlanned: 2, patrolsDone: 1, noticesIssued: 0 });
    expect(report.byBranch.map((row) => [row.key, row.current.onlineRate, row.current.recordingCompleteness])).toEqual([
      ['east', 0.975, 0.963],
      ['west', 0.8, 0.8],
    ]);
    expect(report.byGrade.map((row) => [row.key, row.current.enterprises, row.current.cameras])).toEqual([
      ['A', 1, 1],
      ['B', 1, 0],
      ['C', 1, 1],
      ['D', 0, 0],
    ]);
    expect(report.byEnterprise.find((row) => row.key === 'ent-west')?.current).toMatchObject({
      onlineRate: 0.8,
      imageIncidents: 2,
      findings: 1,
      noticesOverdue: 1,
    });
    expect(report.findings).toEqual([
      { stage: 'processing', item: 'caps-masks', text: '工作人员规范佩戴工作帽和口罩', current: 1, previous: 0 },
    ]);
    expect(report.daily).toEqual([
      { day: FIRST, onlineRate: 0.8711, recordingCompleteness: 0.8596 },
      { day: addDays(FIRST, 1), onlineRate: 1, recordingCompleteness: 1 },
    ]);
  });

  it('gives a branch its own report only; enterprise accounts none', async () => {
    const own = (await (await t.get(`/api/reports/monthly?month=${MONTH}`, east)).json()) as MonthlyReport;
    expect(own.orgUnitId).toBe('east');
    expect(own.byBranch).toEqual([]);
    expect(own.byEnterprise.map((row) => row.key).sort()).toEqual(['ent-east', 'ent-east2']);
    expect(own.total.current.onlineRate).toBe(0.975);
    expect((await t.get(`/api/reports/monthly?month=${MONTH}&orgUnitId=west`, east)).status).toBe(404);
    expect((await t.get(`/api/reports/monthly?month=${MONTH}&orgUnitId=east`, center)).status).toBe(200);
    expect((await t.get(`/api/reports/monthly?month=${MONTH}&orgUnitId=nowhere`, center)).status).toBe(404);
    const refused = await t.get(`/api/reports/monthly?month=${MONTH}`, await t.login('east-ent'));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
      'agency_only',
    );
    const bad = await t.get('/api/reports/monthly?month=2026-13', center);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('YYYY-MM');
  });

  it('lets an enterprise declare days without production from today on only; the agency corrects past days', async () => {
    const plant = await t.login('east-ent');
    const yesterday = addDays(localDay(new Date()), -1);
    const backdated = await t.send('POST', '/api/enterprises/ent-east/closures', plant, { day: yesterday });
    expect(backdated.status).toBe(400);
    expect(await backdated.text()).toContain('from today on');
    expect((await t.send('DELETE', `/api/enterprises/ent-east/closures/${yesterday}`, plant)).status).toBe(400);
    expect((await t.send('POST', '/api/enterprises/ent-east/closures', east, { day: yesterday })).status).toBe(201);
    const today = localDay(new Date());
    expect((await t.send('POST', '/api/enterprises/ent-east/closures', plant, { day: today })).status).toBe(201);
  });

  it('writes the same figures as CSV for Excel and as a PDF with Chinese text', async () => {
    const csv = await t.get(`/api/reports/monthly?month=${MONTH}&format=csv`, center);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const text = bytes.toString('utf8');
    const total = text.split('\r\n').find((line) => line.startsWith('合计,'));
    // enterprises, cameras, online rate and last month's, completeness and last month's, patrols planned and done.
    expect(total?.split(',').slice(0, 10)).toEqual([
      '合计',
      '监控中心',
      '3',
      '2',
      '91.3',
      '100',
      '90.5',
      '100',
      '3',
      '2',
    ]);
    expect(text).toContain('加工生产,工作人员规范佩戴工作帽和口罩,1,0');

    const pdf = await t.get(`/api/reports/monthly?month=${MONTH}&format=pdf`, center);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const file = join(tempDir(), 'report.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const words = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(words).toContain('视频监管月度报告');
    expect(words).toContain(`监控中心 · ${MONTH}`);
    expect(words).toMatch(/在线率\(%\)\s+91\.3（上月 100）/);
    expect(words).toContain('东分局');
    expect(words).toContain('工作人员规范佩戴工作帽和口罩');
  });

  it('pushes the overview of the caller’s scope after a change, never to an enterprise account', async () => {
    const overview = (await (await t.get('/api/overview', center)).json()) as Overview;
    expect(overview.rowKind).toBe('branch');
    expect(overview.thresholds).toEqual({ online: 0.95, recorded: 0.95 });
    expect(overview.rows.map((row) => [row.key, row.camerasTotal, row.noticesOpen, row.noticesOverdue])).toEqual([
      ['east', 1, 1, 0],
      ['west', 1, 1, 1],
    ]);
    expect(overview.imageIncidents).toMatchObject([{ cameraId: 'cam-w', verdict: 'covered', cameraName: '西加工线' }]);
    expect(overview.carousel.map((camera) => camera.cameraId)).toEqual(['cam-w']);
    const branch = (await (await t.get('/api/overview', east)).json()) as Overview;
    expect(branch.rowKind).toBe('enterprise');
    expect(branch.rows.map((row) => row.key).sort()).toEqual(['ent-east', 'ent-east2']);
    expect(branch.carousel).toEqual([]);

    const watcher = await connectRecordingSocket(t.base, center);
    const plant = await connectRecordingSocket(t.base, await t.login('east-ent'));
    sockets = [watcher, plant];
    const received = (socket: RecordingSocket): Overview[] => {
      const list: Overview[] = [];
      socket.socket.on('overview:update', (update) => list.push(update));
      return list;
    };
    const updates = received(watcher);
    const refused = received(plant);
    watcher.socket.emit('overview:watch', true);
    plant.socket.emit('overview:watch', true);
    await expect.poll(() => updates.length).toBe(1);
    await t.send('POST', '/api/notices', east, {
      enterpriseId: 'ent-east2',
      finding: '新的发现',
      rule: '依据',
      deadline: Date.now() + 86_400_000,
    });
    // Changes are sent at most every 2 s.
    await expect
      .poll(() => updates.at(-1)?.rows.find((row) => row.key === 'east')?.noticesOpen, { timeout: 10_000 })
      .toBe(2);
    expect(refused).toEqual([]);
  });
});
