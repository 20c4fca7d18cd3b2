// The cost part of the audit, pure: the periods to ask Cost Explorer for, the month's projection and
// trend, the estimate when Cost Explorer has no data, the checks against the configured limits (over →
// fail, 80–100 % → warn), the top cost drivers and optimisation suggestions.
import type { CostByService, CostPeriod, DailyCost } from "../../../core/services/posture.js";
import type { AuditCheck, AuditStatus, CostReport } from "../../../records/audit-report.js";
import type { StateResource } from "../../../core/handler-contract.js";
import { estimateFromTable, type CostEstimate } from "../../infra/tester/cost.js";
import { numberOf, ofType, textOf, type AuditResource } from "./scope.js";

export const WARN_RATIO = 0.8;
const DAY_MS = 86_400_000;
const TREND_DAYS = 14;

const day = (date: Date) => date.toISOString().slice(0, 10);

export interface CostPeriods {
  /** From the first of the month to tomorrow (end exclusive), so today's partial cost counts. */
  monthToDate: CostPeriod;
  /** The last TREND_DAYS whole days. */
  trend: CostPeriod;
  dayOfMonth: number;
  daysInMonth: number;
}

export function costPeriods(now: Date): CostPeriods {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return {
    monthToDate: { start: day(first), end: day(new Date(today.getTime() + DAY_MS)) },
    trend: { start: day(new Date(today.getTime() - TREND_DAYS * DAY_MS)), end: day(today) },
    dayOfMonth: now.getUTCDate(),
    daysInMonth: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate(),
  };
}

/** Compares the last week's average with the week before: ±20 % is a trend; under 6 days is unknown. */
export function trendOf(daily: readonly DailyCost[]): CostReport["trend"] {
  if (daily.length < 6) return "unknown";
  const half = Math.floor(daily.length / 2);
  const mean = (days: readonly DailyCost[]) => days.reduce((sum, d) => sum + d.amount, 0) / days.length;
  const before = mean(daily.slice(0, half));
  const after = mean(daily.slice(half));
  if (before === 0) return after > 0 ? "rising" : "flat";
  const change = (after - before) / before;
  return change > 0.2 ? "rising" : change < -0.2 ? "falling" : "flat";
}

export function limitStatus(amount: number, limit: number): AuditStatus {
  if (amount > limit) return "fail";
  return limit > 0 && amount >= WARN_RATIO * limit ? "warn" : "pass";
}

const usd = (n: number) => `$${n.toFixed(2)}`;

export function limitChecks(
  projected: number,
  limits: CostReport["limits"],
  source: CostReport["source"],
): AuditCheck[] {
  const what =
    source === "estimate" ? "estimated monthly cost" : "projected monthly cost (Cost Explorer, account-wide)";
  const entries: [string, string, number | undefined][] = [
    ["cost.threshold", "environments.<env>.cost_threshold", limits.cost_threshold],
    ["cost.max-monthly-cost", "testing.thresholds.max_monthly_cost", limits.max_monthly_cost],
  ];
  return entries.flatMap(([id, field, limit]) => {
    if (limit === undefined) return [];
    const status = limitStatus(projected, limit);
    const share = limit > 0 ? ` (${Math.round((projected / limit) * 100)} %)` : "";
    return [
      {
        id,
        area: "cost",
        title: `Monthly cost within ${field}`,
        status,
        detail: `${what} ${usd(projected)} against ${usd(limit)}${share}`,
        recommendation:
          status === "pass"
            ? "keep watching the trend"
            : "act on the top cost drivers below, or raise the limit deliberately in devops.json",
      } satisfies AuditCheck,
    ];
  });
}

// Suggestions by what dominates the bill (Cost Explorer service names or Terraform types).
const DRIVER_ADVICE: readonly [RegExp, string][] = [
  [
    /Elastic Compute Cloud|aws_instance/i,
    "EC2: right-size instances from their CPU and memory use, and cover steady use with Savings Plans",
  ],
  [
    /Relational Database|aws_db_instance/i,
    "RDS: right-size the instance class, stop non-production databases out of hours, consider reserved instances",
  ],
  [
    /NAT Gateway|aws_nat_gateway|EC2 - Other/i,
    "NAT: use VPC endpoints for S3, DynamoDB and ECR traffic instead of the NAT gateway",
  ],
  [
    /CloudWatch|aws_cloudwatch_log_group/i,
    "CloudWatch: set log retention, drop debug logs in production, remove unused alarms and custom metrics",
  ],
  [
    /Container Service|Fargate|aws_ecs_service/i,
    "ECS: right-size task cpu/memory, scale non-production services down out of hours, consider Fargate Spot",
  ],
  [
    /Lambda|aws_lambda_function/i,
    "Lambda: tune memory against duration, and consider arm64 (Graviton) for lower GB-second prices",
  ],
  [/Load Balanc|aws_lb|aws_alb/i, "Load balancers: share one load balancer between services with listener rules"],
  [
    /DynamoDB|aws_dynamodb_table/i,
    "DynamoDB: pick on-demand for spiky or low traffic and provisioned with auto scaling for steady traffic",
  ],
  [/Simple Storage Service|aws_s3_bucket/i, "S3: add lifecycle rules (Intelligent-Tiering, expiry of old versions)"],
];

export function costSuggestions(input: {
  drivers: readonly string[];
  resources: readonly AuditResource[];
  trend: CostReport["trend"];
  prodLike: boolean;
}): string[] {
  const out: string[] = [];
  for (const driver of input.drivers) {
    const advice = DRIVER_ADVICE.find(([pattern]) => pattern.test(driver))?.[1];
    if (advice !== undefined && !out.includes(advice)) out.push(advice);
  }
  const logs = ofType(input.resources, "aws_cloudwatch_log_group").filter(
    (r) => r.source === "registry" && (numberOf(r.metadata.retention_in_days) ?? 0) === 0,
  );
  if (logs.length > 0)
    out.push(
      `Set a retention period on ${logs.map((r) => r.name).join(", ")}: logs without one are kept (and billed) forever`,
    );
  const bigLambdas = ofType(input.resources, "aws_lambda_function").filter(
    (r) => (numberOf(r.metadata.memory_size) ?? 0) >= 1024,
  );
  if (bigLambdas.length > 0)
    out.push(`Check whether ${bigLambdas.map((r) => r.name).join(", ")} need(s) 1 GB or more of memory`);
  if (!input.prodLike) {
    const scaled = ofType(input.resources, "aws_ecs_service").filter(
      (r) => (numberOf(r.metadata.desired_count) ?? 0) > 1,
    );
    if (scaled.length > 0)
      out.push(
        `${scaled.map((r) => r.name).join(", ")} run(s) more than one task outside production: one is usually enough`,
      );
    const provisioned = ofType(input.resources, "aws_dynamodb_table").filter(
      (r) => textOf(r.metadata.billing_mode) === "PROVISIONED",
    );
    if (provisioned.length > 0)
      out.push(
        `${provisioned.map((r) => r.name).join(", ")} use(s) provisioned capacity outside production: on-demand is usually cheaper there`,
      );
  }
  if (input.trend === "rising") out.push("Costs are rising: compare the last seven days per service in Cost Explorer");
  return out;
}

/** A rising daily cost warns; no check without a daily series. */
export function trendChecks(cost: Pick<CostReport, "trend" | "daily">): AuditCheck[] {
  if (cost.trend === "unknown") return [];
  return [
    {
      id: "cost.trend",
      area: "cost",
      title: "Daily cost trend",
      status: cost.trend === "rising" ? "warn" : "pass",
      detail: `${cost.trend} over the last ${cost.daily.length} days (last week's average against the week before)`,
      recommendation: "find the service whose daily cost grew, in Cost Explorer, and check what changed then",
    },
  ];
}

/** The registry's view of a resource, in the shape the plan's estimator reads (its recorded attributes). */
function asPriced(resource: AuditResource): StateResource {
  return {
    address: resource.label,
    type: resource.type,
    name: resource.name,
    providerName: "registry.terraform.io/hashicorp/aws",
    values: { ...resource.metadata },
  };
}

/**
 * The audit's estimate is the pre-deployment estimate (one price table, one function) over the recorded
 * resources, so a plan and the environment it became cost the same.
 */
export function estimateResources(resources: readonly AuditResource[], region: string): CostEstimate {
  return estimateFromTable(resources.map(asPriced), region);
}

export interface CostInput {
  now: Date;
  /** The environment's region: the estimate's price level. */
  region: string;
  resources: readonly AuditResource[];
  limits: CostReport["limits"];
  prodLike: boolean;
  /** What Cost Explorer answered, or why it could not be asked. */
  explorer: { byService: CostByService; daily: DailyCost[] } | { unavailable: string };
}

function drivers(items: readonly { name: string; amount: number }[]): CostReport["drivers"] {
  const total = items.reduce((sum, item) => sum + item.amount, 0);
  return items
    .filter((item) => item.amount > 0)
    .slice(0, 5)
    .map((item) => ({
      name: item.name,
      amount: Math.round(item.amount * 100) / 100,
      share: total > 0 ? Math.round((item.amount / total) * 1000) / 1000 : 0,
    }));
}

/** Cost Explorer's figures when it has any, else the registry estimate; then the limits and advice. */
export function evaluateCost(input: CostInput): { cost: CostReport; checks: AuditCheck[] } {
  const periods = costPeriods(input.now);
  const explorer = "byService" in input.explorer ? input.explorer : undefined;
  const hasData = explorer !== undefined && !explorer.byService.empty && explorer.byService.total > 0;
  let cost: CostReport;
  if (hasData) {
    const { byService, daily } = explorer;
    const projected = (byService.total / periods.dayOfMonth) * periods.daysInMonth;
    const trend = trendOf(daily);
    const top = drivers(byService.services.map((s) => ({ name: s.service, amount: s.amount })));
    cost = {
      source: "cost-explorer",
      scope: "account",
      currency: byService.unit,
      period: periods.monthToDate,
      monthToDate: Math.round(byService.total * 100) / 100,
      projectedMonthly: Math.round(projected * 100) / 100,
      limits: input.limits,
      drivers: top,
      daily,
      trend,
      costExplorer: {
        used: true,
        ...(byService.estimated ? { reason: "some figures are still marked estimated by AWS" } : {}),
      },
      suggestions: costSuggestions({
        drivers: top.map((d) => d.name),
        resources: input.resources,
        trend,
        prodLike: input.prodLike,
      }),
    };
  } else {
    const estimate = estimateResources(input.resources, input.region);
    const reason =
      "unavailable" in input.explorer
        ? `unavailable (${input.explorer.unavailable})`
        : "no cost data for this month yet";
    const nameOf = new Map(input.resources.map((r) => [r.label, r.name]));
    const lines = estimate.lines.map((line) => ({
      resource: nameOf.get(line.address) ?? line.address,
      type: line.type,
      monthly: line.monthly,
      basis: line.basis,
      usagePriced: line.usage_based,
    }));
    const top = drivers(lines.map((l) => ({ name: `${l.resource} (${l.type})`, amount: l.monthly })));
    cost = {
      source: "estimate",
      scope: "project-resources",
      currency: "USD",
      period: periods.monthToDate,
      projectedMonthly: estimate.monthly_total,
      limits: input.limits,
      drivers: top,
      daily: [],
      trend: "unknown",
      estimate: {
        lines,
        fixedMonthly: estimate.fixed_monthly,
        usagePricedMonthly: estimate.usage_based_monthly,
        assumptions: estimate.assumptions,
        notEstimated: estimate.not_priced,
        prices: estimate.prices_as_of,
      },
      costExplorer: { used: false, reason },
      suggestions: costSuggestions({
        drivers: lines.slice(0, 5).map((l) => l.type),
        resources: input.resources,
        trend: "unknown",
        prodLike: input.prodLike,
      }),
    };
  }
  return { cost, checks: [...limitChecks(cost.projectedMonthly, input.limits, cost.source), ...trendChecks(cost)] };
}
