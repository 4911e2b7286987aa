// The overview screen's figures for the province (a row per branch) or one branch (a row per enterprise): cameras
// online now, this month's scored online rate and recording completeness, open and overdue notices, this week's
// patrols, image-health incidents, recent alarms, and the cameras of grade C and D enterprises for the carousel.
import type { Enterprise, EventItem, Overview, OverviewRow } from '../contracts/index.js';
import { FINAL_NOTICE_STATES, IMAGE_PROBLEMS } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { dayStart, localDay } from '../shared/local-day.js';
import { branchRows, scopeName } from './scope-rows.js';
import type { ScoreStore, ScoreTotals } from './score-store.js';

export type OverviewScope = { kind: 'province' } | { kind: 'branch'; orgUnitId: string };

export interface OverviewSources {
  db: Db;
  scores: ScoreStore;
  enterprises: () => readonly Enterprise[];
  units: () => ReadonlyArray<{ id: string; name: string; kind: string }>;
  cameras: () => ReadonlyArray<{ id: string; name: string; enterpriseId: string; enabled: boolean }>;
  statusOf: (cameraId: string) => string;
  /** Every camera's latest image-health check (ISO time), newest first, from the image-health store. */
  latestChecks: () => ReadonlyArray<{ cameraId: string; verdict: string; at: string }>;
  /** The scope's newest warnings and errors. */
  alarms: (scope: OverviewScope, limit: number) => EventItem[];
  now: () => number;
  thresholds: { online: number; recorded: number };
}

const PROBLEMS: ReadonlySet<string> = new Set(IMAGE_PROBLEMS);
const ALARMS = 10;

interface Counts {
  noticesOpen: number;
  noticesOverdue: number;
  patrolsPlannedWeek: number;
  patrolsDoneWeek: number;
}

const rate = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

/** Monday 00:00 of the week `now` is in, local time. */
function weekStart(now: number): number {
  const day = new Date(now);
  const monday = dayStart(localDay(day));
  monday.setDate(monday.getDate() - ((day.getDay() + 6) % 7));
  return monday.getTime();
}

export class OverviewFigures {
  private readonly sql: Prepare;

  constructor(private readonly sources: OverviewSources) {
    this.sql = cachedPrepare(sources.db);
  }

  of(scope: OverviewScope): Overview {
    const { sources } = this;
    const now = sources.now();
    const enterprises = sources
      .enterprises()
      .filter((e) => scope.kind === 'province' || e.orgUnitId === scope.orgUnitId);
    const inScope = new Map(enterprises.map((e) => [e.id, e]));
    const cameras = sources.cameras().filter((camera) => camera.enabled && inScope.has(camera.enterpriseId));
    const today = localDay(new Date(now));
    const month = sources.scores.byEnterprise(`${today.slice(0, 7)}-01`, today);
    const counts = this.counts(now);
    const cameraOf = new Map(cameras.map((camera) => [camera.id, camera]));
    // The cameras of the scope whose latest image-health check found a problem, newest first.
    const incidents = sources
      .latestChecks()
      .filter((check) => PROBLEMS.has(check.verdict) && cameraOf.has(check.cameraId))
      .map(({ cameraId, verdict, at }) => ({ cameraId, verdict, at }));
    const row = (key: string, name: string, members: readonly Enterprise[]): OverviewRow => {
      const ids = new Set(members.map((e) => e.id));
      const own = cameras.filter((camera) => ids.has(camera.enterpriseId));
      const scores = members.map((e) => month.get(e.id)).filter((t): t is ScoreTotals => t !== undefined);
      const production = scores.reduce((sum, t) => sum + t.productionMinutes, 0);
      const count = (field: keyof Counts) => members.reduce((sum, e) => sum + (counts.get(e.id)?.[field] ?? 0), 0);
      return {
        key,
        name,
        camerasTotal: own.length,
        camerasOnline: own.filter((camera) => sources.statusOf(camera.id) === 'online').length,
        onlineRate: rate(
          scores.reduce((sum, t) => sum + t.onlineMinutes, 0),
          production,
        ),
        recordingCompleteness: rate(
          scores.reduce((sum, t) => sum + t.recordedSeconds, 0),
          production * 60,
        ),
        noticesOpen: count('noticesOpen'),
        noticesOverdue: count('noticesOverdue'),
        patrolsPlannedWeek: count('patrolsPlannedWeek'),
        patrolsDoneWeek: count('patrolsDoneWeek'),
        imageIncidents: incidents.filter((incident) => ids.has(cameraOf.get(incident.cameraId)?.enterpriseId ?? ''))
          .length,
      };
    };
    const units = sources.units();
    const name = scopeName(units, scope.kind === 'province' ? null : scope.orgUnitId);
    return {
      generatedAt: new Date(now).toISOString(),
      scopeName: name,
      rowKind: scope.kind === 'province' ? 'branch' : 'enterprise',
      thresholds: sources.thresholds,
      total: row('total', name, enterprises),
      rows:
        scope.kind === 'province'
          ? branchRows(units, enterprises, row)
          : enterprises.map((e) => row(e.id, e.name, [e])),
      imageIncidents: incidents.map((incident) => {
        const camera = cameraOf.get(incident.cameraId);
        return {
          ...incident,
          cameraName: camera?.name ?? incident.cameraId,
          enterpriseName: inScope.get(camera?.enterpriseId ?? '')?.name ?? '',
        };
      }),
      alarms: sources.alarms(scope, ALARMS),
      carousel: cameras.flatMap((camera) => {
        const enterprise = inScope.get(camera.enterpriseId);
        if (!enterprise || (enterprise.creditGrade !== 'C' && enterprise.creditGrade !== 'D')) return [];
        return [
          {
            cameraId: camera.id,
            cameraName: camera.name,
            enterpriseId: enterprise.id,
            enterpriseName: enterprise.name,
            grade: enterprise.creditGrade,
          },
        ];
      }),
    };
  }

  /** Open and overdue notices, and this week's patrol tasks, per enterprise. */
  private counts(now: number): Map<string, Counts> {
    const counts = new Map<string, Counts>();
    const of = (id: string): Counts => {
      const entry = counts.get(id) ?? { noticesOpen: 0, noticesOverdue: 0, patrolsPlannedWeek: 0, patrolsDoneWeek: 0 };
      counts.set(id, entry);
      return entry;
    };
    const finals = JSON.stringify(FINAL_NOTICE_STATES);
    for (const row of this.sql(
      `SELECT enterprise_id, COUNT(*) AS open, SUM(deadline < @now) AS overdue FROM notices
       WHERE state NOT IN (SELECT value FROM json_each(@finals)) GROUP BY enterprise_id`,
    ).all({ now, finals }) as Array<{ enterprise_id: string; open: number; overdue: number }>) {
      Object.assign(of(row.enterprise_id), { noticesOpen: row.open, noticesOverdue: row.overdue });
    }
    const from = weekStart(now);
    for (const row of this.sql(
      `SELECT enterprise_id, COUNT(*) AS planned, SUM(state = 'done') AS done FROM patrol_tasks
       WHERE due_at >= @from AND due_at < @to AND state != 'canceled' GROUP BY enterprise_id`,
    ).all({ from, to: from + 7 * 86_400_000 }) as Array<{ enterprise_id: string; planned: number; done: number }>) {
      Object.assign(of(row.enterprise_id), { patrolsPlannedWeek: row.planned, patrolsDoneWeek: row.done });
    }
    return counts;
  }
}
