// The rules that decide whether a denied permission is one a grant to the deploy identity can fix:
// not a runtime (service role) permission, not an explicit deny / SCP / permissions boundary, never
// the discover identity, and only with a discover profile configured. Pure functions over facts.
import { UserError } from "../../../core/errors.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";

export interface DenialFlags {
  explicitDeny?: boolean;
  serviceControlPolicy?: boolean;
  permissionsBoundary?: boolean;
  sessionPolicy?: boolean;
}

const DENIALS: ReadonlyArray<{ flag: keyof DenialFlags; text: RegExp; what: string; fix: string }> = [
  {
    flag: "serviceControlPolicy",
    text: /service control polic/i,
    what: "a service control policy (SCP) of the organization",
    fix: "ask the AWS Organizations administrators to allow the action for this account",
  },
  {
    flag: "permissionsBoundary",
    text: /permissions boundary/i,
    what: "the identity's permissions boundary",
    fix: "widen the permissions boundary of the deploy identity (in Terraform), after a review",
  },
  {
    flag: "sessionPolicy",
    text: /session polic/i,
    what: "the session policy of the assumed role",
    fix: "change the session policy the deploy role is assumed with",
  },
  {
    flag: "explicitDeny",
    text: /explicit deny/i,
    what: "an explicit Deny statement",
    fix: "find the Deny statement in the identity's or the resource's policies and change it after a review",
  },
];

/** Explicit denies, SCPs, boundaries and session policies win over any Allow: a grant cannot fix them. */
export function checkDenial(flags: DenialFlags, sourceError: string | undefined): void {
  const text = sourceError ?? "";
  const found = DENIALS.find((denial) => flags[denial.flag] === true || denial.text.test(text));
  if (found === undefined) return;
  throw new UserError(
    "DENIED_BY_POLICY",
    `the action is denied by ${found.what}; an Allow added to the deploy policy cannot override it`,
    { suggestion: `${found.fix}; nothing was changed` },
  );
}

/** The principal in "User: <arn> is not authorized to perform …" (or "… because <arn> is not …"). */
export function principalFromError(text: string | undefined): string | undefined {
  const match = /(?:User:\s*|\b)(arn:[\w-]+:(?:iam|sts)::\d{12}:[\w+=,.@/-]+)\s+is not authorized/i.exec(text ?? "");
  return match?.[1];
}

/** A comparable key for an identity: an assumed-role session is its role; paths are dropped. */
export function identityKey(arn: string): string {
  const assumed = /^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (assumed !== null) return `${assumed[1]}:role/${assumed[2]}`;
  const entity = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):(user|role|root)(?:\/(?:[^/]+\/)*([^/]+))?$/.exec(arn);
  if (entity !== null)
    return entity[2] === "root" ? `${entity[1]}:root` : `${entity[1]}:${entity[2]}/${entity[3] ?? ""}`;
  return arn;
}

/** The role name of a role or assumed-role ARN. */
export function roleName(arn: string): string | undefined {
  const key = identityKey(arn);
  return key.includes(":role/") ? key.split(":role/")[1] : undefined;
}

const RUNTIME_TEXT =
  /execution role|task role|service[- ]linked role|instance profile|unable to assume the role|cannot be assumed by/i;

export interface PrincipalFacts {
  deployArn: string;
  discoverArn: string;
  /** An emulator endpoint: every profile gets the same keys, so identities cannot be told apart. */
  sandbox: boolean;
  principal?: string;
  sourceError?: string;
}

function discoverRefusal(why: string): UserError {
  return new UserError(
    "GRANT_TO_DISCOVER",
    `${why}; permission grants never extend the discover (IAM-granting) identity`,
    {
      suggestion:
        "give the environment's deploy profile and handlers.hosting.aws.profiles.discover different identities, and attach the deploy policy only to the deploy identity; nothing was changed",
    },
  );
}

/** Throws unless the denied principal is the deploy identity and the grant cannot reach the discover identity. */
export function checkPrincipal(facts: PrincipalFacts, guidance: (role: string | undefined) => string): void {
  const discover = identityKey(facts.discoverArn);
  const deploy = identityKey(facts.deployArn);
  if (!facts.sandbox && discover === deploy)
    throw discoverRefusal(
      `the environment's credentials and the discover profile are the same identity (${facts.deployArn})`,
    );

  const principal = facts.principal ?? principalFromError(facts.sourceError);
  if (
    RUNTIME_TEXT.test(facts.sourceError ?? "") ||
    (principal !== undefined && /^[a-z0-9-]+\.amazonaws\.com$/.test(principal))
  ) {
    throw runtimeRefusal(principal === undefined ? undefined : roleName(principal), guidance);
  }
  if (principal === undefined) return;
  const key = identityKey(principal);
  if (key === deploy) return;
  if (!facts.sandbox && key === discover)
    throw discoverRefusal(`the denied principal ${principal} is the discover identity`);
  if (key.includes(":role/")) throw runtimeRefusal(roleName(principal), guidance);
  throw new UserError(
    "GRANT_PRINCIPAL_MISMATCH",
    `the denied principal ${principal} is not the deploy identity of this environment (${facts.deployArn})`,
    {
      suggestion:
        "run the failing command with the environment's deploy profile, or fix that principal's permissions in Terraform; nothing was changed",
    },
  );
}

/** The deploy policy must not also extend the discover identity (a user or role it is attached to). */
export function checkNotAttachedToDiscover(
  discoverArn: string,
  policyArn: string,
  entities: { users: readonly string[]; roles: readonly string[] },
): void {
  const key = identityKey(discoverArn);
  const name = key.split("/").pop() ?? "";
  const attached = key.includes(":role/")
    ? entities.roles.includes(name)
    : key.includes(":user/") && entities.users.includes(name);
  if (attached)
    throw discoverRefusal(`the deploy policy ${policyArn} is attached to the discover identity ${discoverArn}`);
}

function runtimeRefusal(role: string | undefined, guidance: (role: string | undefined) => string): UserError {
  return new UserError(
    "RUNTIME_PERMISSION",
    `the denied principal is ${role === undefined ? "a service's runtime role" : `the runtime role "${role}"`}, not the deploy identity; runtime permissions belong in the infrastructure code`,
    { suggestion: guidance(role) },
  );
}

/** Terraform for a runtime permission: a role policy on the service role (and a Lambda permission for invokes). */
export function runtimeGuidance(action: string, resources: readonly string[], role: string | undefined): string {
  const resourceList = resources.length === 0 ? '"<resource ARN>"' : resources.map((r) => JSON.stringify(r)).join(", ");
  const lines = [
    "add the permission to the service role in Terraform, e.g.:",
    `resource "aws_iam_role_policy" "runtime_access" {`,
    `  role = ${role === undefined ? "aws_iam_role.<service_role>.id" : JSON.stringify(role)}`,
    "  policy = jsonencode({",
    `    Version = "2012-10-17"`,
    `    Statement = [{ Effect = "Allow", Action = [${JSON.stringify(action)}], Resource = [${resourceList}] }]`,
    "  })",
    "}",
  ];
  if (action.toLowerCase() === "lambda:invokefunction") {
    lines.push(
      "and, for a service invoking the function:",
      `resource "aws_lambda_permission" "invoke" {`,
      `  action        = "lambda:InvokeFunction"`,
      "  function_name = aws_lambda_function.<function>.function_name",
      `  principal     = "<service>.amazonaws.com"`,
      "  source_arn    = <the invoking resource's ARN>",
      "}",
    );
  }
  lines.push("then deploy; nothing was changed by this command");
  return lines.join("\n");
}

/** Grants go through the discover profile; without one (and outside the sandbox) there is nobody to grant with. */
export function checkDiscoverConfigured(env: ResolvedEnvironment): void {
  if (env.discoverProfile !== undefined || env.endpoint !== undefined) return;
  throw new UserError(
    "DISCOVER_PROFILE_MISSING",
    `environment "${env.name}" has no discover profile to grant permissions with`,
    {
      suggestion:
        "set handlers.hosting.aws.profiles.discover in .devops/devops.json to an AWS CLI profile allowed iam:GetPolicy, iam:GetPolicyVersion, iam:ListPolicyVersions, iam:CreatePolicyVersion and iam:DeletePolicyVersion on the deploy policy (it must not be the deploy profile)",
    },
  );
}
