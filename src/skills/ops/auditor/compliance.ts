// The compliance part of the audit, pure: the project's naming pattern and AWS naming rules, required
// tags and the configured default tags (e.g. ManagedBy), on the registry's and the discovered resources.
// It reuses the validator's convention rules, so a plan and a running environment are judged alike.
import type { ProjectContext } from "../../../core/context.js";
import type { StateResource } from "../../../core/handler-contract.js";
import type { AuditCheck, AuditStatus } from "../../../records/audit-report.js";
import { awsFixedName, conventionFindings, NAMED_TYPES, namePrefix, type Finding } from "../../infra/validator.js";
import type { AuditResource } from "./scope.js";

/** Types that carry tags; a resource outside this list counts as taggable only when it has tags. */
const TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  ...NAMED_TYPES,
  "aws_vpc",
  "aws_subnet",
  "aws_instance",
  "aws_ebs_volume",
  "aws_nat_gateway",
  "aws_eip",
  "aws_internet_gateway",
  "aws_route_table",
  "aws_kms_key",
  "aws_cloudfront_distribution",
  "aws_api_gateway_rest_api",
]);

const GENERATED_ID = /^[a-z]+-[0-9a-f]{8,}$/;

/** The name the pattern applies to: log groups keep AWS's prefixes (/aws/lambda/…), so their last segment. */
function patternName(resource: AuditResource): string {
  return resource.type === "aws_cloudwatch_log_group"
    ? (resource.name.split("/").at(-1) ?? resource.name)
    : resource.name;
}

function isNamed(resource: AuditResource, prefix: string): boolean {
  if (!NAMED_TYPES.has(resource.type)) return false;
  // Log groups are judged by their last segment (patternName); other names AWS fixes are not judged.
  if (resource.type !== "aws_cloudwatch_log_group" && awsFixedName(resource.type, resource.name, prefix)) return false;
  // A discovered resource known only by its generated id (sg-0abc…) has no chosen name to judge.
  return !(resource.source === "discovered" && resource.name === resource.id && GENERATED_ID.test(resource.name));
}

export function isTaggable(resource: AuditResource): boolean {
  return resource.source === "discovered" || TAGGABLE_TYPES.has(resource.type) || Object.keys(resource.tags).length > 0;
}

/** The validator's view of a resource: the name under every attribute it may read, tags when taggable. */
export function asStateResource(resource: AuditResource, options: { naming: boolean; tags: boolean }): StateResource {
  const name = patternName(resource);
  const values: Record<string, unknown> = options.naming
    ? { name, bucket: name, function_name: name, family: name, alarm_name: name, identifier: name }
    : {};
  if (options.tags) values.tags = resource.tags;
  // The validator only looks at aws_* types; a discovered kind with no Terraform type still has tags to check.
  const type = resource.type.startsWith("aws_") ? resource.type : "aws_resource";
  return {
    address: resource.label,
    type,
    name: resource.name,
    providerName: "registry.terraform.io/hashicorp/aws",
    values,
  };
}

const check = (
  id: string,
  title: string,
  status: AuditStatus,
  resource: AuditResource,
  detail: string,
  recommendation: string,
): AuditCheck => ({
  id,
  area: "compliance",
  title,
  status,
  resource: resource.source === "registry" ? `${resource.name} (${resource.label})` : resource.label,
  detail,
  recommendation,
});

function byAddress(findings: readonly Finding[], rules: readonly Finding["rule"][]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.address === undefined || !rules.includes(finding.rule)) continue;
    map.set(finding.address, [...(map.get(finding.address) ?? []), finding]);
  }
  return map;
}

export function complianceChecks(
  project: ProjectContext,
  environment: string,
  resources: readonly AuditResource[],
): AuditCheck[] {
  const aws = resources.filter((r) => r.type.startsWith("aws"));
  const prefix = namePrefix(project, environment);
  // "off": an adopted project whose names predate the convention; AWS's own name rules still apply.
  const namingMode = project.config.resource_naming.check;
  const named = aws.filter((r) => isNamed(r, prefix));
  const taggable = aws.filter(isTaggable);
  const { required, defaults } = project.config.tagging;
  const findings = conventionFindings(project, environment, [
    ...named.map((r) => asStateResource(r, { naming: true, tags: false })),
    ...(required.length === 0 ? [] : taggable.map((r) => asStateResource(r, { naming: false, tags: true }))),
  ]);
  const naming = byAddress(findings, ["aws-name", "naming-pattern"]);
  const tags = byAddress(findings, ["required-tags"]);
  const checks: AuditCheck[] = [];

  for (const resource of named) {
    const found = naming.get(resource.label) ?? [];
    if (namingMode === "off" && found.length === 0) continue;
    const status: AuditStatus = found.some((f) => f.severity === "error") ? "fail" : found.length > 0 ? "warn" : "pass";
    const detail =
      found.length === 0
        ? `"${resource.name}" follows resource_naming.pattern and AWS's naming rules`
        : found.map((f) => f.message).join("; ");
    checks.push(
      check(
        "compliance.naming",
        "Resource name follows the naming pattern",
        status,
        resource,
        detail,
        "rename in the Terraform code (a rename usually replaces the resource: plan it deliberately)",
      ),
    );
  }

  if (required.length === 0) {
    checks.push({
      id: "compliance.required-tags",
      area: "compliance",
      title: "Required tags configured",
      status: "warn",
      detail: "tagging.required is empty: no tag is enforced",
      recommendation:
        "list the tags every resource must carry in tagging.required, e.g. Project, Environment, Owner, CostCenter",
    });
  } else {
    for (const resource of taggable) {
      const found = tags.get(resource.label) ?? [];
      const detail = found.length === 0 ? `carries ${required.join(", ")}` : found.map((f) => f.message).join("; ");
      checks.push(
        check(
          "compliance.required-tags",
          "Required tags present",
          found.length === 0 ? "pass" : "fail",
          resource,
          detail,
          "add the tags (provider default_tags make them apply to every resource)",
        ),
      );
    }
  }

  const expected = Object.entries(defaults);
  if (expected.length > 0) {
    for (const resource of taggable) {
      const wrong = expected.filter(([key, value]) => resource.tags[key] !== value);
      const detail =
        wrong.length === 0
          ? `carries ${expected.map(([k, v]) => `${k}=${v}`).join(", ")}`
          : `missing or different: ${wrong.map(([k, v]) => `${k}=${v} (has ${resource.tags[k] ?? "none"})`).join(", ")}`;
      checks.push(
        check(
          "compliance.default-tags",
          "Default tags present",
          wrong.length === 0 ? "pass" : "warn",
          resource,
          detail,
          "set tagging.defaults through the provider's default_tags block",
        ),
      );
    }
  }
  return checks;
}
