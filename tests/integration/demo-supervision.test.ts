// The demo's supervision on a fresh start: profiles, Xishan's plan, a patrol history with one task overdue, and the
// meat plant never patrolled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  EnterpriseProfile,
  MonthlyReport,
  PatrolPlan,
  PatrolPoint,
  PatrolTask,
} from '../../src/contracts/index.js';
import { localDay } from '../../src/shared/local-day.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';

describe('the demo province’s supervision', () => {
  let t: DemoHub;

  beforeAll(async () => {
    t = await startDemoHub({ demo: { enabled: true, cameras: 8, width: 160, height: 120, bitrateKbps: 100 } });
  });
  afterAll(async () => {
    await t?.hub.stop();
  });

  it('has tasks coming due, one overdue, and the grade-C meat plant due now', async () => {
    const cookie = await t.demoLogin('center-inspector');
    const { tasks } = (await (await t.get('/api/patrol/tasks?state=open', cookie)).json()) as { tasks: PatrolTask[] };
    const scheduled = new Map(
      tasks.filter((task) => task.kind === 'scheduled').map((task) => [task.enterpriseId, task]),
    );
    expect([...scheduled.keys()].sort()).toEqual([
      'ent-donggang-dairy',
      'ent-haixian',
      'ent-lvyuan-produce',
      'ent-xishan-meat',
    ]);
    expect(scheduled.get('ent-donggang-dairy')?.overdue).toBe(true);
    expect(scheduled.get('ent-haixian')?.overdue).toBe(false);
    expect(Date.parse(scheduled.get('ent-xishan-meat')?.dueAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect(scheduled.get('ent-xishan-meat')?.assignedToName).toBe('西山分局检查员');
    // Haixian's dome covers two more stages from its presets.
    const { points } = (await (await t.get('/api/patrol/enterprises/ent-haixian/points', cookie)).json()) as {
      points: PatrolPoint[];
    };
    expect(points.map((point) => [point.stage, point.presetName])).toEqual([
      ['raw_material_intake', null],
      ['processing', null],
      ['packaging', '包装区'],
      ['storage', '冷库门'],
    ]);
    const { plans } = (await (await t.get('/api/patrol/plans', cookie)).json()) as { plans: PatrolPlan[] };
    expect(plans.find((plan) => plan.orgUnitId === 'branch-xishan')?.spotChecksPerMonth).toBe(4);
  });

  it('gives each enterprise a profile, and Haixian its recordings', async () => {
    const own = await t.demoLogin('haixian-enterprise');
    const profile = (await (await t.get('/api/enterprises/ent-haixian/profile', own)).json()) as EnterpriseProfile;
    expect(profile).toMatchObject({ productionStart: '06:00', productionEnd: '18:00', recordingsOpen: true });
    expect(profile.coverage.every((stage) => stage.cameras.length > 0)).toBe(true);
    const me = (await (await t.get('/api/auth/me', own)).json()) as { user: { enterprise: { recordings: boolean } } };
    expect(me.user.enterprise.recordings).toBe(true);
    const meat = await t.demoLogin('xishan-meat-enterprise');
    expect((await t.get('/api/enterprises/ent-haixian/profile', meat)).status).toBe(404);
  });

  it('holds last month for its report: patrols planned and done, a finding on the cold store, two months of scores', async () => {
    const cookie = await t.demoLogin('center-operator');
    const today = new Date();
    const month = localDay(new Date(today.getFullYear(), today.getMonth() - 1, 1)).slice(0, 7);
    const report = (await (await t.get(`/api/reports/monthly?month=${month}`, cookie)).json()) as MonthlyReport;
    expect(report.total.current).toMatchObject({ patrolsPlanned: 7, patrolsDone: 7, findings: 1 });
    // The recent patrols the open tasks are planned from may fall in last month too, depending on today's date.
    expect(report.total.current.patrolRecords).toBeGreaterThanOrEqual(7);
    expect(report.findings).toMatchObject([{ stage: 'storage', item: 'cold-store-closed', current: 1 }]);
    expect(report.daily.length).toBeGreaterThanOrEqual(28);
    const lvyuan = report.byEnterprise.find((row) => row.key === 'ent-lvyuan-produce');
    expect(lvyuan?.current.onlineRate).toBeLessThan(0.95);
    // The month's patrols saw every point: none was left as offline or unvisited.
    const { records } = (await (await t.get('/api/patrol/records?enterpriseId=ent-lvyuan-produce', cookie)).json()) as {
      records: Array<{ result: string; finishedAt: string }>;
    };
    const lastMonth = records.filter((record) => record.finishedAt < `${localDay(today).slice(0, 7)}-01`);
    expect(lastMonth.map((record) => record.result).sort()).toEqual(['fail', 'pass', 'pass', 'pass']);
  });
});
