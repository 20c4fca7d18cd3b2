// The deploy workflow's test gates, and the test runs they share with infra test-changes: pre-deployment
// tests (security, cost, naming, tagging) of a saved plan between the preview and the approval — a FAIL
// stops the deploy before anyone is asked — and post-deployment tests after the records, whose failure
// is recorded in the debugger's issue log.
import { access } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { ProjectContext } from "../../../core/context.js";
import { ProviderError } from "../../../core/errors.js";
import type { Diagnostic, StateResource } from "../../../core/handler-contract.js";
import type { Step } from "../../../core/result.js";
import type { PricingService } from "../../../core/services/pricing.js";
import type { ProbesService } from "../../../core/services/probes.js";
import { isEnginePlan, readPlanRecord, type PlanRecord } from "../../../records/plans.js";
import { readRegistry, registryPaths, type Registry } from "../../../records/registry.js";
import { writeTestReport, type TestReport } from "../../../records/test-reports.js";
import { diagnoseFailure } from "../debugger/failure.js";
import type { Infra } from "../target.js";
import { builtinScanner } from "./builtin-scanner.js";
import { createCheckovScanner } from "./checkov.js";
import type { PricingMode } from "./cost.js";
import { failureSummary, runPostDeploymentTests, type PostDeploymentTarget } from "./post-deployment.js";
import { runPreDeploymentTests } from "./pre-deployment.js";
import type { SecurityScanner } from "./types.js";

export type WrittenTestReport = TestReport & { report_path: string };

function pricingService(project: ProjectContext, infra: Infra): PricingService {
  return infra.hosting.services(project, infra.env).pricing;
}

function probesService(project: ProjectContext, infra: Infra): ProbesService {
  return infra.hosting.services(project, infra.env).probes;
}

async function write(project: ProjectContext, report: TestReport): Promise<WrittenTestReport> {
  return { ...report, report_path: await writeTestReport(project.paths.stateDir, report) };
}

/**
 * The checkov the project names (testing.checkov: a path, relative to the project, or a command), else
 * the user's checkov on PATH. A named one that cannot run is a scanner failure (WARN), never skipped.
 */
function checkovScanner(project: ProjectContext): SecurityScanner {
  const named = project.config.testing.checkov;
  if (named === undefined) return createCheckovScanner();
  const binary = named.includes("/") && !isAbsolute(named) ? resolve(project.paths.root, named) : named;
  return createCheckovScanner({ binary, required: true });
}

/**
 * What the tests read of a saved plan: the JSON document the preview kept (checked against the
 * recorded hash), else `terraform show -json` and `terraform validate` as a fresh run. A plan the engine
 * could make already proves the configuration valid, so a kept plan is not validated again.
 */
async function planFacts(
  project: ProjectContext,
  infra: Infra,
  planRecord: PlanRecord,
  prepare: boolean,
): Promise<{
  resources: StateResource[];
  planJsonFile?: string;
  validation: { valid: boolean; diagnostics: Diagnostic[]; by?: "plan" };
}> {
  const kept = await infra.iac.keptPlanJson(planRecord.plan_file, {
    planHash: planRecord.plan_hash,
    ...(planRecord.summary.scope === undefined ? {} : { scope: planRecord.summary.scope }),
  });
  if (kept !== undefined)
    return {
      resources: kept.resources,
      planJsonFile: kept.file,
      validation: { valid: true, diagnostics: [], by: "plan" },
    };
  if (prepare) await infra.iac.prepare(project, infra.target);
  const [resources, validation] = await Promise.all([
    infra.iac.plannedResources(project, infra.target, planRecord.plan_file),
    infra.iac.validate(project, infra.target),
  ]);
  return { resources, validation };
}

/**
 * Pre-deployment tests of a saved plan (the deploy workflow calls this after its preview). `prepare`:
 * the engine's working folder may not be ready (a plan named by id), and only a plan without its kept
 * JSON needs it.
 */
export async function preDeploymentForDeploy(
  project: ProjectContext,
  infra: Infra,
  planRecord: PlanRecord,
  options: { pricing?: PricingMode; prepare?: boolean } = {},
): Promise<WrittenTestReport> {
  const facts = await planFacts(project, infra, planRecord, options.prepare === true);
  const mode = options.pricing ?? "table";
  const service = mode === "api" ? pricingService(project, infra) : undefined;
  const report = await runPreDeploymentTests(project, infra, {
    planFile: planRecord.plan_file,
    ...(facts.planJsonFile === undefined ? {} : { planJsonFile: facts.planJsonFile }),
    resources: facts.resources,
    summary: planRecord.summary,
    plan: { id: planRecord.id, hash: planRecord.plan_hash },
    scanners: [builtinScanner, checkovScanner(project)],
    pricing: { mode, ...(service === undefined ? {} : { service }) },
    validation: facts.validation,
  });
  return write(project, report);
}

/** The plan a deployment applied, when its record and plan file are still there. */
async function appliedPlan(project: ProjectContext, infra: Infra, registry: Registry): Promise<PlanRecord | undefined> {
  const record = await readPlanRecord(project.paths.stateDir, infra.env.name, registry.deployment_id).catch(
    () => undefined,
  );
  if (record === undefined || !isEnginePlan(record) || record.kind !== "deploy") return undefined;
  return (await access(record.plan_file).then(
    () => true,
    () => false,
  ))
    ? record
    : undefined;
}

/** The plan's resources from the JSON its preview kept, or (when none matches) from the engine. */
async function plannedOf(
  project: ProjectContext,
  infra: Infra,
  plan: PlanRecord,
): Promise<StateResource[] | undefined> {
  const kept = await infra.iac
    .keptPlanJson(plan.plan_file, {
      planHash: plan.plan_hash,
      ...(plan.summary.scope === undefined ? {} : { scope: plan.summary.scope }),
    })
    .catch(() => undefined);
  if (kept !== undefined) return kept.resources;
  return infra.iac.plannedResources(project, infra.target, plan.plan_file).catch(() => undefined);
}

/**
 * Post-deployment tests of what was just recorded (the health check is the ops monitor's, handed in
 * by the workflow so the tester does not depend on the ops skills) (the deploy workflow calls this after its records
 * step, with recordChange's result); `plan` and `state` let it compare the state with the plan.
 */
export async function postDeploymentForDeploy(
  project: ProjectContext,
  infra: Infra,
  recorded: { registry?: Registry },
  options: { healthCheck: PostDeploymentTarget["healthCheck"]; plan?: PlanRecord; state?: StateResource[] },
): Promise<WrittenTestReport | undefined> {
  const registry =
    recorded.registry ?? (await readRegistry(registryPaths(project.paths.stateDir, infra.env.name).registry));
  if (registry === undefined) return undefined;
  const plan = options.plan ?? (await appliedPlan(project, infra, registry));
  const [planned, state] = await Promise.all([
    plan === undefined ? undefined : plannedOf(project, infra, plan),
    options.state ?? (plan === undefined ? undefined : infra.iac.state(project, infra.target)),
  ]);
  const probes = probesService(project, infra);
  const report = await runPostDeploymentTests(
    project,
    { env: infra.env, healthCheck: options.healthCheck, ...(probes === undefined ? {} : { probes }) },
    {
      registry,
      ...(planned === undefined || state === undefined || plan === undefined
        ? {}
        : { planned, state, changes: plan.summary.changes, plan: { id: plan.id, hash: plan.plan_hash } }),
    },
  );
  return write(project, report);
}

export interface TestsSummary {
  phase: "pre-deployment" | "post-deployment";
  overall_status: "PASS" | "WARN" | "FAIL";
  report_path: string;
  failed: number;
  critical_issues: number;
  reason: string;
  findings: { rule: string; also?: string[]; severity: string; address: string; title: string }[];
  cost?: { monthly_total: number; threshold: number };
}

const TOP_FINDINGS = 5;

function summarise(report: WrittenTestReport): TestsSummary {
  const cost = report.analysis.cost_analysis;
  return {
    phase: report.phase,
    overall_status: report.overall_status,
    report_path: report.report_path,
    failed: report.summary.failed,
    critical_issues: report.summary.critical_issues,
    reason: report.analysis.reason,
    findings: report.findings.slice(0, TOP_FINDINGS).map((f) => ({
      rule: f.rule,
      ...(Array.isArray(f.also) ? { also: f.also.map(String) } : {}),
      severity: f.severity,
      address: f.address,
      title: f.title,
    })),
    ...(cost === undefined
      ? {}
      : { cost: { monthly_total: cost.estimated_monthly_cost, threshold: cost.budget_threshold } }),
  };
}

function step(name: string, summary: TestsSummary): Step {
  const status = summary.overall_status === "FAIL" ? "failed" : "passed";
  return { name, status, detail: `${summary.overall_status}: ${summary.reason} (${summary.report_path})` };
}

/** Pre-deployment tests of the plan about to be approved; the caller stops on FAIL. */
export async function preDeploymentStep(
  project: ProjectContext,
  infra: Infra,
  record: PlanRecord,
  steps: Step[],
): Promise<TestsSummary> {
  const progress = project.io.progress(`testing the plan for ${infra.env.name}`);
  try {
    const summary = summarise(await preDeploymentForDeploy(project, infra, record));
    progress.done(`pre-deployment tests: ${summary.overall_status}`);
    steps.push(step("pre-deployment tests", summary));
    return summary;
  } catch (error) {
    progress.fail("pre-deployment tests could not run");
    throw error;
  }
}

/** Post-deployment tests of what was just applied; a FAIL is recorded in the issue log. */
export async function postDeploymentStep(
  project: ProjectContext,
  infra: Infra,
  recorded: { registry?: Registry },
  record: PlanRecord,
  state: StateResource[],
  steps: Step[],
  healthCheck: PostDeploymentTarget["healthCheck"],
): Promise<TestsSummary | undefined> {
  const report = await postDeploymentForDeploy(project, infra, recorded, { healthCheck, plan: record, state });
  if (report === undefined) {
    steps.push({
      name: "post-deployment tests",
      status: "skipped",
      detail: "nothing is recorded for this environment",
    });
    return undefined;
  }
  const summary = summarise(report);
  steps.push(step("post-deployment tests", summary));
  if (summary.overall_status === "FAIL") {
    await diagnoseFailure(
      project,
      infra.env,
      "deploy",
      new ProviderError("POST_DEPLOYMENT_TESTS_FAILED", failureSummary(report)),
      record.id,
    );
  }
  return summary;
}
