// Built-in rules for IAM policy documents in the plan: administrator and service-wide wildcards on every
// resource, iam:PassRole on every role, and trust policies anyone may assume. They agree with the
// runtime audit (skills/ops/auditor/iam.ts), which fails the same wildcard grants on live policies.
import type { StateResource } from "../../../core/handler-contract.js";
import {
  blocks,
  jsonValue,
  principalIsEveryone,
  statementsOf,
  strings,
  type SecurityRule,
  type Values,
} from "./security-rules.js";

const POLICY_TYPES = [
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
  "aws_iam_role",
];

interface NamedStatement {
  where: string;
  statement: Values;
}

/** The Allow statements of every permission policy the resource carries (inline role policies too). */
function allowStatements(resource: StateResource): NamedStatement[] {
  const documents: { where: string; policy: unknown }[] =
    resource.type === "aws_iam_role"
      ? blocks(resource.values, "inline_policy").map((p) => ({
          where: `inline policy "${String(p.name ?? "?")}"`,
          policy: p.policy,
        }))
      : [{ where: "policy", policy: resource.values.policy }];
  return documents.flatMap(({ where, policy }) =>
    statementsOf(jsonValue(policy))
      .filter((statement) => statement.Effect === "Allow")
      .map((statement) => ({ where, statement })),
  );
}

const onEveryResource = (statement: Values): boolean =>
  strings(statement.Resource).includes("*") || statement.NotResource !== undefined;

const isAdminAction = (action: string): boolean => action === "*" || action === "*:*";
const isServiceWildcard = (action: string): boolean => /^[\w-]+:\*$/.test(action);

/** Whether an IAM action pattern (with * and ? wildcards) matches `action`, ignoring case as IAM does. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return regex.test(action);
}

function wildcardFindings(
  resource: StateResource,
  select: (action: string) => boolean,
  describe: (actions: string[]) => string,
): string[] {
  return allowStatements(resource)
    .filter(({ statement }) => onEveryResource(statement))
    .map(({ where, statement }) => ({ where, actions: strings(statement.Action).filter(select) }))
    .filter(({ actions }) => actions.length > 0)
    .map(({ where, actions }) => `${where} ${describe(actions)} on Resource "*"`);
}

export const iamRules: SecurityRule[] = [
  {
    id: "IAM_POLICY_ADMIN_WILDCARD",
    title: "IAM policy allows every action on every resource",
    severity: "critical",
    category: "security",
    resourceTypes: POLICY_TYPES,
    check: (resource) => wildcardFindings(resource, isAdminAction, () => 'allows Action "*"'),
    remediation:
      "grant the specific actions the workload calls on its own resources (IAM Access Analyzer can generate a policy from CloudTrail)",
  },
  {
    id: "IAM_POLICY_SERVICE_WILDCARD",
    title: "IAM policy allows every action of a service on every resource",
    severity: "high",
    category: "security",
    resourceTypes: POLICY_TYPES,
    check: (resource) => wildcardFindings(resource, isServiceWildcard, (actions) => `allows ${actions.join(", ")}`),
    remediation: "list the actions needed and scope Resource to the ARNs the workload owns",
  },
  {
    id: "IAM_PASSROLE_WILDCARD",
    title: "IAM policy allows iam:PassRole on every role",
    severity: "high",
    category: "security",
    resourceTypes: POLICY_TYPES,
    // "*" and "iam:*" are reported by the two wildcard rules above; this one catches the explicit grant.
    check: (resource) =>
      wildcardFindings(
        resource,
        (a) => !isAdminAction(a) && !isServiceWildcard(a) && actionMatches(a, "iam:PassRole"),
        (actions) => `allows ${actions.join(", ")}`,
      ).map((text) => `${text}: any role, including administrators, can be handed to a service`),
    remediation: "scope iam:PassRole to the role ARNs the service needs, with an iam:PassedToService condition",
  },
  {
    id: "IAM_TRUST_PUBLIC",
    title: "IAM role can be assumed by anyone",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_iam_role"],
    check: (role) =>
      statementsOf(jsonValue(role.values.assume_role_policy))
        .filter((s) => s.Effect === "Allow" && principalIsEveryone(s.Principal) && s.Condition === undefined)
        .map(() => 'the trust policy allows Principal "*" without a condition: any AWS account can assume the role'),
    remediation:
      "name the trusted accounts, roles or services, and add conditions (sts:ExternalId, aws:PrincipalOrgID)",
  },
];
