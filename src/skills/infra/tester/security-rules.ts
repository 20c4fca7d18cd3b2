// The vocabulary of the built-in security rules: what a rule is, and tolerant readers for planned
// attribute values, policy documents, security-group ingress and companion resources.
//
// Planned values come from `terraform show -json` planned_values: an attribute that is null was not
// set, an attribute that is absent is unknown until apply (computed). Readers return undefined for
// anything they cannot read, and rules treat undefined as "cannot tell" and stay silent.
import type { StateResource } from "../../../core/handler-contract.js";
import type { Severity } from "./types.js";

export type RuleCategory = "security" | "configuration" | "compliance";

export interface SecurityRule {
  /** Stable id, e.g. "S3_PUBLIC_ACL"; a fixture test/fixtures/plans/security/<id>.json exists for each. */
  id: string;
  title: string;
  severity: Severity;
  category: RuleCategory;
  /** The resource types the check runs on. */
  resourceTypes: readonly string[];
  /** One message per problem found on `resource` (empty when it passes or cannot be told). */
  check(resource: StateResource, all: readonly StateResource[]): string[];
  remediation: string;
}

export type Values = Record<string, unknown>;

export const isRecord = (value: unknown): value is Values =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function str(values: Values, key: string): string | undefined {
  const value = values[key];
  return typeof value === "string" ? value : undefined;
}

/** A boolean, also from the "true"/"false" strings some provider attributes use (ElastiCache). */
export function bool(values: Values, key: string): boolean | undefined {
  const value = values[key];
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

export function num(values: Values, key: string): number | undefined {
  const value = values[key];
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Whether the attribute is present and null or empty: set to nothing, as opposed to unknown. */
export function isUnset(values: Values, key: string): boolean {
  if (!(key in values)) return false;
  const value = values[key];
  return value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** The elements of a nested block (lists and sets of objects); [] when absent or unreadable. */
export function blocks(values: Values, key: string): Values[] {
  const value = values[key];
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export const firstBlock = (values: Values, key: string): Values | undefined => blocks(values, key)[0];

export const strings = (value: unknown): string[] =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
      ? value.filter((v): v is string => typeof v === "string")
      : [];

/** A JSON document attribute (policies, container definitions): parsed when it is known and valid. */
export function jsonValue(value: unknown): unknown {
  if (typeof value !== "string") return isRecord(value) || Array.isArray(value) ? value : undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

export function statementsOf(document: unknown): Values[] {
  if (!isRecord(document)) return [];
  const statement = document.Statement;
  return (Array.isArray(statement) ? statement : [statement]).filter(isRecord);
}

/** Principal "*" or {"AWS": "*"}: anyone, in any account. */
export function principalIsEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  if (!isRecord(principal)) return false;
  return strings(principal.AWS).includes("*");
}

/**
 * Whether `key` (or `block.key`) was left out of the code: known only from a plan's configuration.
 * Then the provider or AWS applies its default; a value merely unknown until apply is not "left out".
 */
export function unsetInCode(resource: StateResource, key: string): boolean {
  if (resource.arguments === undefined || resource.arguments.includes(key)) return false;
  const [block, inner] = key.split(".");
  if (inner === undefined) return !(key in resource.values) || isUnset(resource.values, key);
  const first = firstBlock(resource.values, block ?? "");
  return first === undefined || first[inner] === undefined || first[inner] === null;
}

/** A condition value that matches every principal or ARN: only wildcards, or an ARN with nothing but them. */
const matchesAnything = (value: string): boolean =>
  /^(arn(:[a-z0-9-]*(:[a-z0-9-]*(:[a-z0-9-]*(:[a-z0-9-]*)?)?)?)?:?)?$/i.test(value.replace(/[*?]/g, ""));

/**
 * Whether a policy Condition narrows who may act. `{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*"}}`
 * or `StringLike "*"` matches everyone and narrows nothing; a negated operator or a null test is taken
 * as narrowing, since it excludes someone.
 */
export function conditionNarrows(condition: unknown): boolean {
  if (condition === undefined || condition === null) return false;
  if (!isRecord(condition)) return true;
  return Object.entries(condition).some(([operator, tests]) => {
    if (!isRecord(tests)) return true;
    if (/Not|Null/i.test(operator)) return true;
    return Object.values(tests).some((value) => {
      const values = strings(value);
      return values.length === 0 || values.some((v) => !matchesAnything(v));
    });
  });
}

/** Allow statements naming everyone as principal with no condition that narrows them. */
export function openStatements(document: unknown): Values[] {
  return statementsOf(jsonValue(document)).filter(
    (s) => s.Effect === "Allow" && principalIsEveryone(s.Principal) && !conditionNarrows(s.Condition),
  );
}

// --- companion resources --------------------------------------------------------------------------

/**
 * The companion resources (aws_s3_bucket_versioning, aws_flow_log, aws_lb_listener, …) that belong to
 * `owner`. A companion names its owner in `key`; when that value is known it must equal one of the
 * owner's identifying values. When it is unknown — the owner does not exist yet, so its id is
 * computed — the plan's configuration references decide (`StateResource.references`), and without
 * them the companion is taken to belong to every owner of the same module. An owner whose own name is
 * unknown (bucket_prefix) is matched by module too.
 */
export function companionsOf(
  owner: StateResource,
  all: readonly StateResource[],
  companionType: string,
  key: string,
  ownerKeys: readonly string[],
): StateResource[] {
  const ownerValues = new Set(
    ownerKeys.map((k) => owner.values[k]).filter((v): v is string => typeof v === "string" && v !== ""),
  );
  const ownerRef = relativeConfigAddress(owner);
  return all.filter((candidate) => {
    if (candidate.type !== companionType) return false;
    const link = candidate.values[key];
    const sameModule = candidate.module === owner.module;
    if (typeof link === "string" && link !== "") return ownerValues.size === 0 ? sameModule : ownerValues.has(link);
    if (key in candidate.values) return false;
    // The plan's configuration says which resource the argument refers to: that decides.
    const refs = candidate.references?.[key];
    if (refs !== undefined && sameModule)
      return refs.some((ref) => ref === ownerRef || ref.startsWith(`${ownerRef}.`) || ref.startsWith(`${ownerRef}[`));
    return sameModule;
  });
}

/** `module.a.aws_s3_bucket.b["x"]` → `aws_s3_bucket.b`: how the owner's own module refers to it. */
function relativeConfigAddress(resource: StateResource): string {
  const local = resource.module === undefined ? resource.address : resource.address.slice(resource.module.length + 1);
  return local.replace(/\[[^\]]*\]/g, "");
}

/** The bucket's companions of one type: by bucket name, or by module when the name is unknown. */
export const bucketCompanions = (bucket: StateResource, all: readonly StateResource[], type: string): StateResource[] =>
  companionsOf(bucket, all, type, "bucket", ["bucket", "id"]);

// --- security group ingress -----------------------------------------------------------------------

export interface Ingress {
  protocol: string;
  fromPort: number;
  toPort: number;
  /** The open-to-the-world ranges among the rule's sources (0.0.0.0/0, ::/0). */
  world: string[];
}

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

function ingress(protocol: unknown, from: unknown, to: unknown, ranges: string[]): Ingress | undefined {
  const world = ranges.filter((range) => WORLD.has(range));
  if (world.length === 0) return undefined;
  const proto =
    typeof protocol === "string" ? protocol.toLowerCase() : typeof protocol === "number" ? String(protocol) : "";
  const all = proto === "-1" || proto === "all";
  return {
    protocol: all ? "all" : proto,
    fromPort: all || typeof from !== "number" ? 0 : from,
    toPort: all || typeof to !== "number" || to < 0 ? 65535 : to,
    world,
  };
}

/** The world-open ingress of an inline security group, a security_group_rule or a vpc ingress rule. */
export function worldIngress(resource: StateResource): Ingress[] {
  const v = resource.values;
  const found: (Ingress | undefined)[] = [];
  if (resource.type === "aws_security_group" || resource.type === "aws_default_security_group") {
    for (const rule of blocks(v, "ingress")) {
      found.push(
        ingress(rule.protocol, rule.from_port, rule.to_port, [
          ...strings(rule.cidr_blocks),
          ...strings(rule.ipv6_cidr_blocks),
        ]),
      );
    }
  } else if (resource.type === "aws_security_group_rule") {
    if (v.type === "ingress")
      found.push(
        ingress(v.protocol, v.from_port, v.to_port, [...strings(v.cidr_blocks), ...strings(v.ipv6_cidr_blocks)]),
      );
  } else if (resource.type === "aws_vpc_security_group_ingress_rule") {
    found.push(ingress(v.ip_protocol, v.from_port, v.to_port, [...strings(v.cidr_ipv4), ...strings(v.cidr_ipv6)]));
  }
  // ICMP carries no ports; opening it is a different (and lesser) question.
  return found.filter(
    (rule): rule is Ingress => rule !== undefined && !["icmp", "1", "icmpv6", "58"].includes(rule.protocol),
  );
}

export const INGRESS_TYPES = [
  "aws_security_group",
  "aws_default_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
] as const;

export const coversPort = (rule: Ingress, port: number): boolean => rule.fromPort <= port && port <= rule.toPort;

export function describeIngress(rule: Ingress): string {
  const ports =
    rule.protocol === "all"
      ? "all traffic"
      : rule.fromPort === rule.toPort
        ? `${rule.protocol} port ${rule.fromPort}`
        : `${rule.protocol} ports ${rule.fromPort}-${rule.toPort}`;
  return `${ports} from ${rule.world.join(", ")}`;
}
