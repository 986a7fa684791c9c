import { BarChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { EChart } from '../../components/EChart';
import type { RateRow } from './types';

// Only the parts drawn here: the bar chart on a canvas, its axes, tooltip, legend and zoom.
echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

const COLOURS = { response: '#1677ff', resolution: '#52c41a', satisfaction: '#faad14' } as const;
const RATES = ['response', 'resolution', 'satisfaction'] as const;
/** Past this many bars groups the chart scrolls sideways rather than squeezing the names. */
const VISIBLE = 12;

const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

export interface RatesChartProps {
  rows: readonly RateRow[];
  /** the series' names in the user's language */
  names: Record<(typeof RATES)[number], string>;
  noData: string;
}

/**
 * 三率 side by side for each row (unit, grid, month or category), in percent. Loaded on its own
 * (ECharts is large): the page shows its table first.
 */
export default function RatesChart({ rows, names, noData }: RatesChartProps) {
  const option = useMemo<echarts.EChartsCoreOption>(() => {
    const scroll = rows.length > VISIBLE;
    return {
      color: RATES.map((r) => COLOURS[r]),
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : noData),
      },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: scroll ? 48 : 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.name),
        axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0, width: 96, overflow: 'truncate' },
      },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      dataZoom: scroll
        ? [{ type: 'slider', startValue: 0, endValue: VISIBLE - 1, height: 16, bottom: 8 }]
        : [],
      series: RATES.map((r) => ({
        name: names[r],
        type: 'bar',
        barMaxWidth: 18,
        data: rows.map((row) => percent(row[r])),
      })),
    };
  }, [rows, names, noData]);

  return <EChart option={option} height={340} testId="rates-chart" />;
}
