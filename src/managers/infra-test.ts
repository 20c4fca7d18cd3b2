// test-changes (the infra-tester's workflow): before a deploy, a saved plan (made now through the
// preview path, or named with --plan) through the security scanners, the cost estimate and the
// compliance checks; after a deploy, the registry's resources checked in AWS. Writes the report under
// .devops/test-reports/<env>/ and fails the verdict (exit 4) on FAIL.
import { commandLine } from "../core/commands/command-line.js";
import { access } from "node:fs/promises";
import type { Context, ProjectContext } from "../core/context.js";
import type { StateResource } from "../core/handler-contract.js";
import type { CommandResult, NextStep } from "../core/result.js";
import type { PricingService } from "../core/services/pricing.js";
import type { ProbesService } from "../core/services/probes.js";
import { readPlanRecord, type PlanRecord } from "../records/plans.js";
import { readRegistry, registryPaths, type Registry } from "../records/registry.js";
import { writeTestReport, type TestReport } from "../records/test-reports.js";
import { loadPendingPlan } from "../skills/infra/approval.js";
import { previewChanges } from "../skills/infra/previewer.js";
import { guardAccount, openInfra, type Infra } from "../skills/infra/target.js";
import { builtinScanner } from "../skills/infra/tester/builtin-scanner.js";
import { createCheckovScanner } from "../skills/infra/tester/checkov.js";
import type { PricingMode } from "../skills/infra/tester/cost.js";
import { runPostDeploymentTests } from "../skills/infra/tester/post-deployment.js";
import { runPreDeploymentTests } from "../skills/infra/tester/pre-deployment.js";
import type { SecurityFinding } from "../skills/infra/tester/types.js";
import { openProject } from "./project.js";

export type TestPhaseInput = "pre-deployment" | "post-deployment";

export interface TestChangesInput {
  env: string;
  phase: TestPhaseInput;
  plan?: string;
  pricing?: PricingMode;
}

export interface TestChangesData {
  status: "pass" | "warn" | "fail" | "not_deployed";
  phase: TestPhaseInput;
  environment: string;
  overall_status?: TestReport["overall_status"];
  tests_run: number;
  tests_passed: number;
  tests_failed: number;
  critical_issues: number;
  cost_estimate?: {
    monthly_total: number;
    currency: string;
    threshold: number;
    top_drivers: Array<{ resource: string; type: string; cost: number }>;
  };
  /** The most severe findings first, at most 20 (the report has them all). */
  findings: SecurityFinding[];
  report_path?: string;
  recommendations: string[];
  plan_id?: string;
}

export type WrittenTestReport = TestReport & { report_path: string };

const TOP_FINDINGS = 20;

function pricingService(project: ProjectContext, infra: Infra): PricingService {
  return infra.hosting.services(project, infra.env).pricing;
}

function probesService(project: ProjectContext, infra: Infra): ProbesService {
  return infra.hosting.services(project, infra.env).probes;
}

async function write(project: ProjectContext, report: TestReport): Promise<WrittenTestReport> {
  return { ...report, report_path: await writeTestReport(project.paths.stateDir, report) };
}

/** Pre-deployment tests of a saved plan (the deploy workflow calls this after its preview). */
export async function preDeploymentForDeploy(
  project: ProjectContext,
  infra: Infra,
  planRecord: PlanRecord,
  options: { pricing?: PricingMode } = {},
): Promise<WrittenTestReport> {
  const [resources, validation] = await Promise.all([
    infra.iac.plannedResources(project, infra.target, planRecord.plan_file),
    infra.iac.validate(project, infra.target),
  ]);
  const mode = options.pricing ?? "table";
  const service = mode === "api" ? pricingService(project, infra) : undefined;
  const report = await runPreDeploymentTests(project, infra, {
    planFile: planRecord.plan_file,
    resources,
    summary: planRecord.summary,
    plan: { id: planRecord.id, hash: planRecord.plan_hash },
    scanners: [builtinScanner, createCheckovScanner()],
    pricing: { mode, ...(service === undefined ? {} : { service }) },
    validation,
  });
  return write(project, report);
}

/** The plan a deployment applied, when its record and plan file are still there. */
async function appliedPlan(project: ProjectContext, infra: Infra, registry: Registry): Promise<PlanRecord | undefined> {
  const record = await readPlanRecord(project.paths.stateDir, infra.env.name, registry.deployment_id).catch(
    () => undefined,
  );
  if (record === undefined || record.kind !== "deploy") return undefined;
  return (await access(record.plan_file).then(
    () => true,
    () => false,
  ))
    ? record
    : undefined;
}

/**
 * Post-deployment tests of what was just recorded (the deploy workflow calls this after its records
 * step, with recordChange's result); `plan` and `state` let it compare the state with the plan.
 */
export async function postDeploymentForDeploy(
  project: ProjectContext,
  infra: Infra,
  recorded: { registry?: Registry },
  options: { plan?: PlanRecord; state?: StateResource[] } = {},
): Promise<WrittenTestReport | undefined> {
  const registry =
    recorded.registry ?? (await readRegistry(registryPaths(project.paths.stateDir, infra.env.name).registry));
  if (registry === undefined) return undefined;
  const plan = options.plan ?? (await appliedPlan(project, infra, registry));
  const [planned, state] = await Promise.all([
    plan === undefined
      ? undefined
      : infra.iac.plannedResources(project, infra.target, plan.plan_file).catch(() => undefined),
    options.state ?? (plan === undefined ? undefined : infra.iac.state(project, infra.target)),
  ]);
  const probes = probesService(project, infra);
  const ops = {
    env: infra.env,
    hosting: infra.hosting,
    services: infra.hosting.services(project, infra.env),
    registry,
    resources: registry.resources,
  };
  const report = await runPostDeploymentTests(
    project,
    { ops, ...(probes === undefined ? {} : { probes }) },
    {
      registry,
      ...(planned === undefined || state === undefined || plan === undefined
        ? {}
        : { planned, state, changes: plan.summary.changes, plan: { id: plan.id, hash: plan.plan_hash } }),
    },
  );
  return write(project, report);
}

function toData(phase: TestPhaseInput, report: WrittenTestReport): TestChangesData {
  const cost = report.analysis.cost_analysis;
  return {
    status: report.overall_status.toLowerCase() as "pass" | "warn" | "fail",
    phase,
    environment: report.environment,
    overall_status: report.overall_status,
    tests_run: report.tests.filter((t) => t.status !== "skipped").length,
    tests_passed: report.summary.passed,
    tests_failed: report.summary.failed,
    critical_issues: report.summary.critical_issues,
    ...(cost === undefined
      ? {}
      : {
          cost_estimate: {
            monthly_total: cost.estimated_monthly_cost,
            currency: cost.currency,
            threshold: cost.budget_threshold,
            top_drivers: cost.top_cost_drivers,
          },
        }),
    findings: report.findings.slice(0, TOP_FINDINGS).map((f) => ({
      rule: f.rule,
      scanner: f.scanner,
      severity: f.severity,
      category: f.category,
      address: f.address,
      resourceType: String(f.resourceType ?? ""),
      title: f.title,
      message: f.message,
      remediation: f.remediation,
    })),
    report_path: report.report_path,
    recommendations: report.recommendations,
    ...(report.plan === undefined ? {} : { plan_id: report.plan.id }),
  };
}

function next(phase: TestPhaseInput, env: string, report: TestReport): NextStep[] {
  if (report.overall_status === "FAIL") {
    return phase === "pre-deployment"
      ? [
          {
            command: commandLine("infra validate-config", { env }),
            why: "see the configuration problems with file and line",
          },
        ]
      : [
          {
            command: commandLine("infra check-status", { env }),
            why: "see whether the environment drifted from the state",
          },
        ];
  }
  if (phase === "pre-deployment")
    return [
      {
        command: report.analysis.next_steps.if_pass,
        why:
          report.overall_status === "WARN"
            ? "deploy once the warnings are understood"
            : "apply exactly the plan that was tested",
      },
    ];
  return [
    { command: commandLine("ops check-health", { env }), why: "follow the new resources once they report metrics" },
  ];
}

export async function testChanges(ctx: Context, input: TestChangesInput): Promise<CommandResult<TestChangesData>> {
  const project = await openProject(ctx);
  const infra = await openInfra(project, input.env);
  const env = infra.env.name;
  let report: WrittenTestReport | undefined;
  if (input.phase === "pre-deployment") {
    const accountCheck = guardAccount(project, infra);
    accountCheck.catch(() => undefined);
    let record: PlanRecord;
    if (input.plan !== undefined) {
      await accountCheck;
      record = await loadPendingPlan(project, env, input.plan, "deploy");
      await infra.iac.prepare(project, infra.target);
    } else {
      const progress = ctx.io.progress(`planning ${env}`);
      try {
        record = (await previewChanges(project, infra, accountCheck, { kind: "deploy" })).record;
        progress.done(`planned ${env}`);
      } catch (error) {
        progress.fail(`planning ${env} failed`);
        throw error;
      }
    }
    const progress = ctx.io.progress(`testing plan ${record.id}`);
    report = await preDeploymentForDeploy(
      project,
      infra,
      record,
      input.pricing === undefined ? {} : { pricing: input.pricing },
    );
    progress.done(`${env}: ${report.overall_status}`);
  } else {
    await guardAccount(project, infra);
    await infra.iac.prepare(project, infra.target);
    report = await postDeploymentForDeploy(project, infra, {});
    if (report === undefined) {
      return {
        status: "not_deployed",
        environment: env,
        verdict: "pass",
        data: {
          status: "not_deployed",
          phase: input.phase,
          environment: env,
          tests_run: 0,
          tests_passed: 0,
          tests_failed: 0,
          critical_issues: 0,
          findings: [],
          recommendations: [],
        },
        next: [{ command: commandLine("infra deploy", { env }), why: "nothing is recorded as deployed yet" }],
      };
    }
  }
  const data = toData(input.phase, report);
  return {
    status: data.status,
    environment: env,
    verdict: report.overall_status === "FAIL" ? "fail" : "pass",
    data,
    next: next(input.phase, env, report),
  };
}
