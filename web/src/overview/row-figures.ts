// The overview's figures of one row (or the total) as the screen shows them, and which of them call for attention.
import type { Overview, OverviewRow } from '../../../src/contracts/index.js';
import { percent } from '../reports/figures.js';
import type { OverviewKey } from './messages.js';

export interface RowFigure {
  key: 'online' | 'rate' | 'recorded' | 'notices' | 'patrols' | 'incidents';
  /** Its label on the total tiles and as a column. */
  tile: OverviewKey;
  column: OverviewKey;
  text: (row: OverviewRow) => string;
  /** Shown in red: cameras offline, rates under their thresholds, overdue notices, image problems. */
  alarm: (row: OverviewRow, thresholds: Overview['thresholds']) => boolean;
}

export const ROW_FIGURES: readonly RowFigure[] = [
  {
    key: 'online',
    tile: 'overview.onlineNow',
    column: 'overview.col.online',
    text: (row) => `${row.camerasOnline}/${row.camerasTotal}`,
    alarm: (row) => row.camerasOnline < row.camerasTotal,
  },
  {
    key: 'rate',
    tile: 'overview.onlineRate',
    column: 'overview.col.rate',
    text: (row) => percent(row.onlineRate),
    alarm: (row, thresholds) => row.onlineRate !== null && row.onlineRate < thresholds.online,
  },
  {
    key: 'recorded',
    tile: 'overview.recorded',
    column: 'overview.col.recorded',
    text: (row) => percent(row.recordingCompleteness),
    alarm: (row, thresholds) => row.recordingCompleteness !== null && row.recordingCompleteness < thresholds.recorded,
  },
  {
    key: 'notices',
    tile: 'overview.notices',
    column: 'overview.col.notices',
    text: (row) => `${row.noticesOpen}/${row.noticesOverdue}`,
    alarm: (row) => row.noticesOverdue > 0,
  },
  {
    key: 'patrols',
    tile: 'overview.patrols',
    column: 'overview.col.patrols',
    text: (row) => `${row.patrolsDoneWeek}/${row.patrolsPlannedWeek}`,
    alarm: () => false,
  },
  {
    key: 'incidents',
    tile: 'overview.incidents',
    column: 'overview.col.incidents',
    text: (row) => String(row.imageIncidents),
    alarm: (row) => row.imageIncidents > 0,
  },
];
