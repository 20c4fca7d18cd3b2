// Which CloudWatch log groups belong to the deployed resources: a configured override
// (monitoring.log_groups) first, then per type — Lambda `/aws/lambda/<name>`, ECS from the service's
// task definition (its containers' awslogs-group), a log group resource itself.
import { UserError } from "../../../core/errors.js";
import type { LogsService } from "../../../core/services/logs.js";
import type { RegistryResource } from "../../../records/registry.js";
import { selectResources } from "../target.js";

export type LogGroupSource = "override" | "lambda" | "ecs" | "log-group";

export interface LogTarget {
  logGroup: string;
  /** The resources (names) writing to it. */
  resources: string[];
  source: LogGroupSource;
}

export interface UnresolvedLogs {
  resource: string;
  type?: string;
  reason: string;
}

export interface EcsRef {
  resource: string;
  cluster: string;
  service: string;
}

/** What the registry alone tells: direct targets, ECS services still to look up, and the rest. */
export interface LogGroupPlan {
  targets: LogTarget[];
  ecs: EcsRef[];
  unresolved: UnresolvedLogs[];
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** `arn:aws:ecs:<region>:<account>:service/<cluster>/<service>` → the cluster; undefined for old-style ARNs. */
export function clusterOfServiceArn(arn: string | undefined): string | undefined {
  const match = /^arn:[^:]+:ecs:[^:]*:\d*:service\/([^/]+)\/[^/]+$/.exec(arn ?? "");
  return match?.[1];
}

export function ecsRef(resource: RegistryResource): EcsRef | undefined {
  const cluster = text(resource.metadata.cluster) ?? clusterOfServiceArn(resource.arn ?? resource.aws_id);
  if (cluster === undefined) return undefined;
  return { resource: resource.name, cluster, service: resource.name };
}

/** Adds a target, merging resources that share a group (an ECS service logging into a function's group). */
export function addTarget(targets: LogTarget[], target: LogTarget): void {
  const same = targets.find((existing) => existing.logGroup === target.logGroup);
  if (same === undefined) {
    targets.push({ ...target, resources: [...target.resources] });
    return;
  }
  for (const resource of target.resources) if (!same.resources.includes(resource)) same.resources.push(resource);
}

/** Pure: the log groups the registry and the overrides name, and the ECS services still to resolve. */
export function planLogGroups(
  resources: readonly RegistryResource[],
  overrides: Readonly<Record<string, string>>,
  extraOverrideKeys: readonly string[] = [],
): LogGroupPlan {
  const plan: LogGroupPlan = { targets: [], ecs: [], unresolved: [] };
  for (const key of extraOverrideKeys) {
    const group = overrides[key];
    if (group !== undefined) addTarget(plan.targets, { logGroup: group, resources: [key], source: "override" });
  }
  const logGroupResources: RegistryResource[] = [];
  for (const resource of resources) {
    const override = overrides[resource.name] ?? overrides[resource.terraform_address];
    if (override !== undefined) {
      addTarget(plan.targets, { logGroup: override, resources: [resource.name], source: "override" });
    } else if (resource.type === "aws_lambda_function") {
      addTarget(plan.targets, {
        logGroup: `/aws/lambda/${resource.name}`,
        resources: [resource.name],
        source: "lambda",
      });
    } else if (resource.type === "aws_ecs_service") {
      const ref = ecsRef(resource);
      if (ref !== undefined) plan.ecs.push(ref);
      else
        plan.unresolved.push({
          resource: resource.name,
          type: resource.type,
          reason: "the registry names no cluster for this ECS service",
        });
    } else if (resource.type === "aws_cloudwatch_log_group") {
      logGroupResources.push(resource);
    }
  }
  // A log group resource is a target of its own only when no function or service already covers it.
  for (const resource of logGroupResources) {
    if (!plan.targets.some((target) => target.logGroup === resource.name))
      addTarget(plan.targets, { logGroup: resource.name, resources: [resource.name], source: "log-group" });
  }
  return plan;
}

/** The registry resources a --service value selects, or every one; override keys count as names too. */
export function selectLogResources(
  resources: readonly RegistryResource[],
  overrides: Readonly<Record<string, string>>,
  service: string | undefined,
  environment: string,
): { resources: RegistryResource[]; overrideKeys: string[] } {
  if (service === undefined) {
    const named = new Set(resources.flatMap((resource) => [resource.name, resource.terraform_address]));
    return { resources: [...resources], overrideKeys: Object.keys(overrides).filter((key) => !named.has(key)) };
  }
  if (
    overrides[service] !== undefined &&
    !resources.some((resource) => resource.name === service || resource.terraform_address === service)
  ) {
    return { resources: [], overrideKeys: [service] };
  }
  return { resources: selectResources(resources, service, environment), overrideKeys: [] };
}

export interface ResolvedLogGroups {
  targets: LogTarget[];
  unresolved: UnresolvedLogs[];
}

/** The plan completed with the ECS task definitions' awslogs groups (DescribeServices, DescribeTaskDefinition). */
export async function resolveLogGroups(logs: LogsService, plan: LogGroupPlan): Promise<ResolvedLogGroups> {
  const targets = plan.targets.map((target) => ({ ...target, resources: [...target.resources] }));
  const unresolved = [...plan.unresolved];
  const found = await Promise.all(
    plan.ecs.map(async (ref) => {
      const facts = await logs.ecsService({ cluster: ref.cluster, service: ref.service });
      if (facts?.taskDefinition === undefined)
        return { ref, groups: [] as string[], reason: "the ECS service was not found" };
      const groups = await logs.taskDefinitionLogGroups(facts.taskDefinition);
      return { ref, groups, reason: "its task definition has no awslogs log configuration" };
    }),
  );
  for (const { ref, groups, reason } of found) {
    if (groups.length === 0) unresolved.push({ resource: ref.resource, type: "aws_ecs_service", reason });
    for (const group of groups) addTarget(targets, { logGroup: group, resources: [ref.resource], source: "ecs" });
  }
  return { targets, unresolved };
}

/** A UserError for a --service that names something without logs. */
export function noLogGroups(service: string, unresolved: readonly UnresolvedLogs[]): UserError {
  const why = unresolved.map((entry) => `${entry.resource}: ${entry.reason}`).join("; ");
  return new UserError("LOG_GROUP_UNKNOWN", `no log group is known for "${service}"${why === "" ? "" : ` (${why})`}`, {
    suggestion: `name a Lambda function or ECS service, or set monitoring.log_groups["${service}"] in .devops/devops.json`,
    details: { service, unresolved },
  });
}

/** The log groups of the resources a --service value selects (all when absent), resolved through the provider. */
export async function findLogTargets(
  ops: { env: { name: string }; services: { logs: LogsService }; resources: readonly RegistryResource[] },
  overrides: Readonly<Record<string, string>>,
  service: string | undefined,
): Promise<ResolvedLogGroups> {
  const selected = selectLogResources(ops.resources, overrides, service, ops.env.name);
  const resolved = await resolveLogGroups(
    ops.services.logs,
    planLogGroups(selected.resources, overrides, selected.overrideKeys),
  );
  if (service !== undefined && resolved.targets.length === 0) throw noLogGroups(service, resolved.unresolved);
  return resolved;
}
