// The report's headline cards and tables in Chromium: each figure this month beside the month before and the change,
// rates under the thresholds in red, in Chinese and in English.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import type { MonthlyReport, ReportFigures, ReportRow } from '../../src/contracts/index.js';
import FiguresTable from '../../web/src/reports/FiguresTable.vue';
import ReportKpis from '../../web/src/reports/ReportKpis.vue';
import { setLanguage } from '../../web/src/shared/i18n.js';

const figures = (overrides: Partial<ReportFigures>): ReportFigures => ({
  enterprises: 2,
  cameras: 4,
  productionMinutes: 1000,
  onlineMinutes: 900,
  recordedSeconds: 54_000,
  onlineRate: 0.9,
  recordingCompleteness: 0.96,
  patrolsPlanned: 4,
  patrolsDone: 3,
  patrolCompletion: 0.75,
  patrolRecords: 3,
  findings: 2,
  noticesIssued: 2,
  noticesClosed: 1,
  noticesClosedOnTime: 1,
  noticesOverdue: 1,
  rectificationRate: 0.5,
  imageIncidents: 3,
  ...overrides,
});
const row = (
  key: string,
  name: string,
  current: Partial<ReportFigures>,
  previous: Partial<ReportFigures>,
): ReportRow => ({
  key,
  name,
  current: figures(current),
  previous: figures(previous),
});
const REPORT: MonthlyReport = {
  month: '2026-11',
  previousMonth: '2026-10',
  orgUnitId: null,
  scopeName: '全省',
  generatedAt: '2026-12-01T01:00:00.000Z',
  thresholds: { online: 0.95, recorded: 0.95 },
  total: row('total', '全省', { onlineRate: 0.9 }, { onlineRate: 0.925, imageIncidents: 5 }),
  byBranch: [],
  byGrade: [
    row('A', 'A 级', { onlineRate: 0.99 }, { onlineRate: 0.98 }),
    row('D', 'D 级', { onlineRate: 0.887, recordingCompleteness: 0.9 }, { onlineRate: null }),
  ],
  byEnterprise: [],
  findings: [],
  daily: [],
};

describe('the report’s figures', () => {
  afterEach(() => setLanguage('zh-CN'));

  it('shows each headline figure with the month before and the change, under a threshold in red', async () => {
    setLanguage('zh-CN');
    render(ReportKpis, { props: { report: REPORT } });
    const online = page.getByTestId('report-kpi-online');
    await expect.element(online.getByTestId('report-kpi-value')).toHaveTextContent('90.0%');
    await expect.element(online).toHaveTextContent('上月 92.5%');
    await expect.element(online.getByTestId('report-kpi-change')).toHaveTextContent('较上月 -2.5 pp');
    await expect.element(online).toHaveClass(/alarm/);
    await expect.element(page.getByTestId('report-kpi-recorded')).not.toHaveClass(/alarm/);
    // Fewer image incidents is better: the change is marked so.
    const incidents = page.getByTestId('report-kpi-incidents').getByTestId('report-kpi-change');
    await expect.element(incidents).toHaveTextContent('较上月 -2');
    await expect.element(incidents).toHaveClass(/better/);
    await expect.element(page.getByTestId('report-kpi-patrols')).toHaveTextContent('完成 3 / 计划 4');
  });

  it('marks the rates of a row under the thresholds, and words the month before in English', async () => {
    setLanguage('en');
    render(FiguresTable, { props: { rows: REPORT.byGrade, thresholds: REPORT.thresholds, name: 'grade' } });
    const low = page.getByTestId('report-grade-D-online');
    await expect.element(low).toHaveTextContent('88.7%');
    await expect.element(low).toHaveTextContent('last month —');
    await expect.element(low).toHaveClass(/below/);
    await expect.element(page.getByTestId('report-grade-D-recorded')).toHaveClass(/below/);
    await expect.element(page.getByTestId('report-grade-A-online')).not.toHaveClass(/below/);
    await expect.element(page.getByTestId('report-grade-A-patrols')).toHaveTextContent('3/4');
  });
});
