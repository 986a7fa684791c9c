import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';

/**
 * One ECharts chart on a div of its own, resized with it, drawn again (not merged) when its option
 * changes. The caller registers the parts it draws (`echarts.use`). Import it only from a module
 * loaded on its own (`lazy`): ECharts is large and stays out of the entry bundle.
 */
export function EChart({
  option,
  height,
  testId,
}: {
  option: echarts.EChartsCoreOption;
  height: number;
  testId: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
