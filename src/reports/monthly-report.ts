// The monthly supervision report of the province or one branch: the month's facts per enterprise summed by branch,
// grade and in total, with the month before for comparison, and the scope's online rate day by day.
import type {
  CreditGrade,
  Enterprise,
  MonthlyReport,
  ReportEnterpriseRow,
  ReportFigures,
  ReportFinding,
  ReportRow,
} from '../contracts/index.js';
import { CREDIT_GRADES } from '../contracts/org-values.js';
import { addDays, dayStart } from '../shared/local-day.js';
import { EMPTY_MONTH, type EnterpriseMonth, type MonthFacts, type MonthSpan } from './month-facts.js';
import { branchRows, scopeName } from './scope-rows.js';
import type { ScoreStore } from './score-store.js';

export interface MonthlyReportSources {
  facts: MonthFacts;
  scores: ScoreStore;
  enterprises: () => readonly Enterprise[];
  units: () => ReadonlyArray<{ id: string; name: string; kind: string }>;
  thresholds: { online: number; recorded: number };
  now: () => number;
}

/** The month `YYYY-MM` as days and times, in the hub's local time. */
export function monthSpan(month: string): MonthSpan {
  const firstDay = `${month}-01`;
  const first = dayStart(firstDay);
  const next = new Date(first.getFullYear(), first.getMonth() + 1, 1);
  const nextDay = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, '0')}-01`;
  return { firstDay, lastDay: addDays(nextDay, -1), from: first.getTime(), to: next.getTime() };
}

export const previousMonth = (month: string): string => {
  const first = dayStart(`${month}-01`);
  const before = new Date(first.getFullYear(), first.getMonth() - 1, 1);
  return `${before.getFullYear()}-${String(before.getMonth() + 1).padStart(2, '0')}`;
};

const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

function sum(months: readonly EnterpriseMonth[]): EnterpriseMonth {
  const total = { ...EMPTY_MONTH };
  for (const month of months)
    for (const key of Object.keys(total) as Array<keyof EnterpriseMonth>) total[key] += month[key];
  return total;
}

function figures(month: EnterpriseMonth, enterprises: number): ReportFigures {
  return {
    enterprises,
    ...month,
    onlineRate: ratio(month.onlineMinutes, month.productionMinutes),
    recordingCompleteness: ratio(month.recordedSeconds, month.productionMinutes * 60),
    patrolCompletion: ratio(month.patrolsDone, month.patrolsPlanned),
    rectificationRate: ratio(month.noticesClosedOnTime, month.noticesIssued),
  };
}

export class MonthlyReports {
  constructor(private readonly sources: MonthlyReportSources) {}

  /** The report of `month` for the branch `orgUnitId`, or the province when null. */
  report(month: string, orgUnitId: string | null): MonthlyReport {
    const { sources } = this;
    const now = sources.now();
    const before = previousMonth(month);
    const enterprises = sources.enterprises().filter((e) => orgUnitId === null || e.orgUnitId === orgUnitId);
    const span = monthSpan(month);
    const current = sources.facts.read(span, now);
    const previous = sources.facts.read(monthSpan(before), now);
    const row = (key: string, name: string, members: readonly Enterprise[]): ReportRow => {
      const pick = (facts: Map<string, EnterpriseMonth>) => sum(members.map((e) => facts.get(e.id) ?? EMPTY_MONTH));
      return {
        key,
        name,
        current: figures(pick(current.byEnterprise), members.length),
        previous: figures(pick(previous.byEnterprise), members.length),
      };
    };
    const units = sources.units();
    const name = scopeName(units, orgUnitId);
    const byEnterprise: ReportEnterpriseRow[] = enterprises.map((e) => ({
      ...row(e.id, e.name, [e]),
      orgUnitId: e.orgUnitId,
      grade: e.creditGrade,
    }));
    return {
      month,
      previousMonth: before,
      orgUnitId,
      scopeName: name,
      generatedAt: new Date(now).toISOString(),
      thresholds: sources.thresholds,
      total: row('total', name, enterprises),
      byBranch: orgUnitId === null ? branchRows(units, enterprises, row) : [],
      byGrade: CREDIT_GRADES.map((grade: CreditGrade) =>
        row(
          grade,
          grade,
          enterprises.filter((e) => e.creditGrade === grade),
        ),
      ),
      byEnterprise,
      findings: this.findings(current.findings, previous.findings, new Set(enterprises.map((e) => e.id))),
      daily: sources.scores.days(span.firstDay, span.lastDay, orgUnitId).map((day) => ({
        day: day.day,
        onlineRate: ratio(day.onlineMinutes, day.productionMinutes),
        recordingCompleteness: ratio(day.recordedSeconds, day.productionMinutes * 60),
      })),
    };
  }

  private findings(
    current: ReturnType<MonthFacts['read']>['findings'],
    previous: ReturnType<MonthFacts['read']>['findings'],
    enterpriseIds: ReadonlySet<string>,
  ): ReportFinding[] {
    const rows = new Map<string, ReportFinding>();
    const add = (list: typeof current, field: 'current' | 'previous') => {
      for (const finding of list.filter((f) => enterpriseIds.has(f.enterpriseId))) {
        const key = `${finding.stage}\u0000${finding.item}`;
        const row = rows.get(key) ?? {
          stage: finding.stage,
          item: finding.item,
          text: finding.text,
          current: 0,
          previous: 0,
        };
        row[field] += finding.count;
        rows.set(key, row);
      }
    };
    add(current, 'current');
    add(previous, 'previous');
    return [...rows.values()].sort((a, b) => b.current - a.current || b.previous - a.previous);
  }
}
