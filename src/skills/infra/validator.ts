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
function namePrefix(project: ProjectContext, environment: string): string {
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

/**
 * Names AWS decides rather than the project: an API's "$default" stage, and the log group Lambda
 * writes to, "/aws/lambda/<function>", whose function carries the prefix.
 */
function awsFixedName(type: string, name: string, prefix: string): boolean {
  if (name === "$default" && (type === "aws_apigatewayv2_stage" || type === "aws_api_gateway_stage")) return true;
  return (
    type === "aws_cloudwatch_log_group" &&
    (name.startsWith(`/aws/lambda/${prefix}`) ||
      name.startsWith(`/aws/ecs/${prefix}`) ||
      name.startsWith(`/ecs/${prefix}`))
  );
}

export function conventionFindings(
  project: ProjectContext,
  environment: string,
  resources: readonly StateResource[],
): Finding[] {
  const findings: Finding[] = [];
  const prefix = namePrefix(project, environment);
  const required = project.config.tagging.required;
  for (const resource of resources.filter((r) => r.type.startsWith("aws_"))) {
    const name = awsNameOf(resource);
    if (name !== undefined) {
      for (const problem of checkAwsName(resource.type, name))
        findings.push({ severity: "error", rule: "aws-name", address: resource.address, message: problem });
      if (prefix !== "" && !name.startsWith(prefix) && !awsFixedName(resource.type, name, prefix)) {
        findings.push({
          severity: "warning",
          rule: "naming-pattern",
          address: resource.address,
          message: `${resource.address} is named "${name}", which does not start with "${prefix}" (resource_naming.pattern)`,
        });
      }
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
