// infra-tester, before a deploy: the saved plan's resources through every available security scanner
// (one finding per problem: a built-in rule and a checkov check of the same control on one resource
// merge), the cost estimate against the budget, naming and tagging compliance, and terraform
// validate's outcome when given → one report with a verdict.
import { commandLine } from "../../../core/commands/command-line.js";
import type { ProjectContext } from "../../../core/context.js";
import type { Diagnostic, PlanSummary, StateResource } from "../../../core/handler-contract.js";
import type { PricingService } from "../../../core/services/pricing.js";
import type { TestReport } from "../../../records/test-reports.js";
import type { Infra } from "../target.js";
import { namingCompliance, taggingCompliance } from "./compliance.js";
import { budgetFor, describeTotal, estimatePlanCost, type CostEstimate, type PricingMode } from "./cost.js";
import { assembleReport, SEVERITIES, timed, type TestOutcome } from "./report.js";
import { findingIds, mergeFindings } from "./merge-findings.js";
import type { SecurityFinding, SecurityScanner } from "./types.js";
import { COST_WARN_RATIO, MEDIUM_WARN_AT } from "./verdict.js";

export interface PreDeploymentInput {
  /** The saved plan file (binary); scanners that read the module get its directory instead. */
  planFile?: string;
  /** `terraform show -json` of the plan, for scanners that read a plan document (checkov). */
  planJsonFile?: string;
  /** What the plan would leave in the state (planned values). */
  resources: readonly StateResource[];
  summary?: PlanSummary;
  plan?: { id: string; hash: string };
  scanners: readonly SecurityScanner[];
  pricing: { mode: PricingMode; service?: PricingService };
  /** `by: "plan"`: no separate `terraform validate` ran, the engine validated the configuration while planning. */
  validation?: { valid: boolean; diagnostics: readonly Diagnostic[]; by?: "plan" };
}

/** One finding per problem and resource across scanners (the strictest severity, every id), most severe first. */
export const dedupeFindings = mergeFindings;

async function securityScan(
  project: ProjectContext,
  infra: Pick<Infra, "env">,
  input: PreDeploymentInput,
  into: SecurityFinding[],
): Promise<TestOutcome> {
  const scanInput = {
    resources: input.resources,
    directory: infra.env.iac.directory,
    ...(input.planJsonFile === undefined ? {} : { planJsonFile: input.planJsonFile }),
    ...(input.summary?.literalCredentials === undefined ? {} : { providers: input.summary.literalCredentials }),
  };
  const runs = await Promise.all(
    input.scanners.map(async (scanner) => {
      const started = performance.now();
      try {
        if (!(await scanner.available(project)))
          return { id: scanner.id, ran: false as const, findings: [] as SecurityFinding[] };
        const findings = await scanner.scan(project, scanInput);
        return { id: scanner.id, ran: true as const, findings, duration_ms: Math.round(performance.now() - started) };
      } catch (error) {
        return {
          id: scanner.id,
          ran: false as const,
          findings: [] as SecurityFinding[],
          error: error instanceof Error ? error.message : String(error),
        };
      }
    }),
  );
  const findings = dedupeFindings(runs.flatMap((run) => run.findings));
  into.push(...findings);
  const ran = runs.filter((run) => run.ran);
  const failed = runs.filter((run) => "error" in run);
  const unavailable = runs.filter((run) => !run.ran && !("error" in run)).map((run) => run.id);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]));
  const { max_critical_findings: maxCritical, max_high_findings: maxHigh } = project.config.testing.thresholds;
  const [critical, high, medium] = [counts.critical ?? 0, counts.high ?? 0, counts.medium ?? 0];
  const status =
    critical > maxCritical || high > maxHigh
      ? "fail"
      : high > 0 || medium >= MEDIUM_WARN_AT || ran.length === 0 || failed.length > 0
        ? "warn"
        : "pass";
  const summary =
    ran.length === 0
      ? "no security scanner could run"
      : `${findings.length} finding(s) from ${ran.map((r) => r.id).join(", ")} (${SEVERITIES.map((s) => `${counts[s]} ${s}`).join(", ")})${failed.length > 0 ? `; ${failed.map((f) => f.id).join(", ")} failed` : ""}${unavailable.length > 0 ? `; ${unavailable.join(", ")} not available here` : ""}`;
  return {
    status,
    summary,
    scanners: runs.map(({ findings: found, ...run }) => ({ ...run, findings: found.length })),
    findings_by_severity: counts,
    findings: findings.map((f) => `${f.severity.toUpperCase()} ${findingIds(f)} ${f.address}: ${f.title}`),
  };
}

function costTest(estimate: CostEstimate, threshold: number): TestOutcome {
  const { lines, ...rest } = estimate;
  const total = estimate.monthly_total;
  const status =
    total > threshold
      ? "fail"
      : (threshold > 0 && total >= COST_WARN_RATIO * threshold) || estimate.warnings.length > 0
        ? "warn"
        : "pass";
  return {
    status,
    summary: `${describeTotal(estimate)} against a $${threshold.toFixed(2)} budget${estimate.not_priced.length > 0 ? ` (${estimate.not_priced.length} resource(s) not priced)` : ""}`,
    estimated_monthly_cost: total,
    cost_threshold: threshold,
    resource_breakdown: lines,
    estimate: rest,
  };
}

function validationTest(validation: NonNullable<PreDeploymentInput["validation"]>): TestOutcome {
  const errors = validation.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `${d.summary}${d.file === undefined ? "" : ` (${d.file}${d.line === undefined ? "" : `:${d.line}`})`}`);
  const warnings = validation.diagnostics.filter((d) => d.severity === "warning").length;
  return {
    status: validation.valid ? (warnings > 0 ? "warn" : "pass") : "fail",
    summary: validation.valid
      ? validation.by === "plan"
        ? "the configuration is valid: Terraform planned it"
        : `terraform validate passed${warnings > 0 ? ` with ${warnings} warning(s)` : ""}`
      : `terraform validate reported ${errors.length} error(s)`,
    errors,
  };
}

export async function runPreDeploymentTests(
  project: ProjectContext,
  infra: Pick<Infra, "env">,
  input: PreDeploymentInput,
): Promise<TestReport> {
  const env = infra.env;
  const findings: SecurityFinding[] = [];
  const budget = budgetFor(env.costThreshold, project.config.testing.thresholds.max_monthly_cost);
  let estimate: CostEstimate | undefined;
  const naming = namingCompliance(project, env.name, input.resources);
  const tagging = taggingCompliance(project, env.name, input.resources);

  const tests = await Promise.all([
    timed("security_scan", () => securityScan(project, infra, input, findings)),
    timed("cost_estimation", async () => {
      estimate = await estimatePlanCost(input.resources, {
        region: env.region,
        pricing: input.pricing.mode,
        ...(input.pricing.service === undefined ? {} : { service: input.pricing.service }),
      });
      return costTest(estimate, budget.threshold);
    }),
    timed("naming_compliance", () => ({
      status: naming.status,
      summary: naming.summary,
      mode: naming.mode,
      checked: naming.checked,
      unknown_at_plan_time: naming.unknown_at_plan_time,
      aws_fixed: naming.aws_fixed,
      non_compliant: naming.non_compliant,
    })),
    timed("tagging_compliance", () => ({
      status: tagging.status,
      summary: tagging.summary,
      source: tagging.source,
      required_tags: tagging.required_tags,
      checked: tagging.checked,
      missing_tags: tagging.missing_tags,
    })),
    ...(input.validation === undefined ? [] : [timed("terraform_validation", () => validationTest(input.validation!))]),
  ]);

  const recommendations = [
    ...findings
      .filter((f) => f.severity === "critical" || f.severity === "high")
      .map((f) => `${f.address}: ${f.remediation}`),
    ...(estimate !== undefined && estimate.monthly_total > budget.threshold
      ? [
          `reduce the largest cost drivers (${estimate.top_drivers
            .slice(0, 3)
            .map((d) => `${d.resource} $${d.cost.toFixed(2)}`)
            .join(
              ", ",
            )}) or raise ${budget.source === "cost_threshold" ? `environments.${env.name}.cost_threshold` : "testing.thresholds.max_monthly_cost"}`,
        ]
      : []),
    ...(tagging.missing_tags.length > 0
      ? [
          tagging.source === "tagging.required"
            ? "add the required tags (the aws provider's default_tags block applies them to every resource)"
            : `tag resources with ${tagging.required_tags.join(", ")} and list them in tagging.required to enforce them`,
        ]
      : []),
    ...(naming.non_compliant.length > 0
      ? [
          `rename the resources listed under naming_compliance to follow resource_naming.pattern (a rename replaces the resource), or, for names that predate the convention, set resource_naming.check to "warn" or "off"`,
        ]
      : []),
    ...(estimate !== undefined && estimate.not_priced.length > 0
      ? [
          `check the cost of the resources not priced: ${estimate.not_priced.slice(0, 5).join(", ")}${estimate.not_priced.length > 5 ? ", …" : ""}`,
        ]
      : []),
    ...findings.filter((f) => f.severity === "medium").map((f) => `${f.address}: ${f.remediation}`),
  ];
  const deploy = commandLine("infra deploy", { env: env.name, plan: input.plan?.id });
  return assembleReport({
    phase: "pre-deployment",
    environment: env.name,
    now: project.clock.now(),
    tests,
    findings,
    verdict: {
      thresholds: project.config.testing.thresholds,
      ...(input.validation === undefined ? {} : { validation: input.validation.valid ? "passed" : "failed" }),
      ...(estimate === undefined ? {} : { cost: { monthly: estimate.monthly_total, threshold: budget.threshold } }),
      missingRequiredTags: tagging.source === "tagging.required" ? tagging.missing_tags.length : 0,
    },
    categories: {
      compliance: naming.non_compliant.length + tagging.missing_tags.length,
      cost: tests.find((t) => t.name === "cost_estimation")?.status === "pass" ? 0 : 1,
    },
    recommendations,
    ...(estimate === undefined
      ? {}
      : {
          costAnalysis: {
            estimated_monthly_cost: estimate.monthly_total,
            currency: estimate.currency,
            budget_threshold: budget.threshold,
            budget_source: budget.source,
            percentage_of_budget:
              budget.threshold > 0 ? Math.round((estimate.monthly_total / budget.threshold) * 1000) / 10 : null,
            top_cost_drivers: estimate.top_drivers,
          },
        }),
    nextSteps: {
      if_pass: deploy,
      if_warn: `review the warnings in this report, then ${deploy}`,
      if_fail: `fix the blocking issues, then run ${commandLine("infra test-changes", { env: env.name })} again`,
    },
    ...(input.plan === undefined ? {} : { plan: input.plan }),
  });
}
