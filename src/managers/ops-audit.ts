// audit (the ops-auditor skill's workflow): open the environment, run the cost, security and
// compliance checks (or one --focus), write the report as JSON and markdown under
// .devops/audits/<env>/, and fail the verdict (exit 4) when any check fails.
import { commandLine } from "../core/commands/command-line.js";
import type { Context } from "../core/context.js";
import type { CommandResult, NextStep } from "../core/result.js";
import { AuditReport, renderAuditMarkdown } from "../records/audit-report.js";
import { reportStamp, writeReport } from "../records/reports.js";
import { runAudit } from "../skills/ops/auditor/auditor.js";
import { openOps } from "../skills/ops/target.js";
import { openProject } from "../skills/project.js";

export type { AuditCheck } from "../records/audit-report.js";

export interface AuditInput {
  env: string;
  focus?: "cost" | "security" | "compliance";
}

export interface AuditData extends AuditReport {
  report: { json: string; markdown?: string };
}

function nextSteps(report: AuditReport): NextStep[] {
  const env = report.environment;
  const steps: NextStep[] = [];
  if (report.scope.registryResources === 0) {
    steps.push({
      command: commandLine("infra show-resources", { env, refresh: true }),
      why: "nothing is recorded for this environment: refresh the registry (and discover tagged resources)",
    });
  }
  const failing = new Set(report.checks.filter((c) => c.status === "fail").map((c) => c.area));
  if (failing.has("security") || failing.has("compliance")) {
    steps.push({
      command: commandLine("infra preview-changes", { env }),
      why: "fix the failing checks in the Terraform code, then preview the change",
    });
  }
  if (failing.size > 0)
    steps.push({ command: commandLine("ops audit", { env }), why: "run the audit again after the fixes" });
  return steps;
}

export async function audit(ctx: Context, input: AuditInput): Promise<CommandResult<AuditData>> {
  const project = await openProject(ctx);
  const ops = await openOps(project, input.env);
  const progress = ctx.io.progress(`auditing ${ops.env.name}`);
  let report: AuditReport;
  try {
    report = AuditReport.parse(await runAudit(project, ops, input.focus === undefined ? {} : { focus: input.focus }));
    progress.done(`audited ${ops.env.name}`);
  } catch (error) {
    progress.fail(`auditing ${ops.env.name} failed`);
    throw error;
  }
  const written = await writeReport({
    stateDir: project.paths.stateDir,
    category: "audits",
    environment: ops.env.name,
    name: `${reportStamp(new Date(report.checkedAt))}-audit`,
    json: report,
    markdown: renderAuditMarkdown(report),
  });
  const status = report.summary.fail > 0 ? "failed" : report.summary.warn > 0 ? "warnings" : "passed";
  return {
    status,
    environment: ops.env.name,
    verdict: report.verdict,
    data: { ...report, report: written },
    next: nextSteps(report),
  };
}
