// IAM policy analysis for the audit: a pure reading of policy documents for wildcard grants. `Action: *`
// and service-wide wildcards on every resource fail; write actions on `Resource: *` and `NotAction`
// grants warn; a few actions that only exist on `*` are allowed there.
import type { AuditCheck, AuditStatus } from "../../../records/audit-report.js";
import type { PolicyFact } from "../../../core/services/posture.js";

/** Verbs that only read. A wildcard verb is read-only when what precedes `*` starts with one of these. */
const READ_VERBS = [
  "Get",
  "List",
  "Describe",
  "Head",
  "Lookup",
  "Search",
  "Query",
  "Scan",
  "BatchGet",
  "Select",
  "View",
  "Read",
  "Check",
  "Validate",
  "Estimate",
  "Filter",
];

/** Write actions AWS only accepts on `Resource: "*"` (no resource-level permissions). */
const STAR_ONLY_ACTIONS = new Set(
  [
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "cloudwatch:PutMetricData",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
    "ecr:GetAuthorizationToken",
    "logs:CreateLogGroup",
  ].map((a) => a.toLowerCase()),
);

const list = (value: unknown): string[] =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
      ? value.filter((v): v is string => typeof v === "string")
      : [];

function statementsOf(document: unknown): Record<string, unknown>[] {
  if (typeof document !== "object" || document === null) return [];
  const statement = (document as { Statement?: unknown }).Statement;
  const all = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  return all.filter((s): s is Record<string, unknown> => typeof s === "object" && s !== null);
}

export function isReadOnlyAction(action: string): boolean {
  const verb = action.split(":")[1] ?? "";
  if (verb === "" || verb === "*") return false;
  const fixed = verb.endsWith("*") ? verb.slice(0, -1) : verb;
  return READ_VERBS.some((read) => fixed.startsWith(read));
}

export interface StatementFinding {
  status: Exclude<AuditStatus, "pass">;
  reason: string;
}

/** What is wrong with one statement, if anything. Deny statements never are. */
export function statementFindings(statement: Record<string, unknown>): StatementFinding[] {
  if (statement.Effect !== "Allow") return [];
  const actions = list(statement.Action);
  const resources = list(statement.Resource);
  const everyResource = resources.includes("*") || statement.NotResource !== undefined;
  const findings: StatementFinding[] = [];
  if (actions.some((a) => a === "*" || a === "*:*")) {
    findings.push({
      status: "fail",
      reason: `allows every action (Action "*") on ${everyResource ? "every resource" : resources.join(", ")}`,
    });
    return findings;
  }
  if (statement.NotAction !== undefined) {
    findings.push({
      status: "warn",
      reason: `allows everything except ${list(statement.NotAction).join(", ")} (NotAction)`,
    });
  }
  const serviceWide = actions.filter((a) => /^[\w-]+:\*$/.test(a));
  if (serviceWide.length > 0) {
    findings.push(
      everyResource
        ? { status: "fail", reason: `allows every action of ${serviceWide.join(", ")} on every resource` }
        : { status: "warn", reason: `allows every action of ${serviceWide.join(", ")} on ${resources.join(", ")}` },
    );
  }
  if (everyResource) {
    const writes = actions.filter(
      (a) => !serviceWide.includes(a) && !isReadOnlyAction(a) && !STAR_ONLY_ACTIONS.has(a.toLowerCase()),
    );
    if (writes.length > 0)
      findings.push({
        status: "warn",
        reason: `allows write actions ${writes.join(", ")} on every resource (Resource "*")`,
      });
  }
  return findings;
}

function policyLabel(policy: PolicyFact): string {
  return policy.kind === "inline" ? `${policy.role ?? "?"}/${policy.name} (inline)` : (policy.arn ?? policy.name);
}

/** One check per policy: the worst of its statements' findings, all reasons in the detail. */
export function policyChecks(policies: readonly PolicyFact[]): AuditCheck[] {
  return policies.map((policy) => {
    const findings = statementsOf(policy.document).flatMap(statementFindings);
    const status: AuditStatus = findings.some((f) => f.status === "fail")
      ? "fail"
      : findings.length > 0
        ? "warn"
        : "pass";
    return {
      id: "security.iam-policy",
      area: "security",
      title: "IAM policy without wildcard grants",
      status,
      resource: policyLabel(policy),
      detail:
        findings.length === 0
          ? "no wildcard actions, and no write actions on every resource"
          : findings.map((f) => f.reason).join("; "),
      recommendation:
        'grant only the actions the workload calls, on the ARNs it uses (least privilege); keep Action "*" out of workload policies',
    };
  });
}
