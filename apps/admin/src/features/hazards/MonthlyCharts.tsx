import { Card, Col, Row } from 'antd';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { EChart } from '../../components/EChart';
import type { Grade } from './types';

// Only the parts drawn here: bars, a pie and lines on a canvas, with axes, tooltip and legend.
echarts.use([
  BarChart,
  PieChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  CanvasRenderer,
]);

const GRADE_COLOURS: Record<Grade, string> = { general: '#69b1ff', serious: '#fa8c16', major: '#cf1322' };
const GRADES: readonly Grade[] = ['general', 'serious', 'major'];

export interface MonthlyChartsProps {
  /** hazards found per risk domain and grade (the domains' names in the user's language) */
  byDomain: readonly { name: string; general: number; serious: number; major: number }[];
  byOrigin: readonly { name: string; total: number }[];
  byDay: readonly { day: string; found: number; closed: number }[];
  /** the words in the user's language */
  names: {
    grade: Record<Grade, string>;
    found: string;
    closed: string;
    byDomain: string;
    byOrigin: string;
    byDay: string;
  };
}

/**
 * The month in three charts: hazards by risk domain stacked by grade, by where they came from, and
 * found against closed day by day. Loaded on its own (ECharts is large): the page shows its figures
 * first.
 */
export default function MonthlyCharts({ byDomain, byOrigin, byDay, names }: MonthlyChartsProps) {
  const bar = useMemo<echarts.EChartsCoreOption>(() => {
    // The domains with something to show (all fifteen when the month is empty).
    const shown = byDomain.some((d) => d.general + d.serious + d.major > 0)
      ? byDomain.filter((d) => d.general + d.serious + d.major > 0)
      : byDomain;
    return {
      color: GRADES.map((g) => GRADE_COLOURS[g]),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: shown.map((d) => d.name),
        axisLabel: { interval: 0, rotate: shown.length > 6 ? 30 : 0, width: 96, overflow: 'truncate' },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: GRADES.map((g) => ({
        name: names.grade[g],
        type: 'bar',
        stack: 'grade',
        barMaxWidth: 28,
        data: shown.map((d) => d[g]),
      })),
    };
  }, [byDomain, names]);

  const pie = useMemo<echarts.EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          name: names.byOrigin,
          type: 'pie',
          radius: ['35%', '62%'],
          center: ['50%', '45%'],
          label: { formatter: '{b} {c}' },
          data: byOrigin.filter((o) => o.total > 0).map((o) => ({ name: o.name, value: o.total })),
        },
      ],
    }),
    [byOrigin, names],
  );

  const line = useMemo<echarts.EChartsCoreOption>(
    () => ({
      color: ['#fa8c16', '#52c41a'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', boundaryGap: false, data: byDay.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: names.found, type: 'line', data: byDay.map((d) => d.found) },
        { name: names.closed, type: 'line', data: byDay.map((d) => d.closed) },
      ],
    }),
    [byDay, names],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card size="small" title={names.byDomain}>
          <EChart option={bar} height={320} testId="monthly-chart-domain" />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={names.byOrigin}>
          <EChart option={pie} height={320} testId="monthly-chart-origin" />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={names.byDay}>
          <EChart option={line} height={280} testId="monthly-chart-day" />
        </Card>
      </Col>
    </Row>
  );
}
