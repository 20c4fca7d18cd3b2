// `devops ops …`: runtime operations on what is deployed.
import * as z from "zod";
import { declare } from "./define.js";
import { ENV, OptionalService, PlanId, Timeframe } from "./values.js";

const SERVICE = { schema: OptionalService, value: "name", help: "one deployed resource" } as const;

export const OPS_COMMANDS = [
  declare({
    path: "ops check-health",
    description:
      "health of the deployed resources from CloudWatch metrics and status calls (exit 4 when anything is UNHEALTHY)",
    flags: {
      env: ENV,
      service: { ...SERVICE, help: "one deployed resource (name, address, or part of the name)" },
    },
    mutates: false,
    route: { name: "check-health", manager: "ops" },
    markdown: true,
  }),
  declare({
    path: "ops query-logs",
    description: "CloudWatch Logs of the deployed resources, filtered and bounded",
    flags: {
      env: ENV,
      service: SERVICE,
      filter: {
        schema: z.string().optional(),
        value: "pattern",
        help: 'CloudWatch Logs filter pattern, e.g. ERROR or "Database timeout"',
      },
      timeframe: {
        schema: Timeframe.default("1h"),
        value: "window",
        help: "30m, 2h, 24h, 7d, an ISO instant or range",
        showDefault: true,
      },
      limit: {
        schema: z.coerce
          .number()
          .int("must be a whole number")
          .min(1, "must be at least 1")
          .max(10_000, "must be at most 10000")
          .default(200),
        value: "n",
        help: "most events to return",
        showDefault: true,
      },
    },
    mutates: false,
    route: { name: "query-logs", manager: "ops" },
    markdown: true,
  }),
  declare({
    path: "ops investigate",
    description:
      "a timeline of deployments, alarms, service events, versions and clustered errors, with ranked root-cause hypotheses",
    flags: {
      env: ENV,
      service: SERVICE,
      timeframe: { schema: Timeframe.default("2h"), value: "window", help: "window to investigate", showDefault: true },
    },
    mutates: false,
    route: { name: "investigate", manager: "ops" },
    markdown: true,
  }),
  declare({
    path: "ops analyze-performance",
    description: "statistics (p95/p99 where available), trend, anomalies and recommendations",
    flags: {
      env: ENV,
      service: SERVICE,
      timeframe: { schema: Timeframe.default("24h"), value: "window", help: "window to analyse", showDefault: true },
      metric: {
        schema: z.string().trim().min(1).optional(),
        value: "name",
        help: "one metric, e.g. Duration or CPUUtilization",
      },
      chart: { schema: z.string().min(1).optional(), value: "file.svg", help: "also draw the series as an SVG chart" },
    },
    mutates: false,
    route: { name: "analyze-performance", manager: "ops" },
    markdown: true,
  }),
  declare({
    path: "ops remediate",
    description:
      "restart, scale or roll back a service; risky actions and protected environments need a plan-bound approval",
    flags: {
      env: ENV,
      service: {
        schema: z.string().trim().min(1, "must name a deployed resource"),
        value: "name",
        help: "the deployed resource to act on",
      },
      action: {
        schema: z.enum(["restart", "scale", "rollback"], { error: "must be restart, scale or rollback" }),
        value: "action",
        help: "restart | scale | rollback",
      },
      count: {
        schema: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").max(10_000).optional(),
        value: "n",
        help: "for scale: desired tasks (ECS) or reserved concurrency (Lambda)",
      },
      plan: {
        schema: PlanId.optional(),
        value: "id",
        help: "apply this saved remediation once a person has signed its approval",
      },
    },
    mutates: true,
    route: { name: "remediate", manager: "ops" },
    markdown: true,
  }),
  declare({
    path: "ops audit",
    description:
      "cost, security and compliance checks, each pass / warn / fail with a recommendation (exit 4 on failures)",
    flags: {
      env: ENV,
      focus: {
        schema: z
          .enum(["cost", "security", "compliance"], { error: "must be cost, security or compliance" })
          .optional(),
        value: "area",
        help: "cost | security | compliance (default: all three)",
      },
    },
    mutates: false,
    route: { name: "audit", manager: "ops" },
    markdown: true,
  }),
] as const;
