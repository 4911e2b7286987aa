// The report's charts as ECharts options: the month day by day, the rows (branches or enterprises), findings by stage.
import type { MonthlyReport, ProductionStage, ReportRow } from '../../../src/contracts/index.js';
import { chartPercent, percentLabel, rateBarsOption, type ChartOption } from '../shared/echarts.js';
import { stageLabel } from '../shared/i18n.js';
import { rt } from './messages.js';

/** Online rate and recording completeness day by day, with the online threshold as a dashed line. */
export function dailyOption(report: MonthlyReport): ChartOption {
  const line = (name: string, values: ReadonlyArray<number | null>) => ({
    type: 'line' as const,
    name,
    data: values.map(chartPercent),
    smooth: true,
    connectNulls: false,
    showSymbol: false,
  });
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', valueFormatter: percentLabel },
    legend: { top: 0 },
    // Room on the right for the threshold line's label.
    grid: { left: 8, right: 40, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: report.daily.map((day) => day.day.slice(5)) },
    yAxis: { type: 'value', max: 100, scale: true, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        ...line(
          rt('reports.series.online'),
          report.daily.map((day) => day.onlineRate),
        ),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { type: 'dashed', color: '#f85149' },
          data: [{ yAxis: chartPercent(report.thresholds.online) ?? 0 }],
        },
      },
      line(
        rt('reports.series.recorded'),
        report.daily.map((day) => day.recordingCompleteness),
      ),
    ],
  };
}

/** The rows the report breaks its scope into: branches for the province, enterprises for a branch. */
export const chartRows = (report: MonthlyReport): readonly ReportRow[] =>
  report.byBranch.length > 0 ? report.byBranch : report.byEnterprise;

export function rowsOption(report: MonthlyReport): ChartOption {
  const rows = chartRows(report);
  return rateBarsOption(
    rows.map((row) => row.name),
    [
      { name: rt('reports.series.online'), rates: rows.map((row) => row.current.onlineRate) },
      { name: rt('reports.series.recorded'), rates: rows.map((row) => row.current.recordingCompleteness) },
    ],
    report.thresholds.online,
  );
}

/** Failed checklist items summed by stage, this month against the month before. */
export function findingsByStage(
  report: MonthlyReport,
): Array<{ stage: ProductionStage; current: number; previous: number }> {
  const stages = new Map<ProductionStage, { stage: ProductionStage; current: number; previous: number }>();
  for (const finding of report.findings) {
    const entry = stages.get(finding.stage) ?? { stage: finding.stage, current: 0, previous: 0 };
    entry.current += finding.current;
    entry.previous += finding.previous;
    stages.set(finding.stage, entry);
  }
  return [...stages.values()].sort((a, b) => b.current - a.current || b.previous - a.previous);
}

export function findingsOption(report: MonthlyReport): ChartOption {
  const stages = findingsByStage(report);
  const bars = (name: string, values: number[]) => ({
    type: 'bar' as const,
    name,
    data: values,
    barMaxWidth: 32,
    label: { show: true, position: 'right' as const },
  });
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: stages.map((entry) => stageLabel(entry.stage)) },
    series: [
      bars(
        rt('reports.series.current'),
        stages.map((entry) => entry.current),
      ),
      bars(
        rt('reports.series.previous'),
        stages.map((entry) => entry.previous),
      ),
    ],
  };
}
