// The audit report (`audits/<env>/<ts>-audit.json` and `.md`): every check with its status and
// recommendation, the cost picture (Cost Explorer or a stated estimate), and what was not checked.
import * as z from "zod";

/** "account": controls of the AWS account itself (CloudTrail, password policy), not of the project's resources. */
export const AuditArea = z.enum(["cost", "security", "compliance", "account"]);
export type AuditArea = z.infer<typeof AuditArea>;

export const AuditStatus = z.enum(["pass", "warn", "fail"]);
export type AuditStatus = z.infer<typeof AuditStatus>;

export const AuditCheck = z.object({
  /** Stable rule id, e.g. `security.s3-public`. */
  id: z.string().min(1),
  area: AuditArea,
  title: z.string(),
  status: AuditStatus,
  /** The resource checked (a name, address or ARN); absent for account-wide checks. */
  resource: z.string().optional(),
  detail: z.string(),
  recommendation: z.string(),
});
export type AuditCheck = z.infer<typeof AuditCheck>;

const Money = z.number();

export const CostEstimateLine = z.object({
  resource: z.string(),
  type: z.string(),
  monthly: Money,
  basis: z.string(),
  /** The figure rests on assumed usage (requests, storage, transfer), stated in `basis`: not a fixed price. */
  usagePriced: z.boolean().optional(),
});
export type CostEstimateLine = z.infer<typeof CostEstimateLine>;

export const CostReport = z.object({
  /** Where the figures come from; an estimate is never presented as a bill. */
  source: z.enum(["cost-explorer", "estimate"]),
  /** "account" for Cost Explorer (it cannot tell projects apart without cost-allocation tags). */
  scope: z.enum(["account", "project-resources"]),
  currency: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  monthToDate: Money.optional(),
  projectedMonthly: Money,
  limits: z.object({ cost_threshold: Money.optional(), max_monthly_cost: Money }),
  drivers: z.array(z.object({ name: z.string(), amount: Money, share: z.number() })),
  daily: z.array(z.object({ date: z.string(), amount: Money })),
  trend: z.enum(["rising", "falling", "flat", "unknown"]),
  estimate: z
    .object({
      lines: z.array(CostEstimateLine),
      /** What the resources cost by being there (hours, nodes, keys). */
      fixedMonthly: Money.optional(),
      /** The usage-priced lines at the stated usage assumptions. */
      usagePricedMonthly: Money.optional(),
      assumptions: z.array(z.string()),
      notEstimated: z.array(z.string()),
      prices: z.string(),
    })
    .optional(),
  /** Why Cost Explorer was not used, when it was not. */
  costExplorer: z.object({ used: z.boolean(), reason: z.string().optional() }),
  suggestions: z.array(z.string()),
});
export type CostReport = z.infer<typeof CostReport>;

export const AuditReport = z.object({
  environment: z.string().min(1),
  /** The AWS account the audit's credentials reached. */
  account: z.string().optional(),
  focus: z.enum(["all", "cost", "security", "compliance"]),
  checkedAt: z.iso.datetime({ offset: true }),
  scope: z.object({ registryResources: z.number().int(), discoveredResources: z.number().int() }),
  summary: z.object({ pass: z.number().int(), warn: z.number().int(), fail: z.number().int() }),
  verdict: z.enum(["pass", "fail"]),
  checks: z.array(AuditCheck),
  /** Whether a failing account-level control fails the audit ("enforce") or is reported as a warning. */
  accountControls: z.enum(["report", "enforce"]).optional(),
  cost: CostReport.optional(),
  /** Checks that were not run, and why (no client for the service, not applicable). */
  skipped: z.array(z.object({ check: z.string(), reason: z.string() })),
});
export type AuditReport = z.infer<typeof AuditReport>;

export function summarize(checks: readonly AuditCheck[]): AuditReport["summary"] {
  return {
    pass: checks.filter((c) => c.status === "pass").length,
    warn: checks.filter((c) => c.status === "warn").length,
    fail: checks.filter((c) => c.status === "fail").length,
  };
}

const money = (amount: number, currency: string) => `${currency === "USD" ? "$" : `${currency} `}${amount.toFixed(2)}`;
const MARK: Record<AuditStatus, string> = { pass: "PASS", warn: "WARN", fail: "FAIL" };
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function costSection(cost: CostReport): string[] {
  const lines = ["## Cost", ""];
  const origin =
    cost.source === "cost-explorer"
      ? `Cost Explorer, account-wide, ${cost.period.start} to ${cost.period.end} (end exclusive)`
      : `**Estimate** from the registry's resources and a price table (${cost.estimate?.prices ?? "list prices"}); not a bill`;
  lines.push(`- Source: ${origin}`);
  if (cost.costExplorer.reason !== undefined) lines.push(`- Cost Explorer: ${cost.costExplorer.reason}`);
  if (cost.monthToDate !== undefined) lines.push(`- Month to date: ${money(cost.monthToDate, cost.currency)}`);
  lines.push(`- Projected for the month: ${money(cost.projectedMonthly, cost.currency)}`);
  const estimate = cost.estimate;
  if (estimate?.fixedMonthly !== undefined) {
    const usage = estimate.lines.filter((l) => l.usagePriced === true);
    lines.push(
      `- Of which: fixed ${money(estimate.fixedMonthly, cost.currency)}${usage.length === 0 ? "" : ` + ${usage.length} usage-priced item(s) (≈${money(estimate.usagePricedMonthly ?? 0, cost.currency)} at the stated usage)`}`,
    );
  }
  const limits = [
    ...(cost.limits.cost_threshold === undefined
      ? []
      : [`cost_threshold ${money(cost.limits.cost_threshold, cost.currency)}`]),
    `max_monthly_cost ${money(cost.limits.max_monthly_cost, cost.currency)}`,
  ];
  lines.push(`- Limits: ${limits.join(", ")}`, `- Trend: ${cost.trend}`, "");
  if (cost.drivers.length > 0) {
    lines.push("| cost driver | monthly | share |", "| --- | ---: | ---: |");
    for (const d of cost.drivers)
      lines.push(`| ${cell(d.name)} | ${money(d.amount, cost.currency)} | ${Math.round(d.share * 100)} % |`);
    lines.push("");
  }
  if (cost.estimate !== undefined && cost.estimate.lines.length > 0) {
    lines.push("| resource | type | monthly | basis |", "| --- | --- | ---: | --- |");
    for (const l of cost.estimate.lines)
      lines.push(
        `| ${cell(l.resource)} | ${l.type} | ${l.usagePriced === true ? `usage-priced (≈${money(l.monthly, cost.currency)})` : money(l.monthly, cost.currency)} | ${cell(l.basis)} |`,
      );
    lines.push("");
  }
  if (cost.estimate !== undefined) {
    lines.push("Assumptions:", ...cost.estimate.assumptions.map((a) => `- ${a}`), "");
    if (cost.estimate.notEstimated.length > 0)
      lines.push(`Not estimated: ${cost.estimate.notEstimated.join(", ")}`, "");
  }
  if (cost.suggestions.length > 0) lines.push("Suggestions:", ...cost.suggestions.map((s) => `- ${s}`), "");
  return lines;
}

/** The report for people: summary, failures and warnings first, then the cost picture. */
export function renderAuditMarkdown(report: AuditReport): string {
  const { summary } = report;
  const lines = [
    `# Audit - ${report.environment}`,
    "",
    `- Checked at: ${report.checkedAt}${report.account === undefined ? "" : ` in account ${report.account}`}`,
    `- Focus: ${report.focus}`,
    `- Verdict: **${report.verdict.toUpperCase()}** (${summary.fail} fail, ${summary.warn} warn, ${summary.pass} pass)`,
    `- Resources: ${report.scope.registryResources} from the registry, ${report.scope.discoveredResources} discovered by tags`,
    "",
  ];
  const order: AuditStatus[] = ["fail", "warn", "pass"];
  const sorted = [...report.checks].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  if (sorted.length > 0) {
    lines.push(
      "## Checks",
      "",
      "| status | area | check | resource | detail | recommendation |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const c of sorted) {
      lines.push(
        `| ${MARK[c.status]} | ${c.area} | ${cell(c.title)} | ${cell(c.resource ?? "-")} | ${cell(c.detail)} | ${c.status === "pass" ? "" : cell(c.recommendation)} |`,
      );
    }
    lines.push("");
  }
  if (report.cost !== undefined) lines.push(...costSection(report.cost));
  if (report.skipped.length > 0)
    lines.push("## Not checked", "", ...report.skipped.map((s) => `- ${s.check}: ${s.reason}`), "");
  return `${lines.join("\n").trimEnd()}\n`;
}
