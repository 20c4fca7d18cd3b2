// Statistics over metric series, as pure functions: window summaries from per-period Sum /
// SampleCount / Minimum / Maximum (and percentiles where the provider gives them), a least-squares
// trend, and anomalies by a robust (median / MAD) z-score.

export interface Point {
  /** Epoch milliseconds. */
  t: number;
  v: number;
}

export interface SummaryStats {
  /** Sum / SampleCount over the whole window (not a mean of period averages). */
  average?: number;
  minimum?: number;
  maximum?: number;
  sum?: number;
  sampleCount?: number;
  /** The highest per-period p95 / p99 in the window, when percentiles were available. */
  p95?: number;
  p99?: number;
}

export interface PeriodSeries {
  sum: readonly Point[];
  sampleCount: readonly Point[];
  minimum: readonly Point[];
  maximum: readonly Point[];
  p95?: readonly Point[];
  p99?: readonly Point[];
}

const total = (points: readonly Point[]) => points.reduce((acc, p) => acc + p.v, 0);
const extreme = (points: readonly Point[] | undefined, pick: (a: number, b: number) => number) =>
  points === undefined || points.length === 0 ? undefined : points.map((p) => p.v).reduce((a, b) => pick(a, b));

/** Multiplies every value (seconds → milliseconds). */
export function scalePoints(points: readonly Point[], scale = 1): Point[] {
  return scale === 1 ? [...points] : points.map((p) => ({ t: p.t, v: p.v * scale }));
}

export function summarize(series: PeriodSeries): SummaryStats {
  const stats: SummaryStats = {};
  if (series.sum.length > 0) stats.sum = total(series.sum);
  if (series.sampleCount.length > 0) stats.sampleCount = total(series.sampleCount);
  if (stats.sum !== undefined && stats.sampleCount !== undefined && stats.sampleCount > 0)
    stats.average = stats.sum / stats.sampleCount;
  const min = extreme(series.minimum, Math.min);
  const max = extreme(series.maximum, Math.max);
  const p95 = extreme(series.p95, Math.max);
  const p99 = extreme(series.p99, Math.max);
  if (min !== undefined) stats.minimum = min;
  if (max !== undefined) stats.maximum = max;
  if (p95 !== undefined) stats.p95 = p95;
  if (p99 !== undefined) stats.p99 = p99;
  return stats;
}

/** Per-period averages from per-period sums and sample counts (periods without samples are left out). */
export function periodAverages(sum: readonly Point[], sampleCount: readonly Point[]): Point[] {
  const counts = new Map(sampleCount.map((p) => [p.t, p.v]));
  return sum.flatMap((p) => {
    const n = counts.get(p.t);
    return n === undefined || n <= 0 ? [] : [{ t: p.t, v: p.v / n }];
  });
}

export interface Trend {
  direction: "rising" | "falling" | "flat" | "insufficient_data";
  /** The fitted line's change from the first to the last point, as a share of the mean, in percent. */
  changePct?: number;
  /** The fitted line's slope per hour, in the metric's unit. */
  slopePerHour?: number;
}

const HOUR_MS = 3_600_000;
const MIN_TREND_POINTS = 3;

/** A least-squares line through the points; |change| below `flatPct` % of the mean is flat. */
export function trend(points: readonly Point[], flatPct = 10): Trend {
  if (points.length < MIN_TREND_POINTS) return { direction: "insufficient_data" };
  const n = points.length;
  const meanT = points.reduce((acc, p) => acc + p.t, 0) / n;
  const meanV = total(points) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - meanT) * (p.v - meanV);
    den += (p.t - meanT) ** 2;
  }
  if (den === 0) return { direction: "insufficient_data" };
  const slope = num / den;
  const change = slope * (points[n - 1]!.t - points[0]!.t);
  const slopePerHour = slope * HOUR_MS;
  if (meanV === 0) return { direction: change === 0 ? "flat" : change > 0 ? "rising" : "falling", slopePerHour };
  const changePct = (change / Math.abs(meanV)) * 100;
  const direction = Math.abs(changePct) < flatPct ? "flat" : changePct > 0 ? "rising" : "falling";
  return { direction, changePct, slopePerHour };
}

export interface Anomaly {
  /** ISO instant of the period. */
  time: string;
  value: number;
  /** The series' median. */
  expected: number;
  /** Robust z-score: how many (MAD-based) standard deviations from the median. */
  score: number;
  direction: "spike" | "drop";
}

const MIN_ANOMALY_POINTS = 5;
/** Iglewicz and Hoaglin's cut-off for the modified z-score. */
const ROBUST_Z = 3.5;
const MAD_TO_SIGMA = 0.6745;
const MEAN_ABS_TO_SIGMA = 1.253314;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Points far from the median (modified z-score above 3.5), most extreme first, at most `limit`. */
export function anomalies(points: readonly Point[], limit = 10): Anomaly[] {
  if (points.length < MIN_ANOMALY_POINTS) return [];
  const values = points.map((p) => p.v);
  const center = median(values);
  const deviations = values.map((v) => Math.abs(v - center));
  const mad = median(deviations);
  // With more than half the points equal, MAD is 0; the mean absolute deviation still measures spread.
  const meanAbs = deviations.reduce((a, b) => a + b, 0) / deviations.length;
  const score = (v: number) =>
    mad > 0 ? (MAD_TO_SIGMA * (v - center)) / mad : meanAbs > 0 ? (v - center) / (MEAN_ABS_TO_SIGMA * meanAbs) : 0;
  return points
    .map((p) => ({ p, z: score(p.v) }))
    .filter(({ z }) => Math.abs(z) > ROBUST_Z)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, limit)
    .map(({ p, z }) => ({
      time: new Date(p.t).toISOString(),
      value: p.v,
      expected: center,
      score: Math.round(z * 10) / 10,
      direction: z > 0 ? "spike" : "drop",
    }));
}
