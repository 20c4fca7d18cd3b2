// Built-in rules for IAM in the plan: administrator and service-wide wildcards on every resource,
// privilege-escalation and data-reading actions on every resource, iam:PassRole on every role, AWS
// managed administrator policies attached, and trust policies anyone may assume. They agree with the
// runtime audit (skills/ops/auditor/iam.ts), which fails the same wildcard grants on live policies.
import type { StateResource } from "../../../core/handler-contract.js";
import {
  blocks,
  jsonValue,
  openStatements,
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

/** AWS managed policies that amount to administrator access (IAMFullAccess can grant itself anything). */
const ADMIN_MANAGED = ["AdministratorAccess", "IAMFullAccess"];
const POWER_USER_MANAGED = ["PowerUserAccess"];

const ATTACHMENT_TYPES = [
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
  "aws_iam_policy_attachment",
  "aws_iam_role",
  "aws_iam_role_policy_attachments_exclusive",
];

/** The AWS managed policy names (arn:aws:iam::aws:policy/…) a resource attaches. */
function managedPolicies(resource: StateResource): string[] {
  const v = resource.values;
  const arns =
    resource.type === "aws_iam_role"
      ? strings(v.managed_policy_arns)
      : resource.type === "aws_iam_role_policy_attachments_exclusive"
        ? strings(v.policy_arns)
        : strings(v.policy_arn);
  return arns
    .map((arn) => /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1])
    .filter((name): name is string => name !== undefined);
}

function attachedTo(resource: StateResource): string {
  const v = resource.values;
  if (resource.type === "aws_iam_policy_attachment")
    return ["users", "roles", "groups"]
      .flatMap((kind) => strings(v[kind]).map((name) => `${kind.slice(0, -1)} ${name}`))
      .join(", ");
  const named = (["role", "user", "group", "role_name", "name"] as const).find((k) => typeof v[k] === "string");
  return named === undefined ? resource.address : `${named.replace("_name", "")} ${String(v[named])}`;
}

const managedFindings = (resource: StateResource, names: readonly string[]): string[] =>
  managedPolicies(resource)
    .filter((name) => names.includes(name))
    .map((name) => `${name} is attached to ${attachedTo(resource) || "its principals"}`);

/** Actions on "*" that let the holder raise its own permissions or take over another identity. */
const PRIVESC_ACTIONS = [
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:AttachUserPolicy",
  "iam:AttachRolePolicy",
  "iam:AttachGroupPolicy",
  "iam:PutUserPolicy",
  "iam:PutRolePolicy",
  "iam:PutGroupPolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:UpdateAssumeRolePolicy",
  "iam:AddUserToGroup",
  "sts:AssumeRole",
  "lambda:UpdateFunctionCode",
];

/** Actions on "*" that read every object, secret or parameter of the account. */
const DATA_READ_ACTIONS = [
  "s3:GetObject",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "kms:Decrypt",
  "dynamodb:Scan",
];

/** Explicit grants among `actions` (the wildcard rules report "*" and "service:*" already). */
const explicitGrants =
  (actions: readonly string[]) =>
  (pattern: string): boolean =>
    !isAdminAction(pattern) && !isServiceWildcard(pattern) && actions.some((action) => actionMatches(pattern, action));

export const iamRules: SecurityRule[] = [
  {
    id: "IAM_MANAGED_ADMIN_ATTACHED",
    title: "AdministratorAccess or IAMFullAccess attached",
    severity: "critical",
    category: "security",
    resourceTypes: ATTACHMENT_TYPES,
    check: (resource) => managedFindings(resource, ADMIN_MANAGED),
    remediation:
      "attach a policy with the actions the principal calls on its own resources; keep administrator access for break-glass roles outside the workload's code",
  },
  {
    id: "IAM_MANAGED_POWERUSER_ATTACHED",
    title: "PowerUserAccess attached",
    severity: "high",
    category: "security",
    resourceTypes: ATTACHMENT_TYPES,
    check: (resource) => managedFindings(resource, POWER_USER_MANAGED),
    remediation: "attach a policy limited to the services and resources the principal uses",
  },
  {
    id: "IAM_PRIVESC_WILDCARD",
    title: "IAM policy allows privilege escalation on every resource",
    severity: "high",
    category: "security",
    resourceTypes: POLICY_TYPES,
    check: (resource) =>
      wildcardFindings(resource, explicitGrants(PRIVESC_ACTIONS), (actions) => `allows ${actions.join(", ")}`).map(
        (text) => `${text}: the holder can raise its own permissions or become another identity`,
      ),
    remediation: "scope these actions to the specific policies, users or roles they manage, or remove them",
  },
  {
    id: "IAM_DATA_READ_WILDCARD",
    title: "IAM policy reads every object, secret or parameter",
    severity: "high",
    category: "security",
    resourceTypes: POLICY_TYPES,
    check: (resource) =>
      wildcardFindings(resource, explicitGrants(DATA_READ_ACTIONS), (actions) => `allows ${actions.join(", ")}`).map(
        (text) => `${text}: a leaked credential reads every bucket, secret or key in the account`,
      ),
    remediation: "scope Resource to the buckets, secrets, parameters and keys the workload owns",
  },
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
    severity: "medium",
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
      openStatements(role.values.assume_role_policy).map(
        () =>
          'the trust policy allows Principal "*" without a condition that narrows it: any AWS account can assume the role',
      ),
    remediation:
      "name the trusted accounts, roles or services, and add conditions (sts:ExternalId, aws:PrincipalOrgID)",
  },
];
