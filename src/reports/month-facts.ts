// The facts of one month per enterprise, read from the stores' tables with one grouped query each: stored scores,
// patrol tasks and records (with their failed checklist items), notices, and image-health incidents.
import { IMAGE_PROBLEMS, type ProductionStage } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import type { ScoreStore, ScoreTotals } from './score-store.js';

/** What one enterprise did in a month: the raw counts that report figures are made of. */
export interface EnterpriseMonth extends ScoreTotals {
  patrolsPlanned: number;
  patrolsDone: number;
  patrolRecords: number;
  findings: number;
  noticesIssued: number;
  noticesClosed: number;
  noticesClosedOnTime: number;
  noticesOverdue: number;
  imageIncidents: number;
}

export const EMPTY_MONTH: EnterpriseMonth = {
  cameras: 0,
  productionMinutes: 0,
  onlineMinutes: 0,
  recordedSeconds: 0,
  patrolsPlanned: 0,
  patrolsDone: 0,
  patrolRecords: 0,
  findings: 0,
  noticesIssued: 0,
  noticesClosed: 0,
  noticesClosedOnTime: 0,
  noticesOverdue: 0,
  imageIncidents: 0,
};

/** A failed checklist item, counted per stage and item. */
export interface FindingCount {
  stage: ProductionStage;
  item: string;
  text: string;
  enterpriseId: string;
  count: number;
}

/** A month as days (`YYYY-MM-DD`, inclusive) and as times (ms, `[from, to)`). */
export interface MonthSpan {
  firstDay: string;
  lastDay: string;
  from: number;
  to: number;
}

interface RecordedPointJson {
  stage: ProductionStage;
  items: Array<{ key: string; text: string; verdict: string }>;
}

export class MonthFacts {
  private readonly sql: Prepare;

  constructor(
    db: Db,
    private readonly scores: ScoreStore,
  ) {
    this.sql = cachedPrepare(db);
  }

  /** Per enterprise (those with any fact), and the failed items, of the month; `now` decides what is overdue. */
  read(span: MonthSpan, now: number): { byEnterprise: Map<string, EnterpriseMonth>; findings: FindingCount[] } {
    const months = new Map<string, EnterpriseMonth>();
    const of = (enterpriseId: string): EnterpriseMonth => {
      const month = months.get(enterpriseId) ?? { ...EMPTY_MONTH };
      months.set(enterpriseId, month);
      return month;
    };
    for (const [enterpriseId, totals] of this.scores.byEnterprise(span.firstDay, span.lastDay))
      Object.assign(of(enterpriseId), totals);
    // The problems of a picture, as the image checks name them (a JSON list the SQL reads with json_each).
    const times = { from: span.from, to: span.to, now, problems: JSON.stringify(IMAGE_PROBLEMS) };
    for (const row of this.sql(
      `SELECT enterprise_id, COUNT(*) AS planned, SUM(state = 'done') AS done FROM patrol_tasks
       WHERE due_at >= @from AND due_at < @to AND state != 'canceled' GROUP BY enterprise_id`,
    ).all(times) as Array<{ enterprise_id: string; planned: number; done: number }>) {
      Object.assign(of(row.enterprise_id), { patrolsPlanned: row.planned, patrolsDone: row.done });
    }
    for (const row of this.sql(
      `SELECT enterprise_id, COUNT(*) AS issued, SUM(state = 'closed') AS closed,
         SUM(state = 'closed' AND closed_at <= deadline) AS on_time,
         SUM(deadline < @now AND NOT (state = 'closed' AND closed_at <= deadline)) AS overdue
       FROM notices WHERE issued_at >= @from AND issued_at < @to GROUP BY enterprise_id`,
    ).all(times) as Array<{
      enterprise_id: string;
      issued: number;
      closed: number;
      on_time: number;
      overdue: number;
    }>) {
      Object.assign(of(row.enterprise_id), {
        noticesIssued: row.issued,
        noticesClosed: row.closed,
        noticesClosedOnTime: row.on_time,
        noticesOverdue: row.overdue,
      });
    }
    for (const row of this.sql(
      `SELECT c.enterprise_id, COUNT(*) AS incidents FROM image_checks i JOIN cameras c ON c.id = i.camera_id
       WHERE i.at >= @from AND i.at < @to AND i.verdict IN (SELECT value FROM json_each(@problems))
       GROUP BY c.enterprise_id`,
    ).all(times) as Array<{ enterprise_id: string; incidents: number }>) {
      of(row.enterprise_id).imageIncidents = row.incidents;
    }
    const findings = new Map<string, FindingCount>();
    for (const row of this.sql(
      'SELECT enterprise_id, points FROM patrol_records WHERE finished_at >= @from AND finished_at < @to',
    ).all(times) as Array<{ enterprise_id: string; points: string }>) {
      const month = of(row.enterprise_id);
      month.patrolRecords += 1;
      for (const point of JSON.parse(row.points) as RecordedPointJson[]) {
        for (const item of point.items.filter((candidate) => candidate.verdict === 'fail')) {
          month.findings += 1;
          const key = `${row.enterprise_id}\u0000${point.stage}\u0000${item.key}`;
          const finding = findings.get(key) ?? {
            ...{ stage: point.stage, item: item.key, text: item.text },
            ...{ enterpriseId: row.enterprise_id, count: 0 },
          };
          finding.count += 1;
          findings.set(key, finding);
        }
      }
    }
    return { byEnterprise: months, findings: [...findings.values()] };
  }
}
