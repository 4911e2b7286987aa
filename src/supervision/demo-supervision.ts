// The demo province's supervision: profiles, the branches' patrol plans and a patrol history, so that a new demo has
// tasks coming due, one overdue, and one enterprise never patrolled (the grade-C meat plant).
import type { UserStore } from '../org/index.js';
import type { Patrols } from './patrols.js';
import type { ProfileStore } from './profile-store.js';

const DAY = 86_400_000;

/** Days since each demo enterprise's last patrol (none: never patrolled) and the branch inspector who did it. */
const HISTORY = [
  { enterpriseId: 'ent-haixian', daysAgo: 10, inspector: 'donggang-inspector' },
  // Grade B, fortnightly: twenty days ago leaves its task six days late.
  { enterpriseId: 'ent-donggang-dairy', daysAgo: 20, inspector: 'donggang-inspector' },
  { enterpriseId: 'ent-lvyuan-produce', daysAgo: 1, inspector: 'xishan-inspector' },
] as const;

const PROFILES = [
  { enterpriseId: 'ent-haixian', days: [1, 2, 3, 4, 5, 6], start: '06:00', end: '18:00', recordingsOpen: true },
  { enterpriseId: 'ent-donggang-dairy', days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00', recordingsOpen: false },
  { enterpriseId: 'ent-xishan-meat', days: [1, 2, 3, 4, 5, 6], start: '05:00', end: '15:00', recordingsOpen: false },
  {
    enterpriseId: 'ent-lvyuan-produce',
    days: [1, 2, 3, 4, 5, 6, 7],
    start: '07:00',
    end: '19:00',
    recordingsOpen: false,
  },
] as const;

/**
 * Haixian's dome covers two more stages from its presets (installed by the simulator, src/simulator/demo-fleet.ts):
 * a patrol turns it to each in turn.
 */
const DOME_POINTS = [
  { presetToken: 'packing', presetName: '包装区', stage: 'packaging' },
  { presetToken: 'cold-store', presetName: '冷库门', stage: 'storage' },
] as const;

export function seedDemoSupervision(
  deps: {
    patrols: Patrols;
    profiles: ProfileStore;
    users: Pick<UserStore, 'findByUsername'>;
    cameraIds: readonly string[];
    domeCameraId: string;
  },
  enterpriseIds: ReadonlySet<string>,
  now = Date.now(),
): void {
  const dome = deps.cameraIds.find((id) => id === deps.domeCameraId);
  if (dome) {
    const fixed = deps.patrols.records.points('ent-haixian').filter((point) => point.cameraId !== dome);
    deps.patrols.plans.setPoints('ent-haixian', [
      ...fixed.map(({ cameraId, stage }) => ({ cameraId, stage, presetToken: null, presetName: null })),
      ...DOME_POINTS.map((point) => ({ cameraId: dome, ...point })),
    ]);
  }
  for (const profile of PROFILES.filter((entry) => enterpriseIds.has(entry.enterpriseId))) {
    deps.profiles.update(profile.enterpriseId, {
      productionWeekdays: [...profile.days],
      productionStart: profile.start,
      productionEnd: profile.end,
      recordingsOpen: profile.recordingsOpen,
      requiredStages: deps.patrols.records.points(profile.enterpriseId).map((point) => point.stage),
    });
  }
  // Xishan draws spot checks (on a branch hub of the federated demo, only where Xishan is).
  if (enterpriseIds.has('ent-xishan-meat'))
    deps.patrols.plans.setPlan(
      {
        orgUnitId: 'branch-xishan',
        frequencies: {
          A: { count: 1, periodDays: 30 },
          B: { count: 1, periodDays: 14 },
          C: { count: 1, periodDays: 7 },
          D: { count: 3, periodDays: 7 },
        },
        spotChecksPerMonth: 4,
        graceDays: 2,
      },
      'demo',
      now,
    );
  for (const visit of HISTORY.filter((entry) => enterpriseIds.has(entry.enterpriseId))) {
    const user = deps.users.findByUsername(visit.inspector);
    if (!user) continue;
    const at = now - visit.daysAgo * DAY;
    const points = deps.patrols.records.points(visit.enterpriseId).map((point) => ({
      cameraId: point.cameraId,
      presetToken: point.presetToken,
      items: point.checklist.map((item) => ({ key: item.key, verdict: 'pass' as const })),
    }));
    // A demo with fewer cameras than enterprises leaves some without a point: nothing to have patrolled.
    if (points.length === 0) continue;
    deps.patrols.records.submit(
      {
        enterpriseId: visit.enterpriseId,
        startedAt: new Date(at - 15 * 60_000).toISOString(),
        points,
        summary: '现场规范',
      },
      { userId: user.id, name: user.displayName },
      at,
      // The demo's cameras were online then; at the first start, before they are connected, they are not yet.
      () => 'online',
    );
  }
}
