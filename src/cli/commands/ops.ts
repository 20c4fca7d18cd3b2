// `devops ops …`: option schemas and wiring of the runtime operations commands.
import type { Command } from "commander";
import * as z from "zod";
import { renderAudit } from "../render/ops-audit.js";
import { renderHealth, renderPerformance } from "../render/ops-health.js";
import { renderInvestigation, renderLogs } from "../render/ops-logs.js";
import { renderRemediation } from "../render/ops-remediate.js";
import { terminalApprover } from "../approval.js";
import { ConfirmCode, Env, PlanId } from "../options.js";
import { runCommand, type Runtime } from "../run.js";

const health = () => import("../../managers/ops-health.js");
const logs = () => import("../../managers/ops-logs.js");
const responder = () => import("../../managers/ops-remediate.js");
const auditor = () => import("../../managers/ops-audit.js");

const Service = z.string().trim().min(1, "must name a deployed resource").optional();
const Timeframe = z.string().trim().min(1, "must be a timeframe such as 30m, 2h, 7d or an ISO range");

const HealthOptions = z.object({ env: Env, service: Service });
const LogsOptions = z.object({
  env: Env,
  service: Service,
  filter: z.string().optional(),
  timeframe: Timeframe.default("1h"),
  limit: z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(10_000, "must be at most 10000")
    .default(200),
});
const InvestigateOptions = z.object({ env: Env, service: Service, timeframe: Timeframe.default("2h") });
const PerformanceOptions = z.object({
  env: Env,
  service: Service,
  timeframe: Timeframe.default("24h"),
  metric: z.string().trim().min(1).optional(),
  chart: z.string().min(1).optional(),
});
const RemediateOptions = z.object({
  env: Env,
  service: z.string().trim().min(1, "must name a deployed resource"),
  action: z.enum(["restart", "scale", "rollback"], { error: "must be restart, scale or rollback" }),
  count: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").max(10_000).optional(),
  plan: PlanId.optional(),
  confirm: ConfirmCode.optional(),
});
const AuditOptions = z.object({
  env: Env,
  focus: z.enum(["cost", "security", "compliance"], { error: "must be cost, security or compliance" }).optional(),
});

export function registerOpsCommands(program: Command, runtime: Runtime): void {
  const group = program
    .command("ops")
    .description("runtime operations: health, logs, investigations, performance, remediation, audits");

  group
    .command("check-health")
    .description(
      "health of the deployed resources from CloudWatch metrics and status calls (exit 4 when anything is UNHEALTHY)",
    )
    .requiredOption("--env <environment>", "environment name or word")
    .option("--service <name>", "one deployed resource (name, address, or part of the name)")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        HealthOptions,
        async (ctx, input) => (await health()).checkHealth(ctx, input),
        renderHealth,
      );
    });

  group
    .command("query-logs")
    .description("CloudWatch Logs of the deployed resources, filtered and bounded")
    .requiredOption("--env <environment>", "environment name or word")
    .option("--service <name>", "one deployed resource")
    .option("--filter <pattern>", 'CloudWatch Logs filter pattern, e.g. ERROR or "Database timeout"')
    .option("--timeframe <window>", "30m, 2h, 24h, 7d, an ISO instant or range", "1h")
    .option("--limit <n>", "most events to return", "200")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        LogsOptions,
        async (ctx, input) => (await logs()).queryLogs(ctx, input),
        renderLogs,
      );
    });

  group
    .command("investigate")
    .description(
      "a timeline of deployments, alarms, service events, versions and clustered errors, with ranked root-cause hypotheses",
    )
    .requiredOption("--env <environment>", "environment name or word")
    .option("--service <name>", "one deployed resource")
    .option("--timeframe <window>", "window to investigate", "2h")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        InvestigateOptions,
        async (ctx, input) => (await logs()).investigate(ctx, input),
        renderInvestigation,
      );
    });

  group
    .command("analyze-performance")
    .description("statistics (p95/p99 where available), trend, anomalies and recommendations")
    .requiredOption("--env <environment>", "environment name or word")
    .option("--service <name>", "one deployed resource")
    .option("--timeframe <window>", "window to analyse", "24h")
    .option("--metric <name>", "one metric, e.g. Duration or CPUUtilization")
    .option("--chart <file.svg>", "also draw the series as an SVG chart")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        PerformanceOptions,
        async (ctx, input) => (await health()).analyzePerformance(ctx, input),
        renderPerformance,
      );
    });

  group
    .command("remediate")
    .description(
      "restart, scale or roll back a service; risky actions and protected environments need a plan-bound approval",
    )
    .requiredOption("--env <environment>", "environment name or word")
    .requiredOption("--service <name>", "the deployed resource to act on")
    .requiredOption("--action <action>", "restart | scale | rollback")
    .option("--count <n>", "for scale: desired tasks (ECS) or reserved concurrency (Lambda)")
    .option("--plan <id>", "the remediation plan the confirmation code was issued for")
    .option("--confirm <code>", "the code printed when the remediation asked for confirmation")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        RemediateOptions,
        async (ctx, input, host) => {
          const approver = terminalApprover(host);
          return (await responder()).remediate(ctx, approver === undefined ? input : { ...input, approver });
        },
        renderRemediation,
      );
    });

  group
    .command("audit")
    .description(
      "cost, security and compliance checks, each pass / warn / fail with a recommendation (exit 4 on failures)",
    )
    .requiredOption("--env <environment>", "environment name or word")
    .option("--focus <area>", "cost | security | compliance (default: all three)")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        AuditOptions,
        async (ctx, input) => (await auditor()).audit(ctx, input),
        renderAudit,
      );
    });
}
