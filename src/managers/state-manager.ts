// `devops infra state list|show|rm|mv`, `infra import` and `infra unlock`: Terraform's escape hatches
// with deploy's safety. Reads go through the account and target guards; every change is planned as a
// spec (what it touches, the state version it was computed from), approved through the one approval
// component where the environment requires it, applied once, and recorded (registry, DEPLOYED.md,
// history) from the state that results.
import { commandLine } from "../core/commands/command-line.js";
import { ResourceAddress } from "../core/commands/values.js";
import type { Context, ProjectContext } from "../core/context.js";
import { errorSummary, UserError } from "../core/errors.js";
import type { CallerIdentity, StateResource } from "../core/handler-contract.js";
import { redactDeep } from "../core/redact.js";
import type { CommandResult, Step } from "../core/result.js";
import { saveActionPlan, type ActionPlanRecord } from "../records/plans.js";
import { decide, handoffSteps, reuse } from "../skills/approval/flow.js";
import type { ApprovalRequestBase, ApprovedAction, Approver as ApproverOf, Handoff } from "../skills/approval/types.js";
import { checkRecordsWritable, recordChange } from "../skills/infra/documenter.js";
import {
  applyStateChange,
  planStateChange,
  recheckStateChange,
  type StateChangeKind,
  type StateChangeRequest,
  type StateChangeSpec,
} from "../skills/infra/state-surgery.js";
import { guardAccount, openInfra, type Infra } from "../skills/infra/target.js";
import { openProject } from "../skills/project.js";
import { guardTarget } from "../skills/protected-target.js";

export type { StateChangeKind, StateChangeSpec } from "../skills/infra/state-surgery.js";

/** What a person at a terminal is shown before a state change. */
export interface StateChangeApproval extends ApprovalRequestBase {
  kind: StateChangeKind;
  description: string;
  spec: StateChangeSpec;
}

export type StateApprover = ApproverOf<StateChangeApproval>;

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

export interface StateChangeData {
  environment: string;
  account: string;
  operation: StateChangeKind;
  description: string;
  spec: StateChangeSpec;
  planId?: string;
  planHash?: string;
  steps: Step[];
  approval?: Handoff;
  registry?: { path: string; deployedMd: string; resources: number };
}

const COMMAND_OF = {
  state_rm: "infra state rm",
  state_mv: "infra state mv",
  state_import: "infra import",
  state_unlock: "infra unlock",
} as const satisfies Record<StateChangeKind, string>;

/** The environment opened, its account checked and its state target guarded; the engine ready. */
async function openGuarded(
  ctx: Context,
  env: string,
): Promise<{ project: ProjectContext; infra: Infra; identity: CallerIdentity }> {
  const project = await openProject(ctx);
  const infra = await openInfra(project, env);
  const identity = await guardAccount(project, infra);
  await guardTarget(project, infra.env, infra.iac, identity.account, identity.arn);
  await infra.iac.prepare(project, infra.target);
  return { project, infra, identity };
}

function idOf(resource: StateResource): string | null {
  const id = resource.values.id;
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
}

export async function stateList(ctx: Context, input: { env: string }): Promise<CommandResult<StateListData>> {
  const { project, infra, identity } = await openGuarded(ctx, input.env);
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
  input: { env: string; address: string },
): Promise<CommandResult<StateShowData>> {
  const { project, infra, identity } = await openGuarded(ctx, input.env);
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
  plan?: string;
  approver?: StateApprover;
}

interface Flow {
  project: ProjectContext;
  infra: Infra;
  identity: CallerIdentity;
  kind: StateChangeKind;
  steps: Step[];
  started: number;
}

function changeResult(
  flow: Flow,
  status: string,
  spec: StateChangeSpec,
  extra: Partial<StateChangeData> = {},
  next: CommandResult["next"] = [],
): CommandResult<StateChangeData> {
  const env = flow.infra.env.name;
  return {
    status,
    environment: env,
    data: {
      environment: env,
      account: flow.identity.account,
      operation: flow.kind,
      description: spec.description,
      spec,
      steps: flow.steps,
      ...extra,
    },
    next,
  };
}

/** The command line that applies a saved state change, its words included so a reader sees what it does. */
function applyLine(env: string, spec: StateChangeSpec, plan: string): string {
  switch (spec.operation) {
    case "state_rm":
      return commandLine("infra state rm", { env, plan, addresses: spec.addresses ?? [] });
    case "state_mv":
      return commandLine("infra state mv", { env, plan, addresses: [spec.from ?? "", spec.to ?? ""] });
    case "state_import":
      return commandLine("infra import", { env, plan, words: [spec.address ?? "", spec.id ?? ""] });
    case "state_unlock":
      return commandLine("infra unlock", { env, plan, lockId: spec.lock_id ?? "" });
  }
}

/** A state change as the approval component sees it: the spec is the plan, saved under its own kind. */
function stateAction(
  flow: Flow,
  /** What was asked now; with --plan and no words, undefined (the saved spec is taken as it is). */
  request: StateChangeRequest | undefined,
): ApprovedAction<StateChangeSpec, ActionPlanRecord, CommandResult<StateChangeData>, StateChangeApproval> {
  const { project, infra, identity, kind } = flow;
  const env = infra.env.name;
  const again = `run ${commandLine(COMMAND_OF[kind], { env })} again with the same arguments for a new plan`;
  return {
    kind,
    again,
    describe: (spec) => ({
      kind,
      environment: env,
      prodLike: infra.env.prodLike,
      protected: infra.env.protected,
      account: identity.account,
      description: spec.description,
      spec,
    }),
    save: (spec) =>
      saveActionPlan(project.paths.stateDir, project.clock.now(), {
        kind,
        environment: env,
        account: identity.account,
        identityArn: identity.arn,
        spec,
      }),
    revalidate: async (record) => {
      const spec = await recheckStateChange(project, infra, record.spec, again);
      if (spec.operation !== kind || !matches(spec, request)) {
        throw new UserError("FLAG_CONFLICT", `plan ${record.id} is "${spec.description}", not what was asked now`, {
          suggestion: `run ${applyLine(env, spec, record.id)} as printed, or plan the new change without --plan`,
        });
      }
      return spec;
    },
    apply: async (spec, approval) => {
      flow.steps.push({
        name: "approval",
        status: approval.by === "not_required" ? "skipped" : "passed",
        detail:
          approval.by === "signature"
            ? `signed by ${approval.signer?.principal ?? "an approver"} (${approval.signer?.key ?? "key unknown"})`
            : approval.by === "terminal"
              ? "approved at the terminal"
              : `"${env}" does not require confirmation`,
      });
      const history = {
        ...(approval.record === undefined ? {} : { planId: approval.record.id }),
        approval: {
          by: approval.by,
          ...(approval.signer === undefined ? {} : { principal: approval.signer.principal, key: approval.signer.key }),
        },
      };
      const id = approval.record?.id ?? `${kind}-${project.clock.now().getTime()}`;
      try {
        await applyStateChange(project, infra, spec);
      } catch (error) {
        flow.steps.push({ name: "apply", status: "failed" });
        await recordChange(project, infra, {
          kind,
          outcome: "failed",
          deploymentId: id,
          identity,
          durationMs: Date.now() - flow.started,
          change: spec.description,
          error: errorSummary(error),
          ...history,
        }).catch(() => undefined);
        throw error;
      }
      flow.steps.push({ name: "apply", status: "done", detail: spec.description });
      // A lock release changes no resource; every other change rebuilds the registry from the state.
      const resources = kind === "state_unlock" ? undefined : await infra.iac.state(project, infra.target);
      const recorded = await recordChange(project, infra, {
        kind,
        outcome: "applied",
        deploymentId: id,
        identity,
        durationMs: Date.now() - flow.started,
        change: spec.description,
        ...(resources === undefined ? {} : { resources }),
        ...history,
      });
      flow.steps.push({ name: "records", status: "done", detail: recorded.paths.registry });
      return changeResult(
        flow,
        "applied",
        spec,
        {
          ...(approval.record === undefined ? {} : { planId: approval.record.id, planHash: approval.record.plan_hash }),
          ...(resources === undefined
            ? {}
            : {
                registry: {
                  path: recorded.paths.registry,
                  deployedMd: recorded.paths.deployedMd,
                  resources: resources.length,
                },
              }),
        },
        [{ command: commandLine("infra check-status", { env }), why: "see what the configuration would change now" }],
      );
    },
    planCommand: (record) => applyLine(env, record.spec as StateChangeSpec, record.id),
  };
}

/** Whether the words given with --plan (if any) name the saved change. */
function matches(spec: StateChangeSpec, request: StateChangeRequest | undefined): boolean {
  if (request === undefined) return true;
  switch (request.kind) {
    case "state_rm":
      return request.addresses.join("\n") === (spec.addresses ?? []).join("\n");
    case "state_mv":
      return request.from === spec.from && request.to === spec.to;
    case "state_import":
      return request.address === spec.address && request.id === spec.id;
    case "state_unlock":
      return request.lockId === spec.lock_id;
  }
}

async function changeState(
  ctx: Context,
  input: ChangeInput,
  kind: StateChangeKind,
  request: StateChangeRequest | undefined,
): Promise<CommandResult<StateChangeData>> {
  const started = Date.now();
  const project = await openProject(ctx);
  const infra = await openInfra(project, input.env);
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
  input: ChangeInput & { words?: string[] },
): Promise<CommandResult<StateChangeData>> {
  const request = optional(input.plan, input.words, () => {
    const [address, id] = words(input.words, 2, "the address and the resource's id", "aws_s3_bucket.uploads my-bucket");
    const checked = ResourceAddress.safeParse(address);
    if (!checked.success) {
      throw new UserError("FLAG_INVALID", `"${address}" ${checked.error.issues[0]?.message ?? "is not an address"}`, {
        suggestion: "give the resource's address in the configuration first, then its id",
      });
    }
    return { kind: "state_import" as const, address: checked.data, id: id! };
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
