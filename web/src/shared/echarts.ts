// ECharts as the console uses it: only the charts and components its pages draw, registered once (tree-shaken), and
// the bar chart of rates both the report and the overview draw. Imported by pages only, never by the shell.
import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

export { init as initChart };

/** A rate (0–1, null where nothing counted) as a percentage with one decimal, for a chart's data. */
export const chartPercent = (rate: number | null): number | null =>
  rate === null ? null : Math.round(rate * 1000) / 10;

/** A tooltip's value in percent (a dash for a day or row where nothing counted). */
export const percentLabel = (value: unknown): string => (typeof value === 'number' ? `${value}%` : '—');

export interface RateSeries {
  name: string;
  rates: ReadonlyArray<number | null>;
}

/**
 * Bars of rates (in percent) by category, one bar per series in each, with a dashed line at `threshold`; `fontSize`
 * scales the texts (the overview screen is read across a room).
 */
export function rateBarsOption(
  categories: readonly string[],
  series: readonly RateSeries[],
  threshold: number | null,
  fontSize = 12,
): ChartOption {
  const text = { fontSize };
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', valueFormatter: percentLabel },
    legend: { top: 0, textStyle: text },
    // Room on the right for the threshold line's label.
    grid: { left: 8, right: fontSize * 3.5, top: fontSize * 3, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: [...categories], axisLabel: { ...text, interval: 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { ...text, formatter: '{value}%' } },
    series: series.map((item, index) => ({
      type: 'bar',
      name: item.name,
      data: item.rates.map(chartPercent),
      barMaxWidth: 48,
      label: { show: true, position: 'top', fontSize: fontSize * 0.9, formatter: '{c}%' },
      markLine:
        index === 0 && threshold !== null
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { type: 'dashed', color: '#f85149' },
              label: { formatter: `${chartPercent(threshold)}%`, fontSize: fontSize * 0.9 },
              data: [{ yAxis: chartPercent(threshold) ?? 0 }],
            }
          : undefined,
    })),
  };
}
