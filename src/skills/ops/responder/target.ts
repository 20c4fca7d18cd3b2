// Which deployed resource a remediation acts on (from the registry only: the responder never touches
// what this project did not deploy), and the account guard every remediation passes first.
import type { ProjectContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import type { CallerIdentity } from "../../../core/handler-contract.js";
import type { RegistryResource } from "../../../records/registry.js";
import type { RemediationTarget } from "./actions.js";
import { checkAccount } from "../../infra/target.js";
import { selectResources, type Ops } from "../target.js";

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** STS must confirm the credentials reach the environment's configured account before anything is read or changed. */
export function guardOpsAccount(project: ProjectContext, ops: Ops): Promise<CallerIdentity> {
  return checkAccount(project, ops.hosting, ops.env);
}

/** The cluster of an ECS service: its recorded `cluster`, else the one in a new-format service ARN. */
function clusterOf(resource: RegistryResource): string | undefined {
  const recorded = text(resource.metadata.cluster);
  if (recorded !== undefined) return recorded;
  const arn = resource.arn ?? resource.aws_id ?? "";
  const parts = arn.split(":").pop()?.split("/") ?? [];
  return parts.length === 3 && parts[0] === "service" ? parts[1] : undefined;
}

function functionMatches(fn: RegistryResource, reference: string | undefined): boolean {
  return reference !== undefined && [fn.name, fn.arn, fn.aws_id].includes(reference);
}

function aliasesOf(resources: readonly RegistryResource[], fn: RegistryResource): string[] {
  return resources
    .filter((r) => r.type === "aws_lambda_alias" && functionMatches(fn, text(r.metadata.function_name)))
    .map((r) => r.name)
    .sort();
}

function lambdaTarget(resources: readonly RegistryResource[], fn: RegistryResource, alias?: string): RemediationTarget {
  const aliases = alias === undefined ? aliasesOf(resources, fn) : [alias];
  return {
    kind: "lambda_function",
    name: fn.name,
    id: fn.arn ?? fn.name,
    terraformAddress: fn.terraform_address,
    aliases,
  };
}

function targetsOf(resources: readonly RegistryResource[], resource: RegistryResource): RemediationTarget[] {
  if (resource.type === "aws_ecs_service") {
    const cluster = clusterOf(resource);
    return [
      {
        kind: "ecs_service",
        name: resource.name,
        id: resource.arn ?? resource.aws_id ?? resource.name,
        ...(cluster === undefined ? {} : { cluster }),
        terraformAddress: resource.terraform_address,
        aliases: [],
      },
    ];
  }
  if (resource.type === "aws_lambda_function") return [lambdaTarget(resources, resource)];
  if (resource.type === "aws_lambda_alias") {
    // Naming an alias means its function, and that alias for a rollback.
    const fn = resources.find(
      (r) => r.type === "aws_lambda_function" && functionMatches(r, text(resource.metadata.function_name)),
    );
    return fn === undefined ? [] : [lambdaTarget(resources, fn, resource.name)];
  }
  return [];
}

/** Resolves --service to exactly one ECS service or Lambda function recorded in the registry. */
export function resolveRemediationTarget(ops: Ops, service: string): RemediationTarget {
  const env = ops.env.name;
  const selected = selectResources(ops.resources, service, env);
  const found = new Map<string, RemediationTarget>();
  // A function and one of its aliases are the same target: the function (all its aliases) wins when
  // both match; an alias named alone narrows a rollback to that alias.
  const ordered = [...selected].sort(
    (a, b) => Number(b.type === "aws_lambda_function") - Number(a.type === "aws_lambda_function"),
  );
  for (const resource of ordered) {
    for (const target of targetsOf(ops.resources, resource)) {
      const key = `${target.kind}:${target.id}`;
      if (!found.has(key)) found.set(key, target);
    }
  }
  const targets = [...found.values()];
  if (targets.length === 1) return targets[0]!;
  if (targets.length === 0) {
    const types = [...new Set(selected.map((r) => r.type))].join(", ");
    throw new UserError(
      "REMEDIATION_UNSUPPORTED",
      `"${service}" in "${env}" is ${types}; remediate acts on ECS services (aws_ecs_service) and Lambda functions (aws_lambda_function)`,
      {
        suggestion: "name an ECS service or a Lambda function with --service",
        details: { service, matched: selected.map((r) => r.terraform_address) },
      },
    );
  }
  throw new UserError(
    "SERVICE_AMBIGUOUS",
    `"${service}" matches ${targets.length} resources in "${env}": ${targets.map((t) => t.name).join(", ")}`,
    {
      suggestion: `name one exactly, e.g. --service ${targets[0]!.name}`,
      details: { service, matched: targets.map((t) => ({ kind: t.kind, name: t.name, address: t.terraformAddress })) },
    },
  );
}
