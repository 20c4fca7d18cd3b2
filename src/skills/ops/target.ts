// Opens one environment for operations: its hosting handler and runtime services, and the resources
// recorded in its registry, with forgiving matching of a --service name against them.
import { commandLine } from "../../core/commands/command-line.js";
import type { ProjectContext } from "../../core/context.js";
import { UserError } from "../../core/errors.js";
import type { HostingHandler, HostingServices } from "../../core/handler-contract.js";
import type { ResolvedEnvironment } from "../../core/config/resolve.js";
import { closest } from "../../core/suggest.js";
import { loadHostingHandler } from "../../handlers/registry.js";
import { readRegistry, registryPaths, type Registry, type RegistryResource } from "../../records/registry.js";

export interface Ops {
  env: ResolvedEnvironment;
  hosting: HostingHandler;
  services: HostingServices;
  registry?: Registry;
  resources: RegistryResource[];
}

export async function openOps(project: ProjectContext, environmentWord: string): Promise<Ops> {
  const env = project.environment(environmentWord);
  const hosting = await loadHostingHandler(project, project.config.handlers.hosting.active);
  const registry = await readRegistry(registryPaths(project.paths.stateDir, env.name).registry);
  return {
    env,
    hosting,
    services: hosting.services(project, env),
    ...(registry === undefined ? {} : { registry }),
    resources: registry?.resources ?? [],
  };
}

function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function labels(resource: RegistryResource): string[] {
  return [resource.name, resource.terraform_address, resource.aws_id, resource.arn].filter(
    (v): v is string => typeof v === "string" && v !== "",
  );
}

/**
 * The resources a --service value names: an exact name, address, id or ARN first; then names that
 * contain it once separators and case are ignored ("api-lambda" finds "shop-api-test-api-lambda").
 */
export function selectResources(
  resources: readonly RegistryResource[],
  service: string | undefined,
  environment: string,
): RegistryResource[] {
  if (service === undefined) return [...resources];
  const exact = resources.filter((resource) => labels(resource).includes(service));
  if (exact.length > 0) return exact;
  const wanted = squash(service);
  const partial = resources.filter((resource) => labels(resource).some((label) => squash(label).includes(wanted)));
  if (partial.length > 0 && wanted !== "") return partial;
  const names = resources.map((resource) => resource.name ?? resource.terraform_address);
  const guess = closest(service, names);
  throw new UserError("SERVICE_UNKNOWN", `no deployed resource in "${environment}" matches "${service}"`, {
    suggestion:
      names.length === 0
        ? `nothing is recorded for "${environment}": deploy first, or run ${commandLine("infra show-resources", { env: environment, refresh: true })}`
        : guess !== undefined
          ? `did you mean "${guess}"?`
          : `known resources: ${names.slice(0, 12).join(", ")}${names.length > 12 ? ", …" : ""}`,
    details: { service, known: names },
  });
}
