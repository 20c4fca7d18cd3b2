// Keeps the environment's records true after every apply or teardown: the registry derived from
// the engine's state, DEPLOYED.md rendered from it, and one history line.
import { userInfo, hostname } from "node:os";
import type { ProjectContext } from "../../core/context.js";
import type { CallerIdentity, PlanSummary, StateResource } from "../../core/handler-contract.js";
import { writeAtomic } from "../../core/store.js";
import { renderDeployedMd } from "../../records/deployed-md.js";
import { appendHistory, readHistory, type HistoryEntry } from "../../records/history.js";
import { buildRegistry, readRegistry, registryPaths, writeRegistry, type Registry } from "../../records/registry.js";
import type { Infra } from "./target.js";

export function actor(project: ProjectContext): string {
  const user = project.env.USER ?? project.env.LOGNAME ?? safeUser();
  return `${user}@${hostname()}`;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

export interface RecordInput {
  kind: HistoryEntry["kind"];
  outcome: HistoryEntry["outcome"];
  deploymentId: string;
  identity?: CallerIdentity;
  planId?: string;
  summary?: PlanSummary;
  durationMs: number;
  /** The state after the change; omitted when the change failed before touching anything. */
  resources?: StateResource[];
  error?: { code: string; message: string };
}

export async function recordChange(
  project: ProjectContext,
  infra: Infra,
  input: RecordInput,
): Promise<{ registry?: Registry; paths: ReturnType<typeof registryPaths> }> {
  const paths = registryPaths(project.paths.stateDir, infra.env.name);
  const now = project.clock.now();
  let registry: Registry | undefined;
  if (input.resources !== undefined) {
    const previous = await readRegistry(paths.registry);
    registry = buildRegistry({
      environment: infra.env.name,
      project: project.config.project.name,
      resources: input.resources,
      ...(previous === undefined ? {} : { previous }),
      deploymentId: input.deploymentId,
      now,
      region: infra.env.region,
      consoleUrl: (resource) => infra.hosting.consoleUrl(resource, infra.env),
    });
    await writeRegistry(paths.registry, registry);
  }
  await appendHistory(paths.history, {
    schema_version: 1,
    id: input.deploymentId,
    kind: input.kind,
    environment: infra.env.name,
    at: now.toISOString(),
    actor: actor(project),
    outcome: input.outcome,
    ...(input.planId === undefined ? {} : { plan_id: input.planId }),
    ...(input.summary === undefined ? {} : { plan_hash: input.summary.planHash, counts: input.summary.counts }),
    duration_ms: input.durationMs,
    ...(input.identity === undefined ? {} : { account: input.identity.account }),
    ...(input.error === undefined ? {} : { error: input.error }),
  });
  const current = registry ?? (await readRegistry(paths.registry));
  if (current !== undefined) {
    const history = await readHistory(paths.history);
    const state =
      input.kind === "teardown" && input.outcome === "applied"
        ? "torn_down"
        : input.outcome === "failed"
          ? "failed"
          : "deployed";
    await writeAtomic(
      paths.deployedMd,
      renderDeployedMd({ registry: current, history, status: { state, checkedAt: now.toISOString() } }),
    );
  }
  return { ...(registry === undefined ? {} : { registry }), paths };
}
