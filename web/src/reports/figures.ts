// The report's figures as the console words them: percentages, changes on the month before, thresholds, the KPIs.
import type { MonthlyReport, ReportFigures } from '../../../src/contracts/index.js';
import { rt, type ReportKey } from './messages.js';

/** A rate (0–1) as a percentage with one decimal; a dash where nothing counted. */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** The local month of `date`, `YYYY-MM`. */
export const monthOf = (date: Date): string => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;

/** The month before the one `now` is in: the last whole month, the report's default. */
export const lastMonth = (now = new Date()): string => monthOf(new Date(now.getFullYear(), now.getMonth() - 1, 1));

/** The change between two figures: in percentage points for rates, in units for counts; null when one is missing. */
export function change(current: number | null, previous: number | null, kind: 'rate' | 'count'): number | null {
  if (current === null || previous === null) return null;
  const delta = kind === 'rate' ? (current - previous) * 100 : current - previous;
  return Math.round(delta * 10) / 10;
}

export function changeText(delta: number | null, kind: 'rate' | 'count'): string {
  if (delta === null) return '';
  if (delta === 0) return rt('reports.noChange');
  const value = `${delta > 0 ? '+' : ''}${kind === 'rate' ? delta.toFixed(1) : delta}${kind === 'rate' ? ' pp' : ''}`;
  return rt('reports.change', { value });
}

/** A rate under its threshold (reports show it in red). */
export const below = (rate: number | null, threshold: number): boolean => rate !== null && rate < threshold;

export interface Kpi {
  key: 'online' | 'recorded' | 'patrols' | 'rectification' | 'incidents';
  label: string;
  value: string;
  previous: string;
  change: string;
  /** The change is for the better (green), for the worse (red), or neither. */
  trend: 'better' | 'worse' | 'none';
  /** Under its threshold. */
  alarm: boolean;
  detail: string;
}

type KpiSpec = Pick<Kpi, 'key'> & {
  label: ReportKey;
  kind: 'rate' | 'count';
  /** Higher is better (rates) or lower is (incidents). */
  higherIsBetter: boolean;
  read: (figures: ReportFigures) => number | null;
  threshold?: (report: MonthlyReport) => number;
  detail: (figures: ReportFigures, report: MonthlyReport) => string;
};

const SPECS: readonly KpiSpec[] = [
  {
    key: 'online',
    label: 'reports.kpi.online',
    kind: 'rate',
    higherIsBetter: true,
    read: (f) => f.onlineRate,
    threshold: (r) => r.thresholds.online,
    detail: (_f, r) => rt('reports.kpi.thresholdDetail', { threshold: percent(r.thresholds.online) }),
  },
  {
    key: 'recorded',
    label: 'reports.kpi.recorded',
    kind: 'rate',
    higherIsBetter: true,
    read: (f) => f.recordingCompleteness,
    threshold: (r) => r.thresholds.recorded,
    detail: (_f, r) => rt('reports.kpi.thresholdDetail', { threshold: percent(r.thresholds.recorded) }),
  },
  {
    key: 'patrols',
    label: 'reports.kpi.patrols',
    kind: 'rate',
    higherIsBetter: true,
    read: (f) => f.patrolCompletion,
    detail: (f) => rt('reports.kpi.patrolsDetail', { done: f.patrolsDone, planned: f.patrolsPlanned }),
  },
  {
    key: 'rectification',
    label: 'reports.kpi.rectification',
    kind: 'rate',
    higherIsBetter: true,
    read: (f) => f.rectificationRate,
    detail: (f) =>
      rt('reports.kpi.noticesDetail', {
        onTime: f.noticesClosedOnTime,
        issued: f.noticesIssued,
        overdue: f.noticesOverdue,
      }),
  },
  {
    key: 'incidents',
    label: 'reports.kpi.incidents',
    kind: 'count',
    higherIsBetter: false,
    read: (f) => f.imageIncidents,
    detail: () => '',
  },
];

/** The report's headline figures: each this month, the month before, and the change. */
export function reportKpis(report: MonthlyReport): Kpi[] {
  const { current, previous } = report.total;
  return SPECS.map((spec) => {
    const now = spec.read(current);
    const before = spec.read(previous);
    const delta = change(now, before, spec.kind);
    const show = (value: number | null): string => (spec.kind === 'rate' ? percent(value) : String(value ?? '—'));
    const improved = delta !== null && delta !== 0 && delta > 0 === spec.higherIsBetter;
    return {
      key: spec.key,
      label: rt(spec.label),
      value: show(now),
      previous: rt('reports.previous', { value: show(before) }),
      change: changeText(delta, spec.kind),
      trend: delta === null || delta === 0 ? 'none' : improved ? 'better' : 'worse',
      alarm: spec.threshold ? below(now, spec.threshold(report)) : false,
      detail: spec.detail(current, report),
    };
  });
}
