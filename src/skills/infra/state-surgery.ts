// Changes to the engine's state itself (forget, move, import, release a lock): each is planned as a
// spec naming exactly what it touches and the state version it was computed from, so a person can
// approve it like a deploy and a stale approval cannot apply to a state that has moved since.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import * as z from "zod";
import type { ProjectContext } from "../../core/context.js";
import { ProviderError, UserError } from "../../core/errors.js";
import type { PlanVariables, StateResource } from "../../core/handler-contract.js";
import { newPlanId, plansDir } from "../../records/plans.js";
import type { Infra } from "./target.js";

export type StateChangeKind = "state_rm" | "state_mv" | "state_import" | "state_unlock";

/** What the caller asked for, before it is checked against the state. */
export type StateChangeRequest =
  | { kind: "state_rm"; addresses: string[] }
  | { kind: "state_mv"; from: string; to: string }
  | {
      kind: "state_import";
      address: string;
      id: string;
      /** --var values the import's plan needs (a required variable the var files do not give). */
      variables?: PlanVariables;
    }
  | { kind: "state_unlock"; lockId: string };

const Version = z.object({ lineage: z.string(), serial: z.number().int() }).nullable();

/** The saved plan of a state change: its hash covers every field, and it is what the person signs. */
export const StateChangeSpec = z.object({
  operation: z.enum(["state_rm", "state_mv", "state_import", "state_unlock"]),
  addresses: z.array(z.string()).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  address: z.string().optional(),
  id: z.string().optional(),
  lock_id: z.string().optional(),
  /** Import: the engine's saved plan of it, its hash and what it would change beyond the import. */
  plan_file: z.string().optional(),
  plan_hash: z.string().optional(),
  counts: z.object({ create: z.number(), update: z.number(), delete: z.number(), replace: z.number() }).optional(),
  /** The resources it touches as the state holds them now (address → id), re-checked before applying. */
  resources: z.array(z.object({ address: z.string(), id: z.string().nullable() })),
  /** The state version it was computed from (null: no state yet); unlock does not bind one. */
  state: Version.optional(),
  description: z.string(),
});
export type StateChangeSpec = z.infer<typeof StateChangeSpec>;

function idOf(resource: StateResource | undefined): string | null {
  const id = resource?.values.id;
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
}

function unknownAddress(infra: Infra, address: string, known: readonly StateResource[]): UserError {
  const sample = known
    .slice(0, 5)
    .map((resource) => resource.address)
    .join(", ");
  return new UserError("STATE_ADDRESS_UNKNOWN", `"${address}" is not in the state of "${infra.env.name}"`, {
    suggestion:
      known.length === 0
        ? `the state of "${infra.env.name}" holds no resources; nothing was changed`
        : `use an address the state holds (${sample}${known.length > 5 ? ", …" : ""}); nothing was changed`,
    details: { address },
  });
}

function takenAddress(infra: Infra, address: string, id: string | null): UserError {
  return new UserError(
    "STATE_ADDRESS_TAKEN",
    `"${address}" already holds a resource (id ${id ?? "unknown"}) in the state of "${infra.env.name}"`,
    { suggestion: "choose an address the state does not hold yet; nothing was changed", details: { address } },
  );
}

/** The live facts a spec is computed from and re-checked against. */
async function live(project: ProjectContext, infra: Infra) {
  const [resources, version] = await Promise.all([
    infra.iac.state(project, infra.target),
    infra.iac.stateVersion(project, infra.target),
  ]);
  return { byAddress: new Map(resources.map((resource) => [resource.address, resource])), resources, version };
}

/** Checks the request against the state now and returns the spec to approve; throws, changing nothing. */
export async function planStateChange(
  project: ProjectContext,
  infra: Infra,
  request: StateChangeRequest,
): Promise<StateChangeSpec> {
  if (request.kind === "state_unlock") {
    return {
      operation: request.kind,
      lock_id: request.lockId,
      resources: [],
      description: `release the state lock ${request.lockId}`,
    };
  }
  const { byAddress, resources, version } = await live(project, infra);
  const state = version ?? null;
  switch (request.kind) {
    case "state_rm": {
      const touched = request.addresses.map((address) => {
        const found = byAddress.get(address);
        if (found === undefined) throw unknownAddress(infra, address, resources);
        return { address, id: idOf(found) };
      });
      const list = touched.map((entry) => `${entry.address} (id ${entry.id ?? "unknown"})`).join(", ");
      return {
        operation: request.kind,
        addresses: request.addresses,
        resources: touched,
        state,
        description: `forget ${list} without destroying it`,
      };
    }
    case "state_mv": {
      const found = byAddress.get(request.from);
      if (found === undefined) throw unknownAddress(infra, request.from, resources);
      const taken = byAddress.get(request.to);
      if (taken !== undefined) throw takenAddress(infra, request.to, idOf(taken));
      const id = idOf(found);
      return {
        operation: request.kind,
        from: request.from,
        to: request.to,
        resources: [
          { address: request.from, id },
          { address: request.to, id: null },
        ],
        state,
        description: `move ${request.from} (id ${id ?? "unknown"}) to ${request.to}`,
      };
    }
    case "state_import": {
      const taken = byAddress.get(request.address);
      if (taken !== undefined) throw takenAddress(infra, request.address, idOf(taken));
      await mkdir(plansDir(project.paths.stateDir, infra.env.name), { recursive: true, mode: 0o700 });
      const planFile = join(
        plansDir(project.paths.stateDir, infra.env.name),
        `import-${newPlanId(project.clock.now())}.tfplan`,
      );
      const { summary } = await infra.iac.planImport(
        project,
        infra.target,
        planFile,
        request.address,
        request.id,
        request.variables ?? {},
      );
      const names = Object.keys(request.variables ?? {});
      const { create, update, delete: remove, replace } = summary.counts;
      const beyond = create + update + remove + replace;
      return {
        operation: request.kind,
        address: request.address,
        id: request.id,
        plan_file: planFile,
        plan_hash: summary.planHash,
        counts: summary.counts,
        resources: [{ address: request.address, id: null }],
        state,
        description: `import ${request.id} as ${request.address}${names.length === 0 ? "" : ` with --var ${names.join(", ")}`}${beyond === 0 ? "" : ` (then ${create} to create, ${update} to change, ${replace} to replace, ${remove} to destroy)`}`,
      };
    }
  }
}

/**
 * Re-checks a saved spec against the state now: same state version (nothing was applied in between)
 * and every resource it touches still as it was. Throws, changing nothing, when anything moved.
 */
export async function recheckStateChange(
  project: ProjectContext,
  infra: Infra,
  saved: Record<string, unknown>,
  again: string,
): Promise<StateChangeSpec> {
  const parsed = StateChangeSpec.safeParse(saved);
  if (!parsed.success) {
    throw new UserError("PLAN_CHANGED", `the saved state change is not one this version can read`, {
      suggestion: again,
    });
  }
  const spec = parsed.data;
  if (spec.operation === "state_unlock") return spec;
  const { byAddress, version } = await live(project, infra);
  const moved = (reason: string) =>
    new ProviderError("STATE_CHANGED", `the state of "${infra.env.name}" changed since this was planned: ${reason}`, {
      suggestion: again,
      details: { planned: spec.state ?? null, now: version ?? null },
    });
  const now = version ?? null;
  if (now?.lineage !== spec.state?.lineage || now?.serial !== spec.state?.serial) {
    throw moved(`version ${spec.state?.serial ?? "none"} then, ${now?.serial ?? "none"} now`);
  }
  for (const entry of spec.resources) {
    const found = byAddress.get(entry.address);
    const id = found === undefined ? null : idOf(found);
    if (entry.id === null ? found !== undefined : id !== entry.id) {
      throw moved(`${entry.address} is ${found === undefined ? "absent" : `id ${id ?? "unknown"}`} now`);
    }
  }
  if (spec.operation === "state_import") {
    const current = await infra.iac.showPlan(project, infra.target, spec.plan_file ?? "", {
      targets: [spec.address ?? ""],
      replace: [],
      refresh: true,
    });
    if (current.planHash !== spec.plan_hash) throw moved("the saved import plan no longer matches what was planned");
  }
  return spec;
}

/** Applies a checked and approved spec through the engine. */
export async function applyStateChange(project: ProjectContext, infra: Infra, spec: StateChangeSpec): Promise<void> {
  const { iac, target } = infra;
  switch (spec.operation) {
    case "state_rm":
      return iac.stateRemove(project, target, spec.addresses ?? []);
    case "state_mv":
      return iac.stateMove(project, target, spec.from ?? "", spec.to ?? "");
    case "state_import":
      return iac.apply(project, target, spec.plan_file ?? "");
    case "state_unlock":
      return iac.forceUnlock(project, target, spec.lock_id ?? "");
  }
}
