// The panels of a performance chart: one per (resource, metric) with data, the per-period series and,
// where CloudWatch gave them, the per-period p95.
import type { PerformanceAnalysis } from "./performance.js";
import { renderSvgChart, type ChartPanel } from "./svg-chart.js";

/** Enough panels to see a service at a glance; more belong in separate, narrower charts (--service, --metric). */
export const MAX_PANELS = 40;

const UNIT_LABEL = { count: "count", ms: "ms", percent: "%", bytes: "bytes" } as const;

export function performancePanels(analysis: PerformanceAnalysis): ChartPanel[] {
  const panels: ChartPanel[] = [];
  for (const resource of analysis.resources) {
    for (const metric of resource.metrics) {
      if (metric.series.length === 0) continue;
      panels.push({
        title: `${resource.resource} · ${metric.metric}`,
        unit: UNIT_LABEL[metric.unit],
        series: [
          { label: metric.statistic, points: metric.series },
          ...(metric.p95Series === undefined ? [] : [{ label: "p95", points: metric.p95Series }]),
        ],
      });
    }
  }
  return panels.slice(0, MAX_PANELS);
}

export function performanceChart(title: string, analysis: PerformanceAnalysis): string {
  return renderSvgChart({ title, panels: performancePanels(analysis) });
}
