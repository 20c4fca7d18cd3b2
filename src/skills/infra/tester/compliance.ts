// Naming and tagging compliance of the planned resources, judged by the validator's own convention
// rules (so validate-config and test-changes agree). Required tags are tagging.required; when none are
// configured, the conventional set (Environment, Project, Subsystem when configured, ManagedBy) is
// checked as a recommendation: missing ones warn instead of failing.
import type { ProjectContext } from "../../../core/context.js";
import type { StateResource } from "../../../core/handler-contract.js";
import { conventionFindings, namePrefix, namingSubject, type Finding } from "../validator.js";
import type { TestStatus } from "./verdict.js";

export interface NonCompliant {
  address: string;
  rule: Finding["rule"];
  severity: "error" | "warning";
  message: string;
}

export interface NamingResult {
  status: TestStatus;
  summary: string;
  /** resource_naming.check: enforce, warn or off. */
  mode: "enforce" | "warn" | "off";
  /** Resources whose name the code chooses and the plan knows: the only ones judged. */
  checked: number;
  /** Addresses whose name the code chooses but the plan does not know yet (computed, name_prefix). */
  unknown_at_plan_time: string[];
  /** Names AWS fixes (the `default` security group, …), left out. */
  aws_fixed: number;
  non_compliant: NonCompliant[];
}

export interface TaggingResult {
  status: TestStatus;
  summary: string;
  /** "tagging.required" when configured, else "recommended" (the conventional set, warnings only). */
  source: "tagging.required" | "recommended";
  required_tags: string[];
  checked: number;
  missing_tags: Array<{ address: string; missing: string[] }>;
}

/** The conventional tag set, for projects that configure no required tags. */
export function recommendedTags(project: ProjectContext): string[] {
  return [
    "Environment",
    "Project",
    ...(project.config.project.subsystem === undefined ? [] : ["Subsystem"]),
    "ManagedBy",
  ];
}

const toNonCompliant = (f: Finding): NonCompliant => ({
  address: f.address ?? "",
  rule: f.rule,
  severity: f.severity,
  message: f.message,
});

const isAws = (r: StateResource) => r.type.startsWith("aws_");

export function namingCompliance(
  project: ProjectContext,
  environment: string,
  resources: readonly StateResource[],
): NamingResult {
  const mode = project.config.resource_naming.check;
  const prefix = namePrefix(project, environment);
  // Tags are judged by tagging compliance: the validator sees the resources without them here.
  const withoutTags = resources.filter(isAws).map((r) => ({
    ...r,
    values: Object.fromEntries(Object.entries(r.values).filter(([key]) => key !== "tags" && key !== "tags_all")),
  }));
  const subjects = withoutTags.map((r) => ({ address: r.address, subject: namingSubject(r, prefix) }));
  const checked = subjects.filter((s) => s.subject.kind === "checked").length;
  const unknown = subjects.filter((s) => s.subject.kind === "unknown").map((s) => s.address);
  const awsFixed = subjects.filter((s) => s.subject.kind === "aws-fixed").length;
  const findings = conventionFindings(project, environment, withoutTags).filter(
    (f) => f.rule === "aws-name" || f.rule === "naming-pattern",
  );
  const errors = findings.filter((f) => f.severity === "error").length;
  const status: TestStatus = errors > 0 ? "fail" : findings.length > 0 ? "warn" : "pass";
  const offPattern = findings.filter((f) => f.rule === "naming-pattern").length;
  const broken = new Set(findings.filter((f) => f.rule === "aws-name").map((f) => f.address)).size;
  const parts = [
    mode === "off"
      ? `naming pattern not checked (resource_naming.check is "off")`
      : `${checked - offPattern} of ${checked} known name(s) follow resource_naming.pattern`,
    ...(broken > 0 ? [`${broken} break AWS's naming rules`] : []),
    ...(unknown.length > 0 ? [`${unknown.length} unknown at plan time`] : []),
    ...(awsFixed > 0 ? [`${awsFixed} named by AWS (not judged)`] : []),
  ];
  return {
    status,
    summary: parts.join("; "),
    mode,
    checked,
    unknown_at_plan_time: unknown,
    aws_fixed: awsFixed,
    non_compliant: findings.map(toNonCompliant),
  };
}

const MISSING = /is missing required tags? (.+)$/;

export function taggingCompliance(
  project: ProjectContext,
  environment: string,
  resources: readonly StateResource[],
): TaggingResult {
  const configured = project.config.tagging.required;
  const source = configured.length > 0 ? "tagging.required" : "recommended";
  const required = configured.length > 0 ? configured : recommendedTags(project);
  const judged: ProjectContext = {
    ...project,
    config: { ...project.config, tagging: { ...project.config.tagging, required } },
  };
  // Only the tag rule: names are judged by naming compliance.
  const taggable = resources
    .filter((r) => isAws(r) && "tags" in r.values)
    .map((r) => ({ ...r, values: { tags: r.values.tags, tags_all: r.values.tags_all } }));
  const findings = conventionFindings(judged, environment, taggable).filter((f) => f.rule === "required-tags");
  const missing = findings.map((f) => ({
    address: f.address ?? "",
    missing: (MISSING.exec(f.message)?.[1] ?? "").split(", ").filter((t) => t !== ""),
  }));
  const status: TestStatus = missing.length === 0 ? "pass" : source === "tagging.required" ? "fail" : "warn";
  const summary =
    missing.length === 0
      ? `${taggable.length} taggable resource(s) carry ${required.join(", ")}`
      : `${missing.length} of ${taggable.length} taggable resource(s) miss ${source === "tagging.required" ? "required" : "recommended"} tags`;
  return { status, summary, source, required_tags: required, checked: taggable.length, missing_tags: missing };
}
