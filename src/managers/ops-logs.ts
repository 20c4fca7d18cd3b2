// query-logs and investigate (the ops-investigator skill's workflows): open the environment, resolve
// its log groups, read bounded logs; or gather an incident's evidence, rank hypotheses and write the
// incident report. An investigation is information: it exits 0 whatever it finds.
import { commandLine } from "../core/commands/command-line.js";
import type { Context } from "../core/context.js";
import type { CommandResult, NextStep } from "../core/result.js";
import { parseTimeframe } from "../core/timeframe.js";
import { writeIncident, type Incident } from "../records/incident.js";
import { investigate as runInvestigation } from "../skills/ops/investigator/investigator.js";
import { findLogTargets, type UnresolvedLogs } from "../skills/ops/investigator/log-groups.js";
import { searchLogs, type GroupOutcome, type ReturnedEvent } from "../skills/ops/investigator/log-search.js";
import { openOps } from "../skills/ops/target.js";
import { openProject } from "../skills/project.js";

export interface LogsInput {
  env: string;
  service?: string;
  filter?: string;
  timeframe: string;
  limit: number;
}

export interface InvestigateInput {
  env: string;
  service?: string;
  timeframe: string;
}

export interface LogsData {
  environment: string;
  service?: string;
  window: { start: string; end: string; startMs: number; endMs: number };
  filter?: string;
  limit: number;
  logGroups: GroupOutcome[];
  unresolved: UnresolvedLogs[];
  /** Oldest first (newest last). */
  events: ReturnedEvent[];
  returned: number;
  truncated: boolean;
  /** A lower bound of matching events not returned. */
  more: number;
  counts: { error: number; warning: number; info: number };
}

function windowOf(range: { startMs: number; endMs: number }) {
  return { start: new Date(range.startMs).toISOString(), end: new Date(range.endMs).toISOString(), ...range };
}

export async function queryLogs(ctx: Context, input: LogsInput): Promise<CommandResult<LogsData>> {
  const project = await openProject(ctx);
  const ops = await openOps(project, input.env);
  const range = parseTimeframe(input.timeframe, project.clock.now().getTime());
  const env = ops.env.name;
  const filter = input.filter === undefined || input.filter.trim() === "" ? undefined : input.filter;
  const { targets, unresolved } = await findLogTargets(ops, project.config.monitoring.log_groups, input.service);
  const found = await searchLogs(ops.services.logs, targets, {
    ...range,
    limit: input.limit,
    ...(filter === undefined ? {} : { filterPattern: filter }),
  });

  const { service } = input;
  const next: NextStep[] = [];
  if (targets.length === 0)
    next.push({
      command: commandLine("infra show-resources", { env }),
      why: "no Lambda function, ECS service or log group is recorded; check what is deployed",
    });
  if (found.truncated)
    next.push({
      command: commandLine("ops query-logs", { env, service, filter: "ERROR", timeframe: "30m" }),
      why: `${found.more}+ more events matched; narrow the filter or the timeframe (events are the oldest of the window)`,
    });
  if (found.counts.error > 0)
    next.push({
      command: commandLine("ops investigate", { env, service }),
      why: `${found.counts.error} error events: correlate them with deployments, alarms and changes`,
    });

  return {
    status: targets.length === 0 ? "no_log_groups" : found.events.length === 0 ? "no_events" : "found",
    environment: env,
    data: {
      environment: env,
      ...(input.service === undefined ? {} : { service: input.service }),
      window: windowOf(range),
      ...(filter === undefined ? {} : { filter }),
      limit: input.limit,
      logGroups: found.groups,
      unresolved,
      events: found.events,
      returned: found.events.length,
      truncated: found.truncated,
      more: found.more,
      counts: found.counts,
    },
    next,
  };
}

export interface InvestigationData {
  incident: Incident;
  report: { json: string; markdown?: string };
}

export async function investigate(ctx: Context, input: InvestigateInput): Promise<CommandResult<InvestigationData>> {
  const project = await openProject(ctx);
  const ops = await openOps(project, input.env);
  const now = project.clock.now();
  const range = parseTimeframe(input.timeframe, now.getTime());
  const progress = ctx.io.progress(`investigating ${ops.env.name}`);
  let incident: Incident;
  try {
    incident = await runInvestigation(project, ops, {
      ...(input.service === undefined ? {} : { service: input.service }),
      window: range,
    });
    progress.done(`investigated ${ops.env.name}`);
  } catch (error) {
    progress.fail(`investigating ${ops.env.name} failed`);
    throw error;
  }
  const report = await writeIncident(project.paths.stateDir, incident, now);

  const env = ops.env.name;
  const { service } = input;
  const top = incident.hypotheses[0];
  const next: NextStep[] = [];
  if (top?.kind === "deployment" && input.service !== undefined)
    next.push({
      command: commandLine("ops remediate", { env, service, action: "rollback" }),
      why: "the errors began after a deployment; rolling back needs a human's confirmation",
    });
  if (incident.clusters.length > 0)
    next.push({
      command: commandLine("ops query-logs", { env, service, filter: "ERROR", timeframe: input.timeframe }),
      why: "read the error events behind the clusters",
    });
  next.push({
    command: commandLine("ops check-health", { env, service }),
    why: "see the current health of the resources",
  });

  return {
    status: incident.hypotheses.length > 0 ? "findings" : "no_findings",
    environment: env,
    data: { incident, report },
    next,
  };
}
