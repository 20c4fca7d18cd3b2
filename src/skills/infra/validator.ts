// infra-validator: Terraform's own diagnostics (file and line), then the project's conventions on
// the planned resources — AWS naming rules, the naming pattern, required tags.
import { join } from "node:path";
import { rm } from "node:fs/promises";
import type { ProjectContext } from "../../core/context.js";
import type { Diagnostic, PlanVariables, StateResource } from "../../core/handler-contract.js";
import { checkAwsName, substitute } from "../../core/naming.js";
import type { Infra } from "./target.js";

export interface Finding {
  severity: "error" | "warning";
  rule: "terraform" | "aws-name" | "naming-pattern" | "required-tags";
  message: string;
  address?: string;
  file?: string;
  line?: number;
}

export interface ValidationReport {
  valid: boolean;
  findings: Finding[];
  checkedResources: number;
  planned: boolean;
}

/** The attribute that holds the AWS-side name, for types whose name is not simply `name`. */
const NAME_ATTRIBUTE: Record<string, string> = {
  aws_s3_bucket: "bucket",
  aws_lambda_function: "function_name",
  aws_ecs_task_definition: "family",
  aws_cloudwatch_metric_alarm: "alarm_name",
  aws_db_instance: "identifier",
};

export function awsNameOf(resource: StateResource): string | undefined {
  const value = resource.values[NAME_ATTRIBUTE[resource.type] ?? "name"];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function fromDiagnostic(diagnostic: Diagnostic): Finding {
  return {
    severity: diagnostic.severity,
    rule: "terraform",
    message: `${diagnostic.summary}${diagnostic.detail === undefined ? "" : `: ${diagnostic.detail}`}`,
    ...(diagnostic.address === undefined ? {} : { address: diagnostic.address }),
    ...(diagnostic.file === undefined ? {} : { file: diagnostic.file }),
    ...(diagnostic.line === undefined ? {} : { line: diagnostic.line }),
  };
}

/** The part of the naming pattern before `{resource}`, e.g. "shop-api-test-". */
export function namePrefix(project: ProjectContext, environment: string): string {
  const marker = "\u0000";
  const { name, subsystem, organization } = project.config.project;
  const resolved = substitute(
    project.config.resource_naming.pattern,
    {
      project: name,
      environment,
      resource: marker,
      ...(subsystem === undefined ? {} : { subsystem }),
      ...(organization === undefined ? {} : { organization }),
    },
    "resource_naming.pattern",
  );
  return resolved.split(marker)[0] ?? "";
}

/** Types whose AWS name the code chooses; other types have generated ids, or names only in a tag. */
export const NAMED_TYPES: ReadonlySet<string> = new Set([
  "aws_lambda_function",
  "aws_s3_bucket",
  "aws_iam_role",
  "aws_iam_policy",
  "aws_iam_user",
  "aws_ecs_cluster",
  "aws_ecs_service",
  "aws_ecs_task_definition",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_metric_alarm",
  "aws_dynamodb_table",
  "aws_sqs_queue",
  "aws_sns_topic",
  "aws_lb",
  "aws_alb",
  "aws_lb_target_group",
  "aws_alb_target_group",
  "aws_security_group",
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_ecr_repository",
  "aws_kinesis_stream",
  "aws_secretsmanager_secret",
  "aws_apigatewayv2_api",
  "aws_elasticache_cluster",
  "aws_sfn_state_machine",
  "aws_cloudwatch_event_rule",
]);

/**
 * Names AWS decides rather than the project: the `default` security group, VPC, subnets, route table and
 * ACL (`aws_default_*` adopt them), an API's "$default" stage, and the log group Lambda writes to,
 * "/aws/lambda/<function>", whose function carries the prefix.
 */
export function awsFixedName(type: string, name: string, prefix: string): boolean {
  if (type.startsWith("aws_default_")) return true;
  if (name === "default" && type === "aws_security_group") return true;
  if (name === "$default" && (type === "aws_apigatewayv2_stage" || type === "aws_api_gateway_stage")) return true;
  return (
    type === "aws_cloudwatch_log_group" &&
    (name.startsWith(`/aws/lambda/${prefix}`) ||
      name.startsWith(`/aws/ecs/${prefix}`) ||
      name.startsWith(`/ecs/${prefix}`))
  );
}

/** How the naming pattern applies to a resource. */
export type NamingSubject =
  | { kind: "checked"; name: string }
  /** A type whose name the code chooses, but the plan does not know it yet (computed, or from name_prefix). */
  | { kind: "unknown" }
  /** AWS decides the name (`aws_default_*` adopt resources AWS created, whose name may not be known yet). */
  | { kind: "aws-fixed"; name?: string }
  /** A type with no name of the code's choosing: nothing to judge. */
  | { kind: "not-named" };

export function namingSubject(resource: StateResource, prefix: string): NamingSubject {
  const name = awsNameOf(resource);
  if (resource.type.startsWith("aws_default_"))
    return name === undefined ? { kind: "aws-fixed" } : { kind: "aws-fixed", name };
  if (!NAMED_TYPES.has(resource.type)) return { kind: "not-named" };
  if (name === undefined) return { kind: "unknown" };
  return awsFixedName(resource.type, name, prefix) ? { kind: "aws-fixed", name } : { kind: "checked", name };
}

export function conventionFindings(
  project: ProjectContext,
  environment: string,
  resources: readonly StateResource[],
): Finding[] {
  const findings: Finding[] = [];
  const prefix = namePrefix(project, environment);
  const mode = project.config.resource_naming.check;
  const required = project.config.tagging.required;
  for (const resource of resources.filter((r) => r.type.startsWith("aws_"))) {
    const name = awsNameOf(resource);
    const subject = namingSubject(resource, prefix);
    if (name !== undefined && subject.kind !== "aws-fixed") {
      for (const problem of checkAwsName(resource.type, name))
        findings.push({ severity: "error", rule: "aws-name", address: resource.address, message: problem });
    }
    if (subject.kind === "checked" && mode !== "off" && prefix !== "" && !subject.name.startsWith(prefix)) {
      // The address travels in its own field: the message names only the name and the rule.
      findings.push({
        severity: mode === "enforce" ? "error" : "warning",
        rule: "naming-pattern",
        address: resource.address,
        message: `named "${subject.name}", which does not start with "${prefix}" (resource_naming.pattern)`,
      });
    }
    if (required.length > 0 && "tags" in resource.values) {
      const tags = {
        ...(resource.values.tags as Record<string, string> | null),
        ...(resource.values.tags_all as Record<string, string> | null),
      };
      const missing = required.filter((key) => !(key in tags));
      if (missing.length > 0) {
        findings.push({
          severity: "error",
          rule: "required-tags",
          address: resource.address,
          message: `${resource.address} is missing required tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
        });
      }
    }
  }
  return findings;
}

export async function validateInfrastructure(
  project: ProjectContext,
  infra: Infra,
  /** --var values the plan needs (variables without a default, say); never recorded. */
  variables?: PlanVariables,
): Promise<ValidationReport> {
  await infra.iac.prepare(project, infra.target);
  const validation = await infra.iac.validate(project, infra.target);
  const findings = validation.diagnostics.map(fromDiagnostic);
  if (!validation.valid) return { valid: false, findings, checkedResources: 0, planned: false };

  const planFile = join(infra.target.runsDir, `${infra.env.name}-validate.tfplan`);
  try {
    await infra.iac.plan(project, infra.target, planFile, variables === undefined ? {} : { variables });
    const resources = await infra.iac.plannedResources(project, infra.target, planFile);
    findings.push(...conventionFindings(project, infra.env.name, resources));
    return {
      valid: !findings.some((f) => f.severity === "error"),
      findings,
      checkedResources: resources.length,
      planned: true,
    };
  } finally {
    await rm(planFile, { force: true });
  }
}
