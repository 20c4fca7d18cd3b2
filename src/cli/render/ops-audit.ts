// Human rendering of audit: the verdict, failures and warnings first (passes counted), the cost
// picture with its source stated, and where the report was written.
import type { CommandResult } from "../../core/result.js";
import type { AuditCheck, AuditData } from "../../managers/ops-audit.js";
import type { CliIoHost } from "../host.js";

type Colors = CliIoHost["colors"];

function checkLine(check: AuditCheck, c: Colors): string[] {
  const mark = check.status === "fail" ? c.red("FAIL") : check.status === "warn" ? c.yellow("WARN") : c.green("PASS");
  const where =
    check.resource !== undefined
      ? ` ${c.bold(check.resource)}`
      : check.area === "account"
        ? ` ${c.bold("AWS account")}`
        : "";
  return [
    `  ${mark} [${check.id}]${where}: ${check.detail}`,
    ...(check.status === "pass" ? [] : [c.dim(`       → ${check.recommendation}`)]),
  ];
}

function costLines(data: AuditData, c: Colors): string[] {
  const cost = data.cost;
  if (cost === undefined) return [];
  const usd = (n: number) => `$${n.toFixed(2)}`;
  const lines = ["", c.bold("Cost")];
  if (cost.source === "estimate") {
    lines.push(
      `  ${c.yellow("Estimate")} from the registry and a price table (${cost.estimate?.prices ?? "list prices"}); Cost Explorer: ${cost.costExplorer.reason ?? "not used"}`,
    );
  } else {
    lines.push(
      `  Cost Explorer (account-wide), ${cost.period.start} – ${cost.period.end}: ${usd(cost.monthToDate ?? 0)} so far`,
    );
  }
  const estimate = cost.estimate;
  if (estimate?.fixedMonthly !== undefined) {
    const usage = estimate.lines.filter((l) => l.usagePriced === true).length;
    lines.push(
      `  estimated for the month: fixed ${usd(estimate.fixedMonthly)}${usage === 0 ? "" : ` + ${usage} usage-priced item(s) (≈${usd(estimate.usagePricedMonthly ?? 0)} at the stated usage)`}`,
    );
  } else {
    lines.push(`  projected for the month: ${usd(cost.projectedMonthly)}; trend: ${cost.trend}`);
  }
  for (const driver of cost.drivers)
    lines.push(`    ${usd(driver.amount).padStart(10)}  ${driver.name} (${Math.round(driver.share * 100)} %)`);
  if (cost.estimate !== undefined)
    lines.push(c.dim("  assumptions:"), ...cost.estimate.assumptions.map((a) => c.dim(`    - ${a}`)));
  if (cost.suggestions.length > 0) lines.push("  suggestions:", ...cost.suggestions.map((s) => `    - ${s}`));
  return lines;
}

export function renderAudit(result: CommandResult<AuditData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  const { summary } = data;
  const verdict =
    data.verdict === "fail" ? c.red("FAIL") : summary.warn > 0 ? c.yellow("PASS with warnings") : c.green("PASS");
  const lines = [
    `Audit of ${c.bold(data.environment)}${data.account === undefined ? "" : ` (account ${data.account})`}, ${data.focus}: ${verdict} — ${summary.fail} fail, ${summary.warn} warn, ${summary.pass} pass`,
    c.dim(
      `  ${data.scope.registryResources} resources from the registry, ${data.scope.discoveredResources} discovered by tags`,
    ),
  ];
  for (const status of ["fail", "warn"] as const) {
    const checks = data.checks.filter((check) => check.status === status);
    if (checks.length === 0) continue;
    lines.push("", c.bold(status === "fail" ? "Failures" : "Warnings"));
    for (const check of checks) lines.push(...checkLine(check, c));
  }
  lines.push(...costLines(data, c));
  if (data.skipped.length > 0)
    lines.push("", c.dim("Not checked:"), ...data.skipped.map((s) => c.dim(`  - ${s.reason}`)));
  lines.push(
    "",
    c.dim(`Report: ${data.report.json}${data.report.markdown === undefined ? "" : ` and ${data.report.markdown}`}`),
  );
  return lines.join("\n");
}
