// test-changes (the infra-tester's workflow): before a deploy, a saved plan (made now through the
// preview path, or named with --plan) through the security scanners, the cost estimate and the
// compliance checks; after a deploy, the registry's resources checked in AWS. Writes the report under
// .devops/test-reports/<env>/ and fails the verdict (exit 4) on FAIL.
import { commandLine } from "../core/commands/command-line.js";
import type { Context } from "../core/context.js";
import { UserError } from "../core/errors.js";
import type { PlanVariables } from "../core/handler-contract.js";
import type { CommandResult, NextStep } from "../core/result.js";
import type { TestReport } from "../records/test-reports.js";
import { loadPending } from "../skills/approval/flow.js";
import { planScopeOf, planVariablesOf, previewChanges } from "../skills/infra/previewer.js";
import { guardAccount, openInfra } from "../skills/infra/target.js";
import type { PricingMode } from "../skills/infra/tester/cost.js";
import {
  postDeploymentForDeploy,
  preDeploymentForDeploy,
  type WrittenTestReport,
} from "../skills/infra/tester/deploy-gates.js";
import type { SecurityFinding } from "../skills/infra/tester/types.js";
import { deployedHealthCheck } from "../skills/ops/monitor/deployed-health.js";
import type { PlanRecord } from "../records/plans.js";
import { oneStack } from "../core/config/stacks.js";
import { openProject } from "../skills/project.js";
import { eachStack, type EachStackData } from "../skills/infra/each-stack.js";

export type TestPhaseInput = "pre-deployment" | "post-deployment";

export interface TestChangesInput {
  env: string;
  /** --stack: the one stack tested (needed when the project has several). */
  stack?: string;
  phase: TestPhaseInput;
  plan?: string;
  pricing?: PricingMode;
  /** --var values for the plan it makes (pre-deployment, without --plan). */
  var?: PlanVariables;
}

/** --var shapes a new plan: a saved plan keeps its own values, and post-deployment checks plan nothing. */
function refuseStrayVariables(input: TestChangesInput): void {
  if (Object.keys(input.var ?? {}).length === 0) return;
  if (input.plan !== undefined) {
    throw new UserError("FLAG_CONFLICT", `--plan ${input.plan} was given with --var`, {
      suggestion: "a saved plan keeps the variables it was previewed with: give --plan alone, or --var alone",
    });
  }
  if (input.phase === "post-deployment") {
    throw new UserError("FLAG_NOT_ALLOWED", "--var was given with --phase post-deployment, which makes no plan", {
      suggestion: "give --var to the pre-deployment phase, or leave it out",
    });
  }
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

const TOP_FINDINGS = 20;

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
      ...(Array.isArray(f.also) ? { also: f.also.map(String) } : {}),
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

/**
 * test-changes on --stack, or (without --plan, which is one stack's) on every stack in order, with
 * the worst stack's verdict.
 */
export function testEachStack(
  ctx: Context,
  input: TestChangesInput,
): Promise<CommandResult<TestChangesData | EachStackData<TestChangesData>>> {
  refuseStrayVariables(input);
  if (input.plan !== undefined) return testChanges(ctx, input);
  return eachStack(ctx, input, ["fail", "warn", "not_deployed", "pass"], (stack) =>
    testChanges(ctx, { ...input, ...(stack === undefined ? {} : { stack }) }),
  );
}

/** test-changes on one stack: --stack, or the only one. */
export async function testChanges(ctx: Context, input: TestChangesInput): Promise<CommandResult<TestChangesData>> {
  refuseStrayVariables(input);
  const project = await openProject(ctx);
  const infra = await openInfra(project, input.env, oneStack(project.config, input.stack, "infra test-changes"));
  const env = infra.env.name;
  let report: WrittenTestReport | undefined;
  if (input.phase === "pre-deployment") {
    const accountCheck = guardAccount(project, infra);
    accountCheck.catch(() => undefined);
    let record: PlanRecord;
    let prepare = false;
    if (input.plan !== undefined) {
      await accountCheck;
      record = await loadPending<PlanRecord>(
        project,
        env,
        input.plan,
        "deploy",
        `preview again: devops infra preview-changes --env ${env}`,
      );
      // The engine's folder is prepared only if the plan's kept JSON is gone (preDeploymentForDeploy).
      prepare = true;
    } else {
      const progress = ctx.io.progress(`planning ${env}`);
      try {
        const scope = planScopeOf(input);
        record = (
          await previewChanges(project, infra, accountCheck, {
            kind: "deploy",
            ...(scope === undefined ? {} : { scope }),
            ...planVariablesOf(input),
          })
        ).record;
        progress.done(`planned ${env}`);
      } catch (error) {
        progress.fail(`planning ${env} failed`);
        throw error;
      }
    }
    const progress = ctx.io.progress(`testing plan ${record.id}`);
    report = await preDeploymentForDeploy(project, infra, record, {
      prepare,
      ...(input.pricing === undefined ? {} : { pricing: input.pricing }),
    });
    progress.done(`${env}: ${report.overall_status}`);
  } else {
    await guardAccount(project, infra);
    await infra.iac.prepare(project, infra.target);
    report = await postDeploymentForDeploy(project, infra, {}, { healthCheck: deployedHealthCheck(project, infra) });
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
