// A state change as the approval component sees it: its request to a person, the spec as the plan
// (saved under its own kind), the re-check of a saved spec, and the apply with its records.
import { commandLine } from "../../core/commands/command-line.js";
import type { ProjectContext } from "../../core/context.js";
import { errorSummary, UserError } from "../../core/errors.js";
import type { CallerIdentity } from "../../core/handler-contract.js";
import type { CommandResult, Step } from "../../core/result.js";
import { recordOutcome, saveActionPlan, type ActionPlanRecord } from "../../records/plans.js";
import type {
  ApprovalRequestBase,
  ApprovedAction,
  Approver as ApproverOf,
  Handoff,
} from "../../skills/approval/types.js";
import { recordChange } from "../../skills/infra/documenter.js";
import {
  applyStateChange,
  recheckStateChange,
  type StateChangeKind,
  type StateChangeRequest,
  type StateChangeSpec,
} from "../../skills/infra/state-surgery.js";
import type { Infra } from "../../skills/infra/target.js";

/** What a person at a terminal is shown before a state change. */
export interface StateChangeApproval extends ApprovalRequestBase {
  kind: StateChangeKind;
  description: string;
  spec: StateChangeSpec;
}

export type StateApprover = ApproverOf<StateChangeApproval>;

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

export const COMMAND_OF = {
  state_rm: "infra state rm",
  state_mv: "infra state mv",
  state_import: "infra import",
  state_unlock: "infra unlock",
} as const satisfies Record<StateChangeKind, string>;

export interface Flow {
  project: ProjectContext;
  infra: Infra;
  identity: CallerIdentity;
  kind: StateChangeKind;
  steps: Step[];
  started: number;
}

export function changeResult(
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
function applyLine(env: string, spec: StateChangeSpec, plan: string, stack: string | undefined): string {
  switch (spec.operation) {
    case "state_rm":
      return commandLine("infra state rm", { env, stack, plan, addresses: spec.addresses ?? [] });
    case "state_mv":
      return commandLine("infra state mv", { env, stack, plan, addresses: [spec.from ?? "", spec.to ?? ""] });
    case "state_import":
      return commandLine("infra import", { env, stack, plan, words: [spec.address ?? "", spec.id ?? ""] });
    case "state_unlock":
      return commandLine("infra unlock", { env, stack, plan, lockId: spec.lock_id ?? "" });
  }
}

/** A state change as the approval component sees it: the spec is the plan, saved under its own kind. */
export function stateAction(
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
          suggestion: `run ${applyLine(env, spec, record.id, flow.infra.env.stack)} as printed, or plan the new change without --plan`,
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
      const saved = approval.record;
      try {
        await applyStateChange(project, infra, spec);
        if (saved !== undefined) await recordOutcome(project.paths.stateDir, saved, "applied");
      } catch (error) {
        if (saved !== undefined) await recordOutcome(project.paths.stateDir, saved, "failed").catch(() => undefined);
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
    planCommand: (record) => applyLine(env, record.spec as StateChangeSpec, record.id, flow.infra.env.stack),
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
