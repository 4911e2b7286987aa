// The demo's supervision on a fresh start: profiles, Xishan's plan, a patrol history with one task overdue, and the
// meat plant never patrolled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseProfile, PatrolPlan, PatrolPoint, PatrolTask } from '../../src/contracts/index.js';
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
});
