// The columns of the report's tables: each figure of a row as text, and whether it falls under its threshold.
import type { MonthlyReport, ReportFigures } from '../../../src/contracts/index.js';
import { below, percent } from './figures.js';
import type { ReportKey } from './messages.js';

export interface FigureColumn {
  key: string;
  label: ReportKey;
  width: number;
  text: (figures: ReportFigures) => string;
  below?: (figures: ReportFigures, thresholds: MonthlyReport['thresholds']) => boolean;
}

export const FIGURE_COLUMNS: readonly FigureColumn[] = [
  { key: 'cameras', label: 'reports.col.cameras', width: 90, text: (f) => String(f.cameras) },
  {
    key: 'online',
    label: 'reports.col.online',
    width: 120,
    text: (f) => percent(f.onlineRate),
    below: (f, t) => below(f.onlineRate, t.online),
  },
  {
    key: 'recorded',
    label: 'reports.col.recorded',
    width: 120,
    text: (f) => percent(f.recordingCompleteness),
    below: (f, t) => below(f.recordingCompleteness, t.recorded),
  },
  {
    key: 'patrols',
    label: 'reports.col.patrols',
    width: 110,
    text: (f) => (f.patrolsPlanned > 0 ? `${f.patrolsDone}/${f.patrolsPlanned}` : '—'),
  },
  { key: 'findings', label: 'reports.col.findings', width: 100, text: (f) => String(f.findings) },
  {
    key: 'rectification',
    label: 'reports.col.rectification',
    width: 110,
    text: (f) => percent(f.rectificationRate),
  },
  { key: 'overdue', label: 'reports.col.overdue', width: 100, text: (f) => String(f.noticesOverdue) },
  { key: 'incidents', label: 'reports.col.incidents', width: 110, text: (f) => String(f.imageIncidents) },
];
