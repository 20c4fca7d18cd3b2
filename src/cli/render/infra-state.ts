// Human renderings of the state commands: the resources a state holds, one resource's attributes,
// and a state change (what it does, the approval it waits for, the records it rewrote).
import type { CommandResult } from "../../core/result.js";
import type {
  StateChangeApproval,
  StateChangeData,
  StateListData,
  StateShowData,
} from "../../managers/state-manager.js";
import type { CliIoHost } from "../host.js";
import { handoffLines } from "./approval.js";

type Colors = CliIoHost["colors"];

export function renderStateList(result: CommandResult<StateListData>, host: CliIoHost): string {
  const { data } = result;
  if (data.resources.length === 0) return `The state of ${data.environment} holds no resources.`;
  const width = Math.max(...data.resources.map((resource) => resource.address.length));
  return [
    `State of ${host.colors.bold(data.environment)} (account ${data.account}): ${data.resources.length} resources`,
    ...data.resources.map(
      (resource) => `  ${resource.address.padEnd(width)}  ${host.colors.dim(resource.id ?? "(no id)")}`,
    ),
  ].join("\n");
}

export function renderStateShow(result: CommandResult<StateShowData>, host: CliIoHost): string {
  const { resource } = result.data;
  return [
    `${host.colors.bold(resource.address)} (${resource.type}, ${resource.providerName})`,
    ...Object.entries(resource.values).map(([key, value]) => `  ${key} = ${JSON.stringify(value)}`),
  ].join("\n");
}

const TITLES = {
  state_rm: "forget resources in the state of",
  state_mv: "move a resource in the state of",
  state_import: "import a resource into the state of",
  state_unlock: "release the state lock of",
} as const;

/** What a person reads before approving a state change at the terminal. */
export function stateChangeBanner(request: StateChangeApproval, c: Colors): string {
  const title = request.prodLike
    ? `WARNING: about to ${TITLES[request.kind]} PRODUCTION (${request.environment})`
    : `About to ${TITLES[request.kind]} ${request.environment}`;
  const rule = "═".repeat(Math.max(40, title.length));
  return [c.yellow(rule), c.yellow(c.bold(title)), c.yellow(rule), "", `  ${request.description}`, ""].join("\n");
}

export function renderStateChange(result: CommandResult<StateChangeData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  const mark = { passed: c.green("✓"), done: c.green("✓"), skipped: c.dim("–"), failed: c.red("✗") };
  const lines = [
    `State change of ${c.bold(data.environment)} (account ${data.account}): ${data.description}`,
    ...data.steps.map(
      (step) =>
        `  ${mark[step.status as keyof typeof mark] ?? c.yellow("…")} ${step.name}${step.detail === undefined ? "" : c.dim(`  ${step.detail}`)}`,
    ),
    "",
  ];
  if (result.status === "needs_confirmation" && data.approval !== undefined) {
    lines.push(
      c.yellow(c.bold(`"${data.environment}" requires a person's approval of this change. Nothing has been changed.`)),
      ...handoffLines(data.approval, c),
    );
  } else if (result.status === "cancelled") {
    lines.push(c.yellow("Cancelled: nothing was changed."));
  } else if (data.registry !== undefined) {
    lines.push(
      `Registry: ${data.registry.path} (${data.registry.resources} resources)`,
      `DEPLOYED.md: ${data.registry.deployedMd}`,
    );
  }
  return lines.join("\n").trimEnd();
}
