// Keeps the environment's records true after every apply or teardown: the registry derived from
// the engine's state, DEPLOYED.md rendered from it, and one history line.
import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { userInfo, hostname } from "node:os";
import type { ProjectContext } from "../../core/context.js";
import type { CallerIdentity, PlanSummary, StateResource } from "../../core/handler-contract.js";
import { RecordError } from "../../core/errors.js";
import { writeAtomic } from "../../core/store.js";
import { plansDir } from "../../records/plans.js";
import { renderDeployedMd } from "../../records/deployed-md.js";
import { appendHistory, readHistory, type HistoryEntry } from "../../records/history.js";
import { clearInFlight, inFlightPath, readInFlight } from "../../records/in-flight.js";
import { processAlive } from "../../core/process-owner.js";
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

/**
 * Checks, before anything is applied, that every record a change will write can be written: the
 * registry and history read back cleanly (a corrupt or newer file stops here, untouched) and their
 * folder and the plans folder are writable.
 */
export async function checkRecordsWritable(project: ProjectContext, infra: Infra): Promise<void> {
  const paths = registryPaths(project.paths.stateDir, infra.env.name);
  await readRegistry(paths.registry);
  await readHistory(paths.history);
  const plans = plansDir(project.paths.stateDir, infra.env.name);
  for (const path of [paths.dir, plans]) {
    await mkdir(path, { recursive: true, mode: 0o700 });
  }
  for (const path of [paths.dir, plans, paths.registry, paths.history, paths.deployedMd]) {
    const refused = await access(path, constants.W_OK).then(
      () => undefined,
      (error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : (error.code ?? "EACCES")),
    );
    if (refused !== undefined) {
      // The same code as a write the record store finds refused: one problem, one code.
      throw new RecordError("RECORD_NOT_WRITABLE", `${path} is not writable, so this change could not be recorded`, {
        suggestion: `make ${path} writable for ${actor(project)} and run the command again; nothing was changed`,
        details: { path, errno: refused },
      });
    }
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
  approval?: HistoryEntry["approval"];
  /** A change without an engine plan, in one line. */
  change?: string;
}

/** Changes to the state itself: they rebuild the registry, but deploy nothing. */
const STATE_CHANGES: ReadonlySet<HistoryEntry["kind"]> = new Set([
  "state_rm",
  "state_mv",
  "state_import",
  "state_unlock",
]);

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
    const built = buildRegistry({
      environment: infra.env.name,
      project: project.config.project.name,
      resources: input.resources,
      ...(infra.env.stack === undefined ? {} : { stack: infra.env.stack }),
      ...(previous === undefined ? {} : { previous }),
      deploymentId: input.deploymentId,
      now,
      deployed: input.outcome === "applied" || input.outcome === "no_changes",
      region: infra.env.region,
      consoleUrl: (resource) => infra.hosting.consoleUrl(resource, infra.env),
    });
    // A state change deploys nothing: the last deployment stays the one recorded.
    registry =
      STATE_CHANGES.has(input.kind) && previous !== undefined
        ? { ...built, last_deployed: previous.last_deployed, deployment_id: previous.deployment_id }
        : built;
    await writeRegistry(paths.registry, registry);
  }
  await appendHistory(paths.history, {
    schema_version: 1,
    id: input.deploymentId,
    kind: input.kind,
    environment: infra.env.name,
    ...(infra.env.stack === undefined ? {} : { stack: infra.env.stack }),
    at: now.toISOString(),
    actor: actor(project),
    outcome: input.outcome,
    ...(input.planId === undefined ? {} : { plan_id: input.planId }),
    ...(input.summary === undefined ? {} : { plan_hash: input.summary.planHash, counts: input.summary.counts }),
    duration_ms: input.durationMs,
    ...(input.identity === undefined ? {} : { account: input.identity.account }),
    ...(input.error === undefined ? {} : { error: input.error }),
    ...(input.approval === undefined ? {} : { approval: input.approval }),
    ...(input.change === undefined ? {} : { change: input.change }),
  });
  // The history now holds how the environment's last deploy or teardown ended: no start is left open.
  if (input.kind !== "remediation") await clearInFlight(inFlightPath(project.paths.stateDir, infra.env.name));
  const current = registry ?? (await readRegistry(paths.registry));
  if (current !== undefined) {
    const history = await readHistory(paths.history);
    const state =
      input.kind === "teardown" && input.outcome === "applied"
        ? "torn_down"
        : input.outcome === "failed" || input.outcome === "interrupted"
          ? "failed"
          : "deployed";
    await writeAtomic(
      paths.deployedMd,
      renderDeployedMd({ registry: current, history, status: { state, checkedAt: now.toISOString() } }),
    );
  }
  return { ...(registry === undefined ? {} : { registry }), paths };
}

/**
 * A deploy or teardown whose devops process died while applying (kill -9, a crash): its in-flight mark
 * names a process of this host that no longer runs. Its outcome is recorded as `interrupted` once, and
 * the mark removed; the returned entry lets the command say so. A mark of a live process, of another
 * host or without an owner is left alone: that run may still be applying.
 */
export async function settleAbandonedRun(project: ProjectContext, infra: Infra): Promise<HistoryEntry | undefined> {
  const path = inFlightPath(project.paths.stateDir, infra.env.name);
  const open = await readInFlight(path);
  if (open?.pid === undefined || open.host !== hostname() || processAlive(open.pid)) return undefined;
  const started = Date.parse(open.started_at);
  const entry = {
    kind: open.kind,
    outcome: "interrupted" as const,
    deploymentId: open.id,
    ...(open.plan_id === undefined ? {} : { planId: open.plan_id }),
    durationMs: Math.max(0, project.clock.now().getTime() - started),
    error: {
      code: "RUN_ABANDONED",
      message: `the ${open.kind} of ${infra.env.name} started at ${open.started_at} by process ${open.pid} ended without an outcome (the process died while applying)${open.plan_id === undefined ? "" : `; plan ${open.plan_id} was used and nothing records what it changed`}`,
    },
  };
  await recordChange(project, infra, entry);
  const history = await readHistory(registryPaths(project.paths.stateDir, infra.env.name).history);
  return history.findLast((line) => line.id === open.id && line.outcome === "interrupted");
}
