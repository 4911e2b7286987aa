// The demo's patrols of last month, so its monthly report has patrols planned and done and a finding to show: the
// plants patrolled as their grade plans, the grade-D exporter failing once on its cold store. They lie at least three
// weeks back, before the recent patrols the demo's open tasks are planned from; the meat plant's first patrol is left
// to the user.
import { addDays, dayStart, localDay } from '../shared/local-day.js';
import type { Patrols } from './patrols.js';

/** Patrols per enterprise last month; the first `failing` of them fail one checklist item. */
const LAST_MONTH: ReadonlyArray<{
  enterpriseId: string;
  inspector: string;
  count: number;
  failing: number;
}> = [
  { enterpriseId: 'ent-haixian', inspector: 'donggang-inspector', count: 1, failing: 0 },
  { enterpriseId: 'ent-donggang-dairy', inspector: 'donggang-inspector', count: 2, failing: 0 },
  { enterpriseId: 'ent-lvyuan-produce', inspector: 'xishan-inspector', count: 4, failing: 1 },
];

const DAY = 86_400_000;

export interface PatrolHistoryDeps {
  patrols: Patrols;
  users: { findByUsername(name: string): { id: string; displayName: string } | undefined };
  enterprises: { getEnterprise(id: string): { id: string; orgUnitId: string } | undefined };
}

/** Seeds last month's patrols, each a task done by its record; returns how many. */
export function seedDemoPatrolHistory(deps: PatrolHistoryDeps, now: number): number {
  const today = localDay(new Date(now));
  const monthStart = dayStart(`${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`).getTime();
  // The days of last month at least three weeks back (there are always eleven or more).
  const until = Math.min(dayStart(`${today.slice(0, 7)}-01`).getTime(), now - 21 * DAY);
  let planned = 0;
  for (const history of LAST_MONTH) {
    const enterprise = deps.enterprises.getEnterprise(history.enterpriseId);
    const user = deps.users.findByUsername(history.inspector);
    if (!enterprise || !user) continue;
    const step = (until - monthStart) / history.count;
    for (let i = 0; i < history.count; i += 1) {
      const due = dayStart(localDay(new Date(monthStart + i * step))).getTime() + 10 * 3_600_000;
      const taskId = deps.patrols.tasks.addPast(enterprise, due);
      planned += 1;
      const points = deps.patrols.records.points(enterprise.id);
      if (points.length === 0) continue;
      const failing = i < history.failing;
      // The failing patrol finds the cold store's door open (or the first item of the first point, without one).
      const failedPoint = Math.max(
        0,
        points.findIndex((point) => point.stage === 'storage'),
      );
      const fails = (index: number, key: string, first: boolean): boolean =>
        failing &&
        index === failedPoint &&
        (key === 'cold-store-closed' || (first && points[index]?.stage !== 'storage'));
      const { record } = deps.patrols.records.submit(
        {
          enterpriseId: enterprise.id,
          taskId,
          startedAt: new Date(due - 20 * 60_000).toISOString(),
          points: points.map((point, index) => ({
            cameraId: point.cameraId,
            presetToken: point.presetToken,
            items: point.checklist.map((item, itemIndex) => {
              const failed = fails(index, item.key, itemIndex === 0);
              return {
                key: item.key,
                verdict: failed ? ('fail' as const) : ('pass' as const),
                comment: failed ? '演示：现场发现问题' : '',
              };
            }),
          })),
          summary: failing ? '发现问题，已现场要求整改' : '现场规范',
        },
        { userId: user.id, name: user.displayName },
        due,
        // The demo's cameras were online then; at the first start, before they are connected, they are not yet.
        () => 'online',
      );
      deps.patrols.tasks.complete(enterprise.id, taskId, record.id, due);
    }
  }
  return planned;
}
