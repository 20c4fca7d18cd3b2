// check-health and analyze-performance (the ops-monitor skill's workflows): open the environment,
// pick the registry's resources (--service), run the skill, write the report under
// .devops/monitoring/<env>/, and for a health check fail the verdict (exit 4) when anything is UNHEALTHY.
import { commandLine } from "../core/commands/command-line.js";
import { extname, resolve } from "node:path";
import type { Context, ProjectContext } from "../core/context.js";
import { isDevopsError, UserError } from "../core/errors.js";
import type { CommandResult, NextStep } from "../core/result.js";
import { writeAtomic } from "../core/store.js";
import { parseTimeframe, type TimeRange } from "../core/timeframe.js";
import { reportStamp, writeReport } from "../records/reports.js";
import { runHealthCheck, type HealthCheck } from "../skills/ops/monitor/monitor.js";
import {
  runPerformanceAnalysis,
  type MetricAnalysis,
  type PerformanceAnalysis,
} from "../skills/ops/monitor/performance.js";
import { performanceChart } from "../skills/ops/monitor/performance-chart.js";
import { openOps, selectResources, type Ops } from "../skills/ops/target.js";
import { openProject } from "../skills/project.js";

export interface HealthInput {
  env: string;
  service?: string;
}

export interface PerformanceInput {
  env: string;
  service?: string;
  timeframe: string;
  metric?: string;
  chart?: string;
}

export interface Window {
  timeframe: string;
  start: string;
  end: string;
  periodSeconds: number;
}

export interface HealthData extends HealthCheck {
  environment: string;
  checkedAt: string;
  service?: string;
  window: Window;
  /** Provider requests made, per operation. */
  apiCalls: Record<string, number>;
  durationMs: number;
  reportPath?: string;
}

export type MetricSummary = Omit<MetricAnalysis, "series" | "p95Series"> & { points: number };

export interface PerformanceData extends Omit<PerformanceAnalysis, "resources"> {
  environment: string;
  analyzedAt: string;
  service?: string;
  metric?: string;
  window: Window;
  resources: Array<Omit<PerformanceAnalysis["resources"][number], "metrics"> & { metrics: MetricSummary[] }>;
  chart?: string;
  apiCalls: Record<string, number>;
  durationMs: number;
  reportPath?: string;
}

function window(range: TimeRange, timeframe: string, periodSeconds: number): Window {
  return {
    timeframe,
    start: new Date(range.startMs).toISOString(),
    end: new Date(range.endMs).toISOString(),
    periodSeconds,
  };
}

async function open(ctx: Context, env: string): Promise<{ project: ProjectContext; ops: Ops }> {
  const project = await openProject(ctx);
  return { project, ops: await openOps(project, env) };
}

function notDeployed<T>(env: string, data: T): CommandResult<T> {
  return {
    status: "not_deployed",
    environment: env,
    verdict: "pass",
    data,
    next: [
      { command: commandLine("infra deploy", { env }), why: "nothing is recorded as deployed in this environment yet" },
    ],
  };
}

function healthNext(env: string, check: HealthCheck): NextStep[] {
  const unhealthy = check.results.filter((r) => r.status === "UNHEALTHY").slice(0, 3);
  const degraded = check.results.filter((r) => r.status === "DEGRADED").slice(0, 2);
  return [
    ...unhealthy.map((r) => ({
      command: commandLine("ops investigate", { env, service: r.resource }),
      why: `find why ${r.resource} is UNHEALTHY`,
    })),
    ...degraded.map((r) => ({
      command: commandLine("ops analyze-performance", { env, service: r.resource }),
      why: `see the trend behind ${r.resource} being DEGRADED`,
    })),
  ];
}

function configTimeframe(project: ProjectContext, nowMs: number): TimeRange {
  const text = project.config.monitoring.timeframe;
  try {
    return parseTimeframe(text, nowMs);
  } catch (error) {
    if (!isDevopsError(error)) throw error;
    throw new UserError("CONFIG_INVALID", `monitoring.timeframe in ${project.location.path}: ${error.message}`, {
      suggestion: error.suggestion ?? "use a duration such as 1h",
    });
  }
}

export async function checkHealth(ctx: Context, input: HealthInput): Promise<CommandResult<HealthData>> {
  const started = performance.now();
  const { project, ops } = await open(ctx, input.env);
  const env = ops.env.name;
  const now = project.clock.now();
  const monitoring = project.config.monitoring;
  const range = configTimeframe(project, now.getTime());
  const resources = ops.registry === undefined ? [] : selectResources(ops.resources, input.service, env);
  const progress = ctx.io.progress(`checking the health of ${resources.length} resources in ${env}`);
  let check: HealthCheck;
  try {
    check = await runHealthCheck(project, ops, {
      resources,
      range,
      periodSeconds: monitoring.period_seconds,
      thresholds: monitoring.thresholds,
    });
    progress.done(`${env}: ${check.overall}`);
  } catch (error) {
    progress.fail(`health check of ${env} failed`);
    throw error;
  }
  const data: HealthData = {
    environment: env,
    checkedAt: now.toISOString(),
    ...(input.service === undefined ? {} : { service: input.service }),
    window: window(range, monitoring.timeframe, monitoring.period_seconds),
    ...check,
    apiCalls: ops.services.metrics.calls(),
    durationMs: Math.round(performance.now() - started),
  };
  if (ops.registry === undefined) return notDeployed(env, data);
  const { durationMs: _ignored, ...report } = data;
  const written = await writeReport({
    stateDir: project.paths.stateDir,
    category: "monitoring",
    environment: env,
    name: `${reportStamp(now)}-health-check`,
    json: report,
  });
  return {
    status: check.overall.toLowerCase(),
    environment: env,
    verdict: check.resources.unhealthy > 0 ? "fail" : "pass",
    data: { ...data, reportPath: written.json },
    next: healthNext(env, check),
  };
}

function chartPath(ctx: Context, chart: string | undefined): string | undefined {
  if (chart === undefined) return undefined;
  if (extname(chart).toLowerCase() !== ".svg") {
    throw new UserError("FLAG_INVALID", `--chart must name an .svg file (got "${chart}")`, {
      suggestion: "e.g. --chart performance.svg",
    });
  }
  return resolve(ctx.cwd, chart);
}

const minutes = (iso: string) => iso.slice(0, 16).replace("T", " ");

const summary = ({ series, p95Series: _p95, ...rest }: MetricAnalysis): MetricSummary => ({
  ...rest,
  points: series.length,
});

export async function analyzePerformance(
  ctx: Context,
  input: PerformanceInput,
): Promise<CommandResult<PerformanceData>> {
  const started = performance.now();
  const chart = chartPath(ctx, input.chart);
  const { project, ops } = await open(ctx, input.env);
  const env = ops.env.name;
  const now = project.clock.now();
  const range = parseTimeframe(input.timeframe, now.getTime());
  const resources = ops.registry === undefined ? [] : selectResources(ops.resources, input.service, env);
  const progress = ctx.io.progress(`analysing the performance of ${resources.length} resources in ${env}`);
  let analysis: PerformanceAnalysis;
  try {
    analysis = await runPerformanceAnalysis(project, ops, {
      resources,
      range,
      periodSeconds: project.config.monitoring.period_seconds,
      ...(input.metric === undefined ? {} : { metric: input.metric }),
      thresholds: project.config.monitoring.thresholds,
    });
    progress.done(`analysed ${analysis.resources.length} resources in ${env}`);
  } catch (error) {
    progress.fail(`performance analysis of ${env} failed`);
    throw error;
  }
  const base = {
    environment: env,
    analyzedAt: now.toISOString(),
    ...(input.service === undefined ? {} : { service: input.service }),
    ...(input.metric === undefined ? {} : { metric: input.metric }),
    window: window(range, input.timeframe, analysis.periodSeconds),
  };
  const data: PerformanceData = {
    ...base,
    ...analysis,
    resources: analysis.resources.map((r) => ({ ...r, metrics: r.metrics.map(summary) })),
    apiCalls: ops.services.metrics.calls(),
    durationMs: Math.round(performance.now() - started),
  };
  if (ops.registry === undefined) return notDeployed(env, data);
  if (chart !== undefined) {
    await writeAtomic(
      chart,
      performanceChart(
        `${project.config.project.name} ${env}: performance ${minutes(base.window.start)} – ${minutes(base.window.end)} UTC`,
        analysis,
      ),
    );
    data.chart = chart;
  }
  const written = await writeReport({
    stateDir: project.paths.stateDir,
    category: "monitoring",
    environment: env,
    name: `${reportStamp(now)}-performance-analysis`,
    json: { ...base, ...analysis, ...(chart === undefined ? {} : { chart }), apiCalls: data.apiCalls },
  });
  const hasData = analysis.resources.some((r) => r.metrics.some((m) => m.series.length > 0));
  return {
    status: hasData ? "analyzed" : "no_data",
    environment: env,
    verdict: "pass",
    data: { ...data, reportPath: written.json },
    next: analysis.recommendations.some((r) => r.severity === "high")
      ? [
          {
            command: commandLine("ops check-health", { env, service: input.service }),
            why: "see whether the findings already affect health",
          },
        ]
      : [],
  };
}
