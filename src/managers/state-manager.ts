// `devops infra state list|show|rm|mv`, `infra import` and `infra unlock`: Terraform's escape hatches
// with deploy's safety. Reads go through the account and target guards; every change is planned as a
// spec (what it touches, the state version it was computed from), approved through the one approval
// component where the environment requires it, applied once, and recorded (registry, DEPLOYED.md,
// history) from the state that results.
import { commandLine } from "../core/commands/command-line.js";
import { ResourceAddress } from "../core/commands/values.js";
import type { Context, ProjectContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import type { CallerIdentity, StateResource } from "../core/handler-contract.js";
import { redactDeep } from "../core/redact.js";
import type { CommandResult } from "../core/result.js";
import type { ActionPlanRecord } from "../records/plans.js";
import { decide, handoffSteps, reuse } from "../skills/approval/flow.js";
import { checkRecordsWritable } from "../skills/infra/documenter.js";
import {
  planStateChange,
  type StateChangeKind,
  type StateChangeRequest,
  type StateChangeSpec,
} from "../skills/infra/state-surgery.js";
import { guardAccount, openInfra, type Infra } from "../skills/infra/target.js";
import { openProject } from "../skills/project.js";
import type { PlanVariables } from "../core/handler-contract.js";
import { oneStack } from "../core/config/stacks.js";
import { guardTarget } from "../skills/protected-target.js";
import {
  changeResult,
  COMMAND_OF,
  stateAction,
  type Flow,
  type StateApprover,
  type StateChangeData,
} from "./state-manager/action.js";

export type { StateChangeKind, StateChangeSpec } from "../skills/infra/state-surgery.js";
export type { StateApprover, StateChangeApproval, StateChangeData } from "./state-manager/action.js";

export interface StateListData {
  environment: string;
  account: string;
  resources: Array<{ address: string; type: string; id: string | null }>;
}

export interface StateShowData {
  environment: string;
  account: string;
  resource: StateResource;
}

/** The environment opened, its account checked and its state target guarded; the engine ready. */
async function openGuarded(
  ctx: Context,
  env: string,
  stack: string | undefined,
  command: string,
): Promise<{ project: ProjectContext; infra: Infra; identity: CallerIdentity }> {
  const project = await openProject(ctx);
  const infra = await openInfra(project, env, oneStack(project.config, stack, command));
  const identity = await guardAccount(project, infra);
  await guardTarget(project, infra.env, infra.iac, identity.account, identity.arn);
  await infra.iac.prepare(project, infra.target);
  return { project, infra, identity };
}

function idOf(resource: StateResource): string | null {
  const id = resource.values.id;
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
}

export async function stateList(
  ctx: Context,
  input: { env: string; stack?: string },
): Promise<CommandResult<StateListData>> {
  const { project, infra, identity } = await openGuarded(ctx, input.env, input.stack, "infra state list");
  const resources = (await infra.iac.state(project, infra.target)).map((resource) => ({
    address: resource.address,
    type: resource.type,
    id: idOf(resource),
  }));
  const env = infra.env.name;
  return {
    status: resources.length === 0 ? "empty" : "listed",
    environment: env,
    data: { environment: env, account: identity.account, resources },
    next: [],
  };
}

export async function stateShow(
  ctx: Context,
  input: { env: string; stack?: string; address: string },
): Promise<CommandResult<StateShowData>> {
  const { project, infra, identity } = await openGuarded(ctx, input.env, input.stack, "infra state show");
  const resources = await infra.iac.state(project, infra.target);
  const resource = resources.find((candidate) => candidate.address === input.address);
  const env = infra.env.name;
  if (resource === undefined) {
    throw new UserError("STATE_ADDRESS_UNKNOWN", `"${input.address}" is not in the state of "${env}"`, {
      suggestion: `list what it holds: ${commandLine("infra state list", { env })}`,
      details: { address: input.address },
    });
  }
  return {
    status: "shown",
    environment: env,
    data: { environment: env, account: identity.account, resource: redactDeep(resource) },
    next: [],
  };
}

interface ChangeInput {
  env: string;
  stack?: string;
  plan?: string;
  approver?: StateApprover;
}

async function changeState(
  ctx: Context,
  input: ChangeInput,
  kind: StateChangeKind,
  request: StateChangeRequest | undefined,
): Promise<CommandResult<StateChangeData>> {
  const started = Date.now();
  const project = await openProject(ctx);
  const infra = await openInfra(project, input.env, oneStack(project.config, input.stack, COMMAND_OF[kind]));
  // Nothing is changed unless every record it will write can be written.
  await checkRecordsWritable(project, infra);
  const identity = await guardAccount(project, infra);
  await guardTarget(project, infra.env, infra.iac, identity.account, identity.arn);
  await infra.iac.prepare(project, infra.target);
  const flow: Flow = { project, infra, identity, kind, steps: [], started };
  flow.steps.push({ name: "account check", status: "passed", detail: `${identity.account} (${identity.arn})` });
  const scope = { project, environment: infra.env.name, identity, target: infra.iac.stateLocation(infra.env) };
  let spec: StateChangeSpec;
  let record: ActionPlanRecord | undefined;
  const action = stateAction(flow, request);
  if (input.plan !== undefined) {
    ({ plan: spec, record } = await reuse(scope, action, input.plan));
    flow.steps.push({ name: "plan", status: "done", detail: `saved plan ${record.id}` });
  } else {
    if (request === undefined) throw new Error("a state change without --plan needs its arguments");
    spec = await planStateChange(project, infra, request);
    flow.steps.push({ name: "plan", status: "done", detail: spec.description });
  }
  const outcome = await decide(scope, action, spec, record, {
    // State surgery on a protected environment is approved like its teardown.
    required: infra.env.requireConfirmation || infra.env.protected,
    askAnyway: !infra.env.autoApprove,
    ...(input.approver === undefined ? {} : { approver: input.approver }),
  });
  if (outcome.status === "applied") return outcome.result;
  if (outcome.status === "declined") {
    flow.steps.push({ name: "approval", status: "failed", detail: "declined at the terminal" });
    return changeResult(flow, "cancelled", spec);
  }
  flow.steps.push({ name: "approval", status: "waiting", detail: "a person must sign the approval of this change" });
  const saved = outcome.record;
  return changeResult(
    flow,
    "needs_confirmation",
    spec,
    { planId: saved.id, planHash: saved.plan_hash, approval: outcome.handoff },
    handoffSteps(outcome.handoff),
  );
}

/** Two or more words, each an address, for rm; exactly `want` words otherwise. */
function words(list: readonly string[] | undefined, want: number | "some", what: string, example: string): string[] {
  const given = list ?? [];
  if (given.length === 0 || (want !== "some" && given.length < want)) {
    throw new UserError("ARGUMENT_MISSING", `${what} ${want === "some" ? "is" : "are"} missing`, {
      suggestion: `name ${what}, e.g. ${example}`,
    });
  }
  if (want !== "some" && given.length > want) {
    throw new UserError("ARGUMENT_UNEXPECTED", `too many words: ${given.slice(want).join(" ")}`, {
      suggestion: `give only ${what}, e.g. ${example}`,
    });
  }
  return [...given];
}

/** Without --plan the words are required; with it they are optional and, when given, must name the plan. */
function optional<T>(plan: string | undefined, list: readonly string[] | undefined, build: () => T): T | undefined {
  return plan !== undefined && (list === undefined || list.length === 0) ? undefined : build();
}

export async function stateRemove(
  ctx: Context,
  input: ChangeInput & { addresses?: string[] },
): Promise<CommandResult<StateChangeData>> {
  const request = optional(input.plan, input.addresses, () => ({
    kind: "state_rm" as const,
    addresses: words(input.addresses, "some", "the addresses to forget", "aws_s3_bucket.uploads"),
  }));
  return changeState(ctx, input, "state_rm", request);
}

export async function stateMove(
  ctx: Context,
  input: ChangeInput & { addresses?: string[] },
): Promise<CommandResult<StateChangeData>> {
  const request = optional(input.plan, input.addresses, () => {
    const [from, to] = words(
      input.addresses,
      2,
      "the address now and the new address",
      "aws_s3_bucket.a aws_s3_bucket.b",
    );
    return { kind: "state_mv" as const, from: from!, to: to! };
  });
  return changeState(ctx, input, "state_mv", request);
}

export async function importResource(
  ctx: Context,
  input: ChangeInput & { words?: string[]; var?: PlanVariables },
): Promise<CommandResult<StateChangeData>> {
  const variables = input.var ?? {};
  if (input.plan !== undefined && Object.keys(variables).length > 0) {
    throw new UserError("FLAG_CONFLICT", `--plan ${input.plan} was given with --var`, {
      suggestion: "a saved import keeps the variables it was planned with: give --plan alone, or --var alone",
    });
  }
  const request = optional(input.plan, input.words, () => {
    const [address, id] = words(input.words, 2, "the address and the resource's id", "aws_s3_bucket.uploads my-bucket");
    const checked = ResourceAddress.safeParse(address);
    if (!checked.success) {
      throw new UserError("FLAG_INVALID", `"${address}" ${checked.error.issues[0]?.message ?? "is not an address"}`, {
        suggestion: "give the resource's address in the configuration first, then its id",
      });
    }
    return {
      kind: "state_import" as const,
      address: checked.data,
      id: id!,
      ...(Object.keys(variables).length === 0 ? {} : { variables }),
    };
  });
  return changeState(ctx, input, "state_import", request);
}

export async function unlockState(
  ctx: Context,
  input: ChangeInput & { lockId?: string },
): Promise<CommandResult<StateChangeData>> {
  if (input.plan === undefined && input.lockId === undefined) {
    throw new UserError("FLAG_REQUIRED", "--lock-id is missing", {
      suggestion: `give the lock's ID, as the STATE_LOCKED error or ${commandLine("infra check-status", { env: input.env })} shows it`,
    });
  }
  const request = input.lockId === undefined ? undefined : { kind: "state_unlock" as const, lockId: input.lockId };
  return changeState(ctx, input, "state_unlock", request);
}
