// The states a module already has besides the one an environment is about to use: local state files
// and workspaces left by plain `terraform` runs, the backend's other workspaces, and the code's own
// backend when devops.json's replaces it. A plan that creates everything next to one of these is most
// likely aimed at the wrong state.
import { join, resolve } from "node:path";
import type { ResolvedEnvironment } from "../../../core/config/handler-config.js";
import type { Context } from "../../../core/context.js";
import type { IacTarget, StateElsewhere } from "../../../core/handler-contract.js";
import { backendDifferences } from "./backend.js";
import { terraformSettings, terraformSettingsOf, type TerraformSettings } from "./config.js";
import { inspectModule } from "./inspect.js";
import { runEngine } from "./runner.js";

/** The local state file an environment uses, when its backend is local (or none). */
function ownLocalState(settings: TerraformSettings): string | undefined {
  const { backend, directory } = settings;
  if (backend !== undefined && backend.type !== "local") return undefined;
  const workspace = settings.workspace ?? "default";
  return workspace === "default"
    ? resolve(directory, backend?.path ?? "terraform.tfstate")
    : join(directory, "terraform.tfstate.d", workspace, "terraform.tfstate");
}

async function otherWorkspaces(ctx: Context, target: IacTarget, known: ReadonlySet<string>): Promise<StateElsewhere[]> {
  const listed = await runEngine(ctx, target, "workspace list", { args: ["workspace", "list"], workspace: false });
  const names = listed.stdout
    .split("\n")
    .map((line) => line.replace(/^\*?\s*/, "").trim())
    .filter((name) => name !== "" && !known.has(name));
  const found: StateElsewhere[] = [];
  for (const workspace of names) {
    const other = { ...target, env: { ...target.env, iac: { ...target.env.iac, workspace } } };
    const result = await runEngine(ctx, other, "state list", { args: ["state", "list"], okExitCodes: [0, 1] });
    const resources = result.stdout
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("data.")).length;
    if (resources > 0) found.push({ location: `workspace "${workspace}" of the same backend`, resources });
  }
  return found;
}

/** The workspace of an environment on the same backend, or none when it keeps its state elsewhere. */
function sameBackendWorkspace(settings: TerraformSettings, other: TerraformSettings): string | undefined {
  const a = settings.backend;
  const b = other.backend;
  const same =
    other.directory === settings.directory &&
    a?.type === b?.type &&
    a?.bucket === b?.bucket &&
    a?.key === b?.key &&
    a?.path === b?.path;
  return same ? (other.workspace ?? "default") : undefined;
}

export async function statesElsewhere(
  ctx: Context,
  target: IacTarget,
  others: readonly ResolvedEnvironment[],
): Promise<StateElsewhere[]> {
  const settings = terraformSettings(target.env);
  const module = await inspectModule(settings.directory);
  const own = ownLocalState(settings);
  // The config's other environments own their states: finding them full is expected, not a warning.
  const othersSettings = others.flatMap((env) => terraformSettingsOf(env) ?? []);
  const owned = new Set([own, ...othersSettings.map(ownLocalState)].filter((path) => path !== undefined));
  const known = new Set([
    settings.workspace ?? "default",
    ...othersSettings.flatMap((other) => sameBackendWorkspace(settings, other) ?? []),
  ]);
  const found: StateElsewhere[] = module.states
    .filter((state) => state.resources > 0 && !owned.has(state.path))
    .map((state) => ({ location: `${state.path} (workspace "${state.workspace}")`, resources: state.resources }));
  const declared = module.backend;
  if (declared !== undefined && settings.backend !== undefined && settings.backendSource === "config") {
    const differences = backendDifferences(declared, settings.backend, target.env.region);
    if (differences.length > 0) {
      found.push({
        location: `the backend written in the code (${differences.map((d) => `${d.field} ${JSON.stringify(d.code)}`).join(", ")}), which devops.json replaces`,
      });
    }
  }
  if (own === undefined) found.push(...(await otherWorkspaces(ctx, target, known)));
  return found;
}
