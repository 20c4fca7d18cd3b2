// A dependency-free SVG line chart: one panel per metric, stacked, each with its own y axis and the
// shared time axis of its points. Pure: the same panels give the same bytes. Times are shown in UTC.
import type { Point } from "./performance-stats.js";

export interface ChartSeries {
  label: string;
  points: readonly Point[];
}

export interface ChartPanel {
  title: string;
  unit: string;
  series: readonly ChartSeries[];
}

export interface ChartInput {
  title: string;
  panels: readonly ChartPanel[];
  width?: number;
}

const PANEL_HEIGHT = 170;
const HEADER = 40;
const MARGIN = { left: 72, right: 24, top: 28, bottom: 30 } as const;
const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2"] as const;
const Y_TICKS = 4;

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}

const fixed = (value: number) => (Math.round(value * 10) / 10).toString();

function tickLabel(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${fixed(value / 1e9)}G`;
  if (abs >= 1e6) return `${fixed(value / 1e6)}M`;
  if (abs >= 1e4) return `${fixed(value / 1e3)}k`;
  return abs >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(2).replace(/\.?0+$/, "");
}

function timeLabel(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

function panelSvg(panel: ChartPanel, top: number, width: number): string {
  const plot = {
    x: MARGIN.left,
    y: top + MARGIN.top,
    w: width - MARGIN.left - MARGIN.right,
    h: PANEL_HEIGHT - MARGIN.top - MARGIN.bottom,
  };
  const parts = [
    `<text x="${MARGIN.left}" y="${top + 18}" class="panel">${escapeXml(panel.title)}${panel.unit === "" ? "" : ` (${escapeXml(panel.unit)})`}</text>`,
  ];
  const points = panel.series.flatMap((s) => s.points);
  parts.push(`<rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" class="frame"/>`);
  if (points.length === 0) {
    parts.push(
      `<text x="${plot.x + plot.w / 2}" y="${plot.y + plot.h / 2}" text-anchor="middle" class="muted">no data in the window</text>`,
    );
    return parts.join("\n");
  }
  const tMin = Math.min(...points.map((p) => p.t));
  const tMax = Math.max(...points.map((p) => p.t));
  const vMin = Math.min(0, ...points.map((p) => p.v));
  const vMaxRaw = Math.max(...points.map((p) => p.v));
  const vMax = vMaxRaw === vMin ? vMin + 1 : vMaxRaw;
  const x = (t: number) => (tMax === tMin ? plot.x + plot.w / 2 : plot.x + ((t - tMin) / (tMax - tMin)) * plot.w);
  const y = (v: number) => plot.y + plot.h - ((v - vMin) / (vMax - vMin)) * plot.h;

  for (let i = 0; i <= Y_TICKS; i += 1) {
    const value = vMin + ((vMax - vMin) * i) / Y_TICKS;
    const yy = fixed(y(value));
    parts.push(`<line x1="${plot.x}" y1="${yy}" x2="${plot.x + plot.w}" y2="${yy}" class="grid"/>`);
    parts.push(
      `<text x="${plot.x - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle" class="tick">${tickLabel(value)}</text>`,
    );
  }
  const bottom = plot.y + plot.h + 18;
  parts.push(`<text x="${plot.x}" y="${bottom}" class="tick">${timeLabel(tMin)}</text>`);
  if (tMax !== tMin)
    parts.push(`<text x="${plot.x + plot.w}" y="${bottom}" text-anchor="end" class="tick">${timeLabel(tMax)}</text>`);

  panel.series.forEach((series, index) => {
    const color = COLORS[index % COLORS.length]!;
    const sorted = [...series.points].sort((a, b) => a.t - b.t);
    if (sorted.length === 1) {
      parts.push(`<circle cx="${fixed(x(sorted[0]!.t))}" cy="${fixed(y(sorted[0]!.v))}" r="3" fill="${color}"/>`);
    } else if (sorted.length > 1) {
      const path = sorted.map((p) => `${fixed(x(p.t))},${fixed(y(p.v))}`).join(" ");
      parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    }
    const legendX = plot.x + plot.w - 130 * (panel.series.length - index);
    parts.push(`<rect x="${legendX}" y="${top + 9}" width="10" height="10" fill="${color}"/>`);
    parts.push(`<text x="${legendX + 14}" y="${top + 18}" class="tick">${escapeXml(series.label)}</text>`);
  });
  return parts.join("\n");
}

export function renderSvgChart(input: ChartInput): string {
  const width = input.width ?? 900;
  const height = HEADER + Math.max(1, input.panels.length) * PANEL_HEIGHT;
  const body =
    input.panels.length === 0
      ? [
          `<text x="${width / 2}" y="${HEADER + PANEL_HEIGHT / 2}" text-anchor="middle" class="muted">no metrics to draw</text>`,
        ]
      : input.panels.map((panel, i) => panelSvg(panel, HEADER + i * PANEL_HEIGHT, width));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    "<style>.title{font-size:16px;font-weight:600}.panel{font-size:13px;font-weight:600}.tick{font-size:11px;fill:#374151}.muted{font-size:12px;fill:#6b7280}.grid{stroke:#e5e7eb}.frame{fill:none;stroke:#9ca3af}</style>",
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" class="title">${escapeXml(input.title)}</text>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
