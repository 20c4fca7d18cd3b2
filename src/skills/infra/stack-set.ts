// One approval over the saved plans of several stacks: the set record binds every stack's plan and
// hash (its own hash covers them all), and a set is re-checked stack by stack before anything applies.
import { commandLine } from "../../core/commands/command-line.js";
import type { ProjectContext } from "../../core/context.js";
import { ProviderError, UserError } from "../../core/errors.js";
import type { CallerIdentity, PlanSummary } from "../../core/handler-contract.js";
import {
  saveActionPlan,
  STACK_SET_KIND,
  StackSetSpec,
  type ActionPlanRecord,
  type PlanRecord,
} from "../../records/plans.js";
import { checkSavedPlan } from "./deployer.js";
import type { Infra } from "./target.js";

/** One stack of a set: the environment opened for it and its saved plan. */
export interface SetMember {
  infra: Infra;
  record: PlanRecord;
}

/** The counts of several plans added up: what the one approval covers. */
export function totalCounts(summaries: readonly PlanSummary[]): PlanSummary["counts"] {
  return summaries.reduce(
    (total, { counts }) => ({
      create: total.create + counts.create,
      update: total.update + counts.update,
      delete: total.delete + counts.delete,
      replace: total.replace + counts.replace,
    }),
    { create: 0, update: 0, delete: 0, replace: 0 },
  );
}

/** Where every stack's state is: the approval's target, signed with it. */
export function setTarget(members: readonly Pick<SetMember, "infra">[]): string {
  return members.map(({ infra }) => `${infra.env.stack ?? "-"}: ${infra.iac.stateLocation(infra.env)}`).join("; ");
}

/** Saves the set of saved stack plans one approval covers, in apply order. */
export function saveStackSet(
  project: ProjectContext,
  kind: "deploy" | "teardown",
  identity: Pick<CallerIdentity, "account" | "arn">,
  members: readonly SetMember[],
): Promise<ActionPlanRecord> {
  const [first] = members;
  if (first === undefined) throw new Error("a stack set needs at least one stack");
  const { create, update, delete: remove, replace } = totalCounts(members.map(({ record }) => record.summary));
  const spec: StackSetSpec = {
    change: kind,
    stacks: members.map(({ infra, record }) => ({
      stack: infra.env.stack ?? "",
      plan: record.id,
      plan_hash: record.plan_hash,
      target: infra.iac.stateLocation(infra.env),
    })),
    description: `${kind} of stacks ${members.map(({ infra }) => infra.env.stack).join(" → ")}: ${create} to create, ${update} to change, ${replace} to replace, ${remove} to destroy`,
  };
  return saveActionPlan(project.paths.stateDir, project.clock.now(), {
    kind: STACK_SET_KIND,
    environment: first.infra.env.name,
    account: identity.account,
    identityArn: identity.arn,
    spec,
  });
}

/** The spec of a saved set; a record that is not one is refused. */
export function stackSetSpec(record: ActionPlanRecord, again: string): StackSetSpec {
  const parsed = StackSetSpec.safeParse(record.spec);
  if (record.kind !== STACK_SET_KIND || !parsed.success) {
    throw new UserError("PLAN_NOT_FOUND", `plan ${record.id} is not a set of stack plans`, { suggestion: again });
  }
  return parsed.data;
}

/**
 * Re-checks every stack of a set before any is applied: each stack's plan is the one the set names,
 * with the hash it names, unused, and its plan file still plans exactly that. Throws with nothing changed.
 */
export async function checkStackSet(
  project: ProjectContext,
  identity: CallerIdentity,
  set: ActionPlanRecord,
  members: readonly SetMember[],
): Promise<void> {
  const env = members[0]?.infra.env.name ?? set.environment;
  const spec = stackSetSpec(set, `preview again: ${commandLine("infra preview-changes", { env })}`);
  if (spec.stacks.length !== members.length) {
    throw new ProviderError(
      "PLAN_CHANGED",
      `plan ${set.id} covers ${spec.stacks.length} stacks, not ${members.length}`,
      {
        suggestion: `preview again: ${commandLine("infra preview-changes", { env })}`,
      },
    );
  }
  for (const [index, entry] of spec.stacks.entries()) {
    const member = members[index];
    const { record, infra } = member ?? {};
    if (record === undefined || infra === undefined) continue;
    if (
      record.id !== entry.plan ||
      record.plan_hash !== entry.plan_hash ||
      infra.env.stack !== entry.stack ||
      infra.iac.stateLocation(infra.env) !== entry.target
    ) {
      throw new ProviderError(
        "PLAN_CHANGED",
        `stack "${entry.stack}" of plan ${set.id} no longer has the plan the approval covers (${entry.plan}, hash ${entry.plan_hash.slice(0, 12)})`,
        {
          suggestion: `preview again: ${commandLine("infra preview-changes", { env })}; nothing was changed`,
          details: { stack: entry.stack, expected: entry.plan_hash, actual: record.plan_hash },
        },
      );
    }
    if (record.consumed_at !== undefined) {
      throw new UserError("PLAN_ALREADY_USED", `the plan ${record.id} of stack "${entry.stack}" was already used`, {
        suggestion: `preview again: ${commandLine("infra preview-changes", { env })}`,
      });
    }
    await infra.iac.prepare(project, infra.target);
    await checkSavedPlan(project, infra, identity, record);
  }
}
