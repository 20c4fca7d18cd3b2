// infra-deployer: checks that a saved plan is still the one approved (account, plan file hash),
// applies exactly that plan, and verifies the result against it.
import { commandLine } from "../../core/commands/command-line.js";
import type { ProjectContext } from "../../core/context.js";
import { ProviderError } from "../../core/errors.js";
import { warn } from "../../core/io.js";
import type { CallerIdentity, IacProgressEvent, PlanSummary, StateResource } from "../../core/handler-contract.js";
import { recordOutcome, type PlanRecord } from "../../records/plans.js";
import type { Infra } from "./target.js";

export interface Verification {
  resources: number;
  /** Addresses the plan created or updated that are not in the state. */
  missing: string[];
  /** Addresses the plan deleted that are still in the state. */
  remaining: string[];
  verified: boolean;
}

/** One root-module output after a deploy; a sensitive one's value is never carried. */
export interface OutputValue {
  name: string;
  sensitive: boolean;
  value: unknown;
}

export const SENSITIVE_OUTPUT = "(sensitive)";

/** Hides what the module marks sensitive; pure, for tests. */
export function maskOutputs(outputs: Record<string, { value: unknown; sensitive: boolean }>): OutputValue[] {
  return Object.entries(outputs)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, output]) => ({
      name,
      sensitive: output.sensitive,
      value: output.sensitive ? SENSITIVE_OUTPUT : output.value,
    }));
}

/** The outputs after a deploy; the change is made whatever happens here, so a failure only warns. */
export async function deployedOutputs(project: ProjectContext, infra: Infra): Promise<OutputValue[] | undefined> {
  try {
    return maskOutputs(await infra.iac.outputs(project, infra.target));
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    warn(project.io, `the outputs could not be read: ${error.message}`, "OUTPUTS_UNREADABLE");
    return undefined;
  }
}

/**
 * Re-checks a saved plan before it is applied: the credentials still reach the plan's account and the
 * plan file still hashes to what was previewed and approved.
 */
export async function checkSavedPlan(
  project: ProjectContext,
  infra: Infra,
  identity: CallerIdentity,
  record: PlanRecord,
): Promise<void> {
  if (record.account !== identity.account) {
    throw new ProviderError(
      "ACCOUNT_MISMATCH",
      `plan ${record.id} was made for AWS account ${record.account}, but the credentials reach ${identity.account}`,
      { details: { expected: record.account, actual: identity.account } },
    );
  }
  const current = await infra.iac.showPlan(project, infra.target, record.plan_file, record.summary.scope);
  if (current.planHash !== record.plan_hash) {
    throw new ProviderError(
      "PLAN_CHANGED",
      `the saved plan file of ${record.id} no longer matches the plan that was previewed`,
      {
        suggestion: `preview again: ${commandLine("infra preview-changes", { env: record.environment })}`,
        details: { expected: record.plan_hash, actual: current.planHash },
      },
    );
  }
}

/** Applies a saved plan that the approval component has checked and consumed, and records its outcome. */
export async function applyPlan(
  project: ProjectContext,
  infra: Infra,
  record: PlanRecord,
  onProgress?: (event: IacProgressEvent) => void,
): Promise<void> {
  try {
    await infra.iac.apply(project, infra.target, record.plan_file, onProgress === undefined ? {} : { onProgress });
    await recordOutcome(project.paths.stateDir, record, "applied");
  } catch (error) {
    await recordOutcome(project.paths.stateDir, record, "failed");
    throw error;
  }
}

/** Compares the state after apply with what the plan said would change. */
export function verifyAgainstPlan(summary: PlanSummary, resources: readonly StateResource[]): Verification {
  const present = new Set(resources.map((resource) => resource.address));
  const missing = summary.changes
    .filter((c) => ["create", "update", "replace"].includes(c.action) && !present.has(c.address))
    .map((c) => c.address);
  const remaining = summary.changes
    .filter((c) => c.action === "delete" && present.has(c.address))
    .map((c) => c.address);
  return { resources: resources.length, missing, remaining, verified: missing.length === 0 && remaining.length === 0 };
}
