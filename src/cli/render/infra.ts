// Human renderings of the infrastructure commands: the seed's `+ ~ -` plan symbols, destructive
// changes first, the approval banner, resources grouped by type.
import type { PlanSummary, ResourceChange } from "../../core/handler-contract.js";
import type { CommandResult } from "../../core/result.js";
import type { ChangeData } from "../../managers/deploy-manager.js";
import type { LastChange, PreviewData, ResourcesData, StatusData, ValidateData } from "../../managers/infra-manager.js";
import type { CliIoHost } from "../host.js";
import { handoffLines } from "./approval.js";

type Colors = CliIoHost["colors"];

const SYMBOL: Record<string, string> = {
  create: "+",
  update: "~",
  delete: "-",
  replace: "-/+",
  read: "<=",
  "no-op": " ",
};

function changeLine(change: ResourceChange, c: Colors): string {
  const paint =
    { create: c.green, update: c.yellow, delete: c.red, replace: c.magenta }[change.action as "create"] ??
    ((s: string) => s);
  const why =
    change.replacePaths !== undefined
      ? ` (replaced because ${change.replacePaths.join(", ")} changed)`
      : change.changedAttributes !== undefined
        ? ` (${change.changedAttributes.join(", ")})`
        : "";
  return `  ${paint(`${SYMBOL[change.action]!.padEnd(3)} ${change.address}`)}${c.dim(why)}`;
}

/** A narrowed or forced plan says so first: it is not the whole configuration. */
function scopeLines(summary: PlanSummary, c: Colors): string[] {
  const { scope } = summary;
  if (scope === undefined) return [];
  const lines: string[] = [];
  if (scope.targets.length > 0)
    lines.push(c.yellow(c.bold(`Targeted plan: only ${scope.targets.join(", ")} (and what they depend on)`)));
  if (scope.replace.length > 0) lines.push(c.yellow(`Forced replacement: ${scope.replace.join(", ")}`));
  if (!scope.refresh) lines.push(c.yellow("Not refreshed: the real resources were not read (--refresh=false)"));
  if ((scope.variables ?? []).length > 0)
    lines.push(`Variables set with --var: ${(scope.variables ?? []).join(", ")} (values not shown)`);
  return [...lines, ""];
}

export function renderPlanSummary(summary: PlanSummary, c: Colors): string {
  const scope = scopeLines(summary, c);
  if (!summary.hasChanges && summary.drift.length === 0)
    return [...scope, "No changes. The infrastructure matches the configuration."].join("\n");
  const lines: string[] = [...scope];
  if (summary.destructive.length > 0) {
    lines.push(c.red(c.bold(`Destructive changes (${summary.destructive.length}):`)));
    for (const change of summary.destructive) lines.push(changeLine(change, c));
    lines.push("");
  }
  const others = summary.changes.filter((change) => change.action !== "delete" && change.action !== "replace");
  if (others.length > 0) {
    lines.push("Changes:");
    for (const change of others) lines.push(changeLine(change, c));
    lines.push("");
  }
  if (summary.imports !== undefined && summary.imports.length > 0) {
    lines.push(`Imports (${summary.imports.length}):`);
    for (const entry of summary.imports) lines.push(`  ${c.cyan("<-")}  ${entry.address} ${c.dim(`(id ${entry.id})`)}`);
    lines.push("");
  }
  if (summary.outputs.length > 0)
    lines.push(`Outputs: ${summary.outputs.map((o) => `${SYMBOL[o.action]} ${o.name}`).join(", ")}`);
  if (summary.drift.length > 0) {
    lines.push(c.yellow(`Drift (changed outside Terraform): ${summary.drift.length}`));
    for (const change of summary.drift)
      lines.push(
        `  ${c.yellow("!")} ${change.address}${change.changedAttributes === undefined ? "" : c.dim(` (${change.changedAttributes.join(", ")})`)}`,
      );
  }
  const { create, update, delete: del, replace } = summary.counts;
  lines.push(
    c.bold(
      `Plan: ${c.green(`+${create} to add`)}, ${c.yellow(`~${update} to change`)}, ${c.red(`-${del} to destroy`)}, ${c.magenta(`-/+${replace} to replace`)}.`,
    ),
  );
  return lines.join("\n");
}

/** A preview over several stacks: a section per stack in apply order, then the totals. */
function renderStacksPreview(data: PreviewData, stacks: NonNullable<PreviewData["stacks"]>, host: CliIoHost): string {
  const c = host.colors;
  const lines = [
    `Preview of ${c.bold(data.environment)} (account ${data.account}), ${stacks.length} stacks in apply order`,
    "",
  ];
  for (const stack of stacks) {
    lines.push(c.bold(`── stack ${stack.stack} ──`));
    if (stack.summary !== undefined) lines.push(renderPlanSummary(stack.summary, c));
    if (stack.detail !== undefined) lines.push(c.yellow(`not planned yet: ${stack.detail}`));
    if (stack.planId !== undefined)
      lines.push(c.dim(`plan ${stack.planId} · hash ${(stack.planHash ?? "").slice(0, 12)}`));
    lines.push("");
  }
  const t = data.summary.counts;
  lines.push(
    c.bold(`Total: ${t.create} to create, ${t.update} to change, ${t.replace} to replace, ${t.delete} to destroy`),
  );
  if (data.planId !== "")
    lines.push(
      c.dim(
        `set ${data.planId} · hash ${data.planHash.slice(0, 12)} · expires ${data.expiresAt} (one approval covers every stack)`,
      ),
    );
  return lines.join("\n");
}

export function renderPreview(result: CommandResult<PreviewData>, host: CliIoHost): string {
  const { data } = result;
  if (data.stacks !== undefined) return renderStacksPreview(data, data.stacks, host);
  return [
    `Preview of ${host.colors.bold(data.environment)} (account ${data.account})`,
    "",
    renderPlanSummary(data.summary, host.colors),
    "",
    host.colors.dim(`plan ${data.planId} · hash ${data.planHash.slice(0, 12)} · expires ${data.expiresAt}`),
    ...(data.statesElsewhere === undefined
      ? []
      : [
          "",
          host.colors.red(
            host.colors.bold("WARNING: this plan creates everything from an empty state; existing state is known at:"),
          ),
          ...data.statesElsewhere.map(
            (state) => `  ${state.location}${state.resources === undefined ? "" : ` (${state.resources} resources)`}`,
          ),
          host.colors.red("deploy refuses this plan without --allow-empty-state"),
        ]),
  ].join("\n");
}

export function approvalBanner(
  input: { kind: string; environment: string; prodLike: boolean; summary: PlanSummary },
  c: Colors,
): string {
  const verb = input.kind === "deploy" ? "deploy to" : "destroy";
  const title = input.prodLike
    ? `WARNING: about to ${verb} PRODUCTION (${input.environment})`
    : `About to ${verb} ${input.environment}`;
  const rule = "═".repeat(Math.max(40, title.length));
  return [c.yellow(rule), c.yellow(c.bold(title)), c.yellow(rule), "", renderPlanSummary(input.summary, c), ""].join(
    "\n",
  );
}

function steps(data: ChangeData, c: Colors): string[] {
  const mark = {
    passed: c.green("✓"),
    done: c.green("✓"),
    skipped: c.dim("–"),
    not_available: c.dim("–"),
    failed: c.red("✗"),
    waiting: c.yellow("…"),
  };
  return data.steps.map(
    (step) => `  ${mark[step.status]} ${step.name}${step.detail === undefined ? "" : c.dim(`  ${step.detail}`)}`,
  );
}

export function renderChange(result: CommandResult<ChangeData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  const lines = [
    `${result.status === "destroyed" ? "Teardown" : "Deployment"} of ${c.bold(data.environment)} (account ${data.account})`,
    ...steps(data, c),
    "",
  ];
  if (data.stacks !== undefined) {
    for (const stack of data.stacks) {
      const mark = ["applied", "destroyed", "no_changes"].includes(stack.status)
        ? c.green("✓")
        : stack.status === "failed"
          ? c.red("✗")
          : c.dim("·");
      lines.push(
        `${mark} stack ${c.bold(stack.stack)}: ${stack.status}${stack.detail === undefined ? "" : ` (${stack.detail})`}`,
      );
      if (stack.summary !== undefined && stack.status === "planned") lines.push(renderPlanSummary(stack.summary, c));
    }
    lines.push("");
  }
  if (data.summary !== undefined) lines.push(renderPlanSummary(data.summary, c), "");
  if (result.status === "needs_confirmation" && data.approval !== undefined) {
    lines.push(
      c.yellow(
        c.bold(`"${data.environment}" requires a person's approval of the plan above. Nothing has been changed.`),
      ),
      ...handoffLines(data.approval, c),
    );
  } else if (result.status === "no_changes") {
    lines.push("Nothing to apply.");
  } else if (result.status === "cancelled") {
    lines.push(c.yellow("Cancelled: nothing was changed."));
  } else if (data.verification !== undefined) {
    const v = data.verification;
    lines.push(
      v.verified
        ? c.green(`Verified: ${v.resources} resources in state.`)
        : c.red(
            `Verification failed: missing ${v.missing.join(", ") || "none"}; still present ${v.remaining.join(", ") || "none"}.`,
          ),
    );
    if (data.backup !== undefined) lines.push(`State backup: ${data.backup}`);
    if (data.registry !== undefined)
      lines.push(`Registry: ${data.registry.path}`, `DEPLOYED.md: ${data.registry.deployedMd}`);
    if (data.outputs !== undefined && data.outputs.length > 0) {
      lines.push("", "Outputs:");
      for (const output of data.outputs)
        lines.push(
          `  ${output.name} = ${output.sensitive ? c.dim(String(output.value)) : typeof output.value === "string" ? output.value : JSON.stringify(output.value)}`,
        );
    }
  }
  return lines.join("\n").trimEnd();
}

export function renderValidation(result: CommandResult<ValidateData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  const head = data.valid
    ? c.green(`✓ ${data.environment}: Terraform configuration is valid`)
    : c.red(`✗ ${data.environment}: problems found`);
  const lines = [head, c.dim(`  ${data.directory}; ${data.checkedResources} planned resources checked`)];
  for (const finding of data.findings) {
    const where =
      finding.file !== undefined
        ? ` ${finding.file}:${finding.line}`
        : finding.address !== undefined
          ? ` ${finding.address}`
          : "";
    lines.push(
      `  ${finding.severity === "error" ? c.red("error") : c.yellow("warning")} [${finding.rule}]${c.dim(where)} ${finding.message}`,
    );
  }
  return lines.join("\n");
}

/** What the records say about a last change that did not end well; nothing when it did. */
function unfinishedLines(data: LastChange, c: Colors): string[] {
  const lines: string[] = [];
  const last = data.lastDeployment;
  if (last?.outcome === "failed")
    lines.push(
      c.red(
        `  the last ${last.kind} failed at ${last.at}${last.plan_id === undefined ? "" : ` (plan ${last.plan_id})`}${last.error === undefined ? "" : `: ${last.error.message}`}`,
      ),
    );
  const open = data.interrupted;
  if (open !== undefined)
    lines.push(
      c.yellow(
        `  a ${open.kind} started at ${open.started_at}${open.plan_id === undefined ? "" : ` (plan ${open.plan_id})`} has no recorded end: it was interrupted, or is still running`,
      ),
    );
  return lines;
}

export function renderResources(result: CommandResult<ResourcesData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  if (data.registry === undefined)
    return [`Nothing is recorded as deployed in ${data.environment}.`, ...unfinishedLines(data, c)].join("\n");
  const registry = data.registry;
  const deployed =
    registry.last_deployed === undefined
      ? "never deployed by devops (read from the Terraform state)"
      : `last deployed ${registry.last_deployed}`;
  const lines = [
    `${c.bold(data.environment)}: ${registry.resources.length} resources, ${deployed}`,
    ...unfinishedLines(data, c),
  ];
  const types = [...new Set(registry.resources.map((r) => r.type))].sort();
  for (const type of types) {
    lines.push("", c.bold(type));
    for (const resource of registry.resources.filter((r) => r.type === type)) {
      lines.push(`  ${resource.name ?? resource.terraform_address}  ${c.dim(resource.terraform_address)}`);
      if (resource.arn !== undefined && resource.arn !== null) lines.push(`    ${resource.arn}`);
      if (resource.console_url !== undefined && resource.console_url !== null)
        lines.push(`    ${c.cyan(resource.console_url)}`);
    }
  }
  if (data.discovered !== undefined && data.discovered.length > 0) {
    lines.push("", c.bold(`Discovered by tags, not in the Terraform state (${data.discovered.length}):`));
    for (const resource of data.discovered)
      lines.push(`  ${resource.name}  ${c.dim(resource.type ?? resource.kind)}`, `    ${resource.arn}`);
  } else if (data.discovered !== undefined) {
    lines.push("", c.dim("No tagged resources outside the Terraform state."));
  }
  if (data.discoveryError !== undefined) lines.push("", c.yellow(`Discovery by tags failed: ${data.discoveryError}`));
  lines.push("", c.dim(`DEPLOYED.md: ${data.deployedMd}`));
  return lines.join("\n");
}

export function renderStatus(result: CommandResult<StatusData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  const label = {
    in_sync: c.green("in sync"),
    changes_pending: c.yellow("changes pending"),
    drift: c.red("drift detected"),
    locked: c.red("state locked"),
  }[data.state];
  const lines = [`${c.bold(data.environment)} (account ${data.account}): ${label}`];
  const last = data.lastDeployment;
  lines.push(
    last === undefined
      ? "  no deployment recorded"
      : `  last ${last.kind}: ${last.at} by ${last.actor}, ${last.outcome}${last.plan_id === undefined ? "" : ` (plan ${last.plan_id})`}`,
  );
  if (last?.error !== undefined) lines.push(c.red(`  ${last.error.code}: ${last.error.message}`));
  lines.push(...unfinishedLines({ ...(data.interrupted === undefined ? {} : { interrupted: data.interrupted }) }, c));
  lines.push(`  resources recorded: ${data.resources}`);
  if (data.lock !== undefined) lines.push(`  lock: ${data.lock.id ?? "(id unknown)"}: ${data.lock.message}`);
  if (data.summary !== undefined && data.state !== "in_sync") lines.push("", renderPlanSummary(data.summary, c));
  return lines.join("\n");
}
