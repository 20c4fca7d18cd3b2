// The deploy workflow's test gates: pre-deployment tests (security, cost, naming, tagging) between the
// preview and the approval — a FAIL stops the deploy before anyone is asked — and post-deployment
// tests after the records, whose failure is recorded in the debugger's issue log.
import type { ProjectContext } from "../core/context.js";
import { ProviderError } from "../core/errors.js";
import type { StateResource } from "../core/handler-contract.js";
import type { PlanRecord } from "../records/plans.js";
import type { Registry } from "../records/registry.js";
import { diagnoseFailure } from "../skills/infra/debugger/failure.js";
import { failureSummary } from "../skills/infra/tester/post-deployment.js";
import type { Infra } from "../skills/infra/target.js";
import type { Step } from "./deploy-manager.js";
import type { WrittenTestReport } from "./infra-test.js";

export interface TestsSummary {
  phase: "pre-deployment" | "post-deployment";
  overall_status: "PASS" | "WARN" | "FAIL";
  report_path: string;
  failed: number;
  critical_issues: number;
  reason: string;
  findings: { rule: string; severity: string; address: string; title: string }[];
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
    findings: report.findings
      .slice(0, TOP_FINDINGS)
      .map((f) => ({ rule: f.rule, severity: f.severity, address: f.address, title: f.title })),
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
    const { preDeploymentForDeploy } = await import("./infra-test.js");
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
): Promise<TestsSummary | undefined> {
  const { postDeploymentForDeploy } = await import("./infra-test.js");
  const report = await postDeploymentForDeploy(project, infra, recorded, { plan: record, state });
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
