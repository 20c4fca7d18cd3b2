// Computes what a permission grant adds: the action, the environment-scoped resource patterns from the
// per-service ARN formats (arn-patterns.data.ts), the dedicated statement's Sid, and iam:PassRole's
// condition. Refuses what a scoped grant cannot express: Resource "*" outside the allow-list, ARNs
// outside the environment, services it has no ARN formats for.
import { type ErrorCode, UserError } from "../../../core/errors.js";
import type { DevopsConfig } from "../../../core/config/schema.js";
import { placeholdersIn, resourceName } from "../../../core/naming.js";
import {
  PASSED_TO_SERVICE,
  SERVICE_ARNS,
  STAR_ALLOW_LIST,
  type ArnKind,
  type ScopeLevel,
} from "./arn-patterns.data.js";

export const SID_PREFIX = "DevopsAutoGrant";

/** Where a grant may reach: resources named like the environment, in its account and regions. */
export interface GrantScope {
  environment: string;
  /** The environment's resource names as a glob, e.g. "shop-api-test-*". */
  namePattern: string;
  partition: string;
  account: string;
  /** The environment's region first, then any other configured regions. */
  regions: readonly string[];
}

export interface GrantRequest {
  action: string;
  /** The resource ARN named by the error, when there is one. */
  resource?: string;
  /** Terraform resource type that failed (aws_lambda_function), used for iam:PassRole's condition. */
  resourceType?: string;
  /** The service a role is passed to (lambda.amazonaws.com), when known. */
  passedToService?: string;
}

export type IamCondition = Record<string, Record<string, string>>;

export interface Grant {
  /** The action's service prefix, e.g. "s3". */
  service: string;
  sid: string;
  actions: string[];
  resources: string[];
  condition?: IamCondition;
  /** environment: the name pattern; account/resource: see notes; any: an allow-listed Resource "*". */
  scope: "environment" | "account" | "resource" | "any";
  notes: string[];
}

const ACTION = /^[a-z0-9-]+:[A-Za-z][A-Za-z0-9]*$/;

/**
 * The environment's resource names as a glob: resource_naming.pattern with {resource} as "*". A
 * pattern without {environment} would not keep grants inside one environment, so it is refused.
 */
export function environmentNamePattern(config: DevopsConfig, environment: string): string {
  const { pattern, separator } = config.resource_naming;
  const vars = {
    project: config.project.name,
    environment,
    ...(config.project.subsystem === undefined ? {} : { subsystem: config.project.subsystem }),
    ...(config.project.organization === undefined ? {} : { organization: config.project.organization }),
  };
  const names = placeholdersIn(pattern);
  if (!names.includes("environment")) {
    throw new UserError(
      "GRANT_SCOPE_UNSAFE",
      `resource_naming.pattern "${pattern}" has no {environment}, so no grant can be limited to "${environment}"`,
      {
        suggestion:
          'put {environment} in resource_naming.pattern (default "{project}-{subsystem}-{environment}-{resource}"), or add the permission to the deploy policy in Terraform',
      },
    );
  }
  const filled = resourceName(pattern, separator, { ...vars, resource: "*" });
  return names.includes("resource") ? filled : `${filled}${separator}*`;
}

/** Glob match as IAM does it: "*" any run of characters, "?" one; case-sensitive. */
export function matchesNamePattern(name: string, pattern: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(name);
}

/** The allow-list entry that lets `action` use Resource "*", if any (IAM actions ignore case). */
export function starAllowance(action: string): { action: string; why: string } | undefined {
  const lower = action.toLowerCase();
  return STAR_ALLOW_LIST.find((entry) => {
    const allowed = entry.action.toLowerCase();
    return allowed.endsWith("*")
      ? lower.startsWith(allowed.slice(0, -1)) && !lower.slice(allowed.length - 1).includes("*")
      : lower === allowed;
  });
}

function refuse(
  code: ErrorCode,
  message: string,
  suggestion: string,
  details: Record<string, unknown> = {},
): UserError {
  return new UserError(code, message, { suggestion, details });
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const sidWord = (service: string) => SERVICE_ARNS[service]?.sid ?? capitalise(service.replace(/[^a-z0-9]/gi, ""));

function fill(
  template: string,
  values: { partition: string; region: string; account: string; path: string; name: string },
): string {
  return template.replace(
    /\{(partition|region|account|path|name)\}/g,
    (_whole, key: keyof typeof values) => values[key],
  );
}

function passedToService(request: GrantRequest): string | undefined {
  if (request.passedToService !== undefined) return request.passedToService;
  const type = request.resourceType;
  return type === undefined ? undefined : PASSED_TO_SERVICE.find((entry) => type.startsWith(entry.typePrefix))?.service;
}

function checkAction(action: string): string {
  const service = action.split(":")[0] ?? "";
  const valid = ACTION.test(action) && service !== "arn";
  if (!valid && starAllowance(action)?.action.toLowerCase() !== action.toLowerCase()) {
    throw refuse(
      "GRANT_ACTION_INVALID",
      `"${action}" is not one IAM action (service:Action, no wildcards)`,
      'name the exact action from the error, e.g. "s3:PutObject"',
      { action },
    );
  }
  return service;
}

interface ParsedArn {
  kind: ArnKind;
  groups: Record<string, string | undefined>;
}

function parseArn(arn: string): ParsedArn | undefined {
  const service = arn.split(":")[2] ?? "";
  for (const kind of SERVICE_ARNS[service]?.kinds ?? []) {
    const match = kind.parse.exec(arn);
    if (match !== null) return { kind, groups: { ...match.groups } };
  }
  return undefined;
}

function outOfScope(arn: string, why: string, scope: GrantScope): UserError {
  return refuse(
    "GRANT_OUT_OF_SCOPE",
    `${arn} is outside environment "${scope.environment}": ${why}; grants stay inside the environment's resources (${scope.namePattern} in account ${scope.account})`,
    "if the resource belongs to this environment, name it by resource_naming.pattern; otherwise add the permission to the deploy policy in Terraform after a review",
    { resource: arn, namePattern: scope.namePattern, account: scope.account },
  );
}

/** The patterns for a resource ARN the error named: its kind's templates with the environment's name pattern. */
function patternsForArn(arn: string, scope: GrantScope): { resources: string[]; level: ScopeLevel } {
  // CloudWatch Logs names a log group's streams as "<group ARN>:*" in its own errors.
  const bare = /^arn:[\w-]+:logs:/.test(arn) ? arn.replace(/:\*$/, "") : arn;
  if (bare.includes("*") || bare.includes("?")) {
    throw refuse(
      "GRANT_STAR_REFUSED",
      `the resource "${arn}" is a wildcard; a grant names the environment's resources itself`,
      "pass the ARN from the error, or no --resource",
    );
  }
  const parsed = parseArn(arn);
  if (parsed === undefined) {
    const service = arn.split(":")[2] ?? "";
    throw refuse(
      "GRANT_RESOURCE_UNSUPPORTED",
      `"${arn}" is not an ARN format this tool can scope${SERVICE_ARNS[service] === undefined ? ` (service "${service}" is not supported)` : ""}`,
      "add the permission to the deploy policy in Terraform, scoped to this environment's resources",
      { resource: arn },
    );
  }
  const { kind, groups } = parsed;
  if (groups.account !== undefined && groups.account !== scope.account)
    throw outOfScope(arn, `it belongs to account ${groups.account}`, scope);
  if (groups.region !== undefined && !scope.regions.includes(groups.region))
    throw outOfScope(arn, `it is in region ${groups.region}`, scope);
  if (kind.scope === "id") return { resources: arn.includes("apigateway") ? [arn, `${arn}/*`] : [arn], level: "id" };
  if (kind.scope === "name" && !matchesNamePattern(groups.name ?? "", scope.namePattern))
    throw outOfScope(arn, `"${groups.name ?? ""}" is not named ${scope.namePattern}`, scope);
  const values = {
    partition: groups.partition ?? scope.partition,
    region: groups.region ?? scope.regions[0]!,
    account: scope.account,
    path: groups.path ?? "",
    name: scope.namePattern,
  };
  return { resources: kind.templates.map((template) => fill(template, values)), level: kind.scope };
}

function defaultPatterns(
  service: string,
  action: string,
  scope: GrantScope,
): { resources: string[]; level: ScopeLevel } {
  const kinds = (SERVICE_ARNS[service]?.kinds ?? []).filter(
    (kind) => kind.byDefault && (action.toLowerCase() !== "iam:passrole" || kind.kind === "role"),
  );
  if (kinds.length === 0) {
    throw refuse(
      SERVICE_ARNS[service] === undefined ? "GRANT_UNSUPPORTED_SERVICE" : "GRANT_RESOURCE_REQUIRED",
      SERVICE_ARNS[service] === undefined
        ? `"${action}": this tool has no ARN formats for service "${service}", so it cannot scope a grant to environment "${scope.environment}"`
        : `"${action}" acts on ${service} resources addressed by ids, not names; the error's resource ARN is needed to scope the grant`,
      SERVICE_ARNS[service] === undefined
        ? "add the permission to the deploy policy in Terraform, scoped to this environment's resources"
        : "pass the resource ARN from the error with --resource",
      { action },
    );
  }
  const values = {
    partition: scope.partition,
    region: scope.regions[0]!,
    account: scope.account,
    path: "",
    name: scope.namePattern,
  };
  return {
    resources: [...new Set(kinds.flatMap((kind) => kind.templates.map((template) => fill(template, values))))],
    level: kinds.some((kind) => kind.scope === "account") ? "account" : "name",
  };
}

/** The grant for one denied action; throws a UserError (nothing to write) when it cannot be scoped. */
export function computeGrant(request: GrantRequest, scope: GrantScope): Grant {
  const action = request.action.trim();
  const service = checkAction(action);
  const allowance = starAllowance(action);
  if (allowance !== undefined) {
    return {
      service,
      sid: `${SID_PREFIX}${sidWord(service)}AnyResource`,
      actions: [action],
      resources: ["*"],
      scope: "any",
      notes: [`${action} needs Resource "*": ${allowance.why}`],
    };
  }
  if (request.resource === "*") {
    throw refuse(
      "GRANT_STAR_REFUSED",
      `"${action}" on Resource "*" would reach every resource in the account; only allow-listed actions get "*"`,
      "pass the resource ARN from the error, or no --resource to get the environment's pattern",
      { action },
    );
  }
  const { resources, level } =
    request.resource === undefined
      ? defaultPatterns(service, action, scope)
      : patternsForArn(request.resource.trim(), scope);
  const notes: string[] = [];
  if (level === "account")
    notes.push(
      `${service} addresses these resources by generated ids, so the grant covers the account's (${resources.join(", ")})`,
    );
  if (level === "id")
    notes.push(`${service} addresses resources by ids: only the resource named by the error is granted`);
  const grant: Grant = {
    service,
    sid: `${SID_PREFIX}${sidWord(service)}`,
    actions: [action],
    resources,
    scope: level === "name" ? "environment" : level === "account" ? "account" : "resource",
    notes,
  };
  if (action.toLowerCase() !== "iam:passrole") return grant;
  const passedTo = passedToService(request);
  if (passedTo === undefined)
    return {
      ...grant,
      notes: [
        ...notes,
        "iam:PassRole has no iam:PassedToService condition: the service the role is passed to is not known",
      ],
    };
  const word = passedTo.split(".")[0]!.split("-").map(capitalise).join("");
  return {
    ...grant,
    sid: `${SID_PREFIX}IamPassRoleTo${word}`,
    condition: { StringEquals: { "iam:PassedToService": passedTo } },
  };
}
