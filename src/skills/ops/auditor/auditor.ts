// ops-auditor: gathers facts through the posture service (scoped to the project's resources where the
// API allows, account-wide where that is the nature of the check), judges them with the pure check
// functions, and assembles the audit report. A fact that cannot be read becomes a warning, not a crash.
import { commandLine } from "../../../core/commands/command-line.js";
import type { ProjectContext } from "../../../core/context.js";
import { ProviderError } from "../../../core/errors.js";
import type { PostureService } from "../../../core/services/posture.js";
import {
  summarize,
  type AuditArea,
  type AuditCheck,
  type AuditReport,
  type CostReport,
} from "../../../records/audit-report.js";
import { complianceChecks } from "./compliance.js";
import { costPeriods, evaluateCost, type CostInput } from "./cost.js";
import { fromDiscovered, fromRegistry, ofType, textOf, type AuditResource } from "./scope.js";
import {
  accessKeyChecks,
  bucketChecks,
  dynamoTableChecks,
  functionRuntimeChecks,
  policyChecks,
  securityGroupChecks,
  volumeChecks,
} from "./security.js";
import {
  accountPublicAccessBlockChecks,
  applyAccountMode,
  configRecorderChecks,
  guardDutyChecks,
  passwordPolicyChecks,
  trailChecks,
} from "./account.js";
import { discoverResources } from "../discovery.js";
import type { Ops } from "../target.js";
import { checkAccount } from "../../infra/target.js";

type Skipped = AuditReport["skipped"][number];

/** What the security checks ask the provider about, from the resources in scope. */
export interface SecurityScope {
  buckets: string[];
  functions: string[];
  securityGroups: string[];
  volumeIds: string[];
  instanceIds: string[];
  roles: string[];
  policyArns: string[];
  tables: string[];
  rds: number;
}

const idOrName = (r: AuditResource) => r.id ?? r.name;
const unique = (items: readonly (string | undefined)[]) => [
  ...new Set(items.filter((i): i is string => i !== undefined && i !== "")),
];

export function securityScope(resources: readonly AuditResource[]): SecurityScope {
  const attachments = ofType(resources, "aws_iam_role_policy_attachment");
  return {
    buckets: unique(ofType(resources, "aws_s3_bucket").map(idOrName)),
    functions: unique(
      ofType(resources, "aws_lambda_function").map((r) => (r.source === "registry" ? r.name : idOrName(r))),
    ),
    securityGroups: unique(ofType(resources, "aws_security_group").map((r) => r.id)),
    volumeIds: unique(ofType(resources, "aws_ebs_volume").map((r) => r.id)),
    instanceIds: unique(ofType(resources, "aws_instance").map((r) => r.id)),
    roles: unique([
      ...ofType(resources, "aws_iam_role").map((r) => r.name),
      ...ofType(resources, "aws_iam_role_policy").map((r) => r.id?.split(":")[0]),
      ...attachments.map((r) => textOf(r.metadata.role)),
    ]),
    policyArns: unique([
      ...ofType(resources, "aws_iam_policy").map((r) => r.arn),
      ...attachments
        .map((r) => textOf(r.metadata.policy_arn))
        .filter((arn) => arn !== undefined && !/:iam::aws:policy\//.test(arn)),
    ]),
    tables: unique(ofType(resources, "aws_dynamodb_table").map((r) => r.name)),
    rds: ofType(resources, "aws_db_instance", "aws_rds_cluster").length,
  };
}

// Credentials AWS rejects outright: every other call would fail the same way.
const CREDENTIAL_CODES =
  /ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|InvalidAccessKeyId|CredentialsProviderError/i;

/**
 * A refusal AWS answered (no permission, service not enabled) narrows the audit; no answer at all (the
 * endpoint unreachable) or unusable credentials make the whole audit meaningless, so those stop it.
 */
export function isPartialFailure(error: unknown): error is ProviderError {
  if (!(error instanceof ProviderError) || error.code === "AWS_CREDENTIALS") return false;
  const awsCode = String(error.details?.awsCode ?? "");
  return typeof error.details?.httpStatus === "number" && !CREDENTIAL_CODES.test(awsCode);
}

/** Runs `work`; a refusal becomes a warning check naming what could not be read. */
async function gather<T>(
  checks: AuditCheck[],
  id: string,
  area: AuditArea,
  what: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (!isPartialFailure(error)) throw error;
    checks.push({
      id,
      area,
      title: `${what} checked`,
      status: "warn",
      detail: `could not be checked: ${error.message}`,
      recommendation: error.suggestion ?? "give the audit's credentials read access to this service",
    });
    return undefined;
  }
}

async function securityAudit(
  posture: PostureService,
  resources: readonly AuditResource[],
  now: Date,
): Promise<{ checks: AuditCheck[]; skipped: Skipped[] }> {
  const scope = securityScope(resources);
  const checks: AuditCheck[] = [];
  const g = <T>(id: string, what: string, work: () => Promise<T>) => gather(checks, id, "security", what, work);
  const [roles, keys, buckets, groups, volumes, functions] = await Promise.all([
    g("security.iam-policy", "IAM role policies", () => posture.rolePolicies(scope.roles)),
    g("security.access-key-age", "IAM access keys", () => posture.accessKeys()),
    g("security.s3-public", "S3 buckets", () => posture.buckets(scope.buckets)),
    g("security.sg-open-ingress", "Security groups", () => posture.securityGroups(scope.securityGroups)),
    g("security.ebs-encryption", "EBS volumes", () =>
      posture.volumes({ volumeIds: scope.volumeIds, instanceIds: scope.instanceIds }),
    ),
    g("security.lambda-runtime", "Lambda runtimes", () => posture.functions(scope.functions)),
  ]);
  const policyArns = unique([...scope.policyArns, ...(roles?.attachedArns ?? [])]);
  const managed =
    (await g("security.iam-policy", "IAM managed policies", () => posture.managedPolicies(policyArns))) ?? [];
  checks.push(
    ...policyChecks([...managed, ...(roles?.inline ?? [])]),
    ...accessKeyChecks(keys ?? [], now),
    ...bucketChecks(buckets ?? []),
    ...securityGroupChecks(groups ?? []),
    ...volumeChecks(volumes ?? []),
    ...functionRuntimeChecks(functions ?? [], now),
    ...dynamoTableChecks(scope.tables),
    ...(roles?.missingRoles ?? []).map(
      (role): AuditCheck => ({
        id: "security.iam-policy",
        area: "security",
        title: "IAM role policies",
        status: "warn",
        resource: role,
        detail: "recorded for this environment but not found",
        recommendation: `refresh the records: ${commandLine("infra show-resources", { refresh: true })}`,
      }),
    ),
  );
  const skipped: Skipped[] = [
    {
      check: "security.rds-encryption",
      reason: `RDS storage encryption is not checked: this build has no RDS client (${scope.rds} RDS resource(s) in scope)`,
    },
  ];
  return { checks, skipped };
}

/** The account's own controls, in their own scope; `mode` decides whether a failing one fails the audit. */
async function accountAudit(
  posture: PostureService,
  target: { account: string; region: string },
  mode: "report" | "enforce",
): Promise<AuditCheck[]> {
  const checks: AuditCheck[] = [];
  const g = <T>(id: string, what: string, work: () => Promise<T>) => gather(checks, id, "account", what, work);
  // undefined is an answer for the password policy and the public-access block (none set), so those
  // are wrapped: a refusal is told apart by the check gather adds.
  const [trails, password, detectors, recorders, block] = await Promise.all([
    g("account.cloudtrail", "CloudTrail", () => posture.trails()),
    g("account.password-policy", "IAM password policy", async () => ({ policy: await posture.passwordPolicy() })),
    g("account.guardduty", "GuardDuty", () => posture.guardDutyDetectors()),
    g("account.config-recorder", "AWS Config recorder", () => posture.configRecorders()),
    g("account.s3-public-access-block", "S3 Block Public Access (account)", async () => ({
      block: await posture.accountPublicAccessBlock(target.account),
    })),
  ]);
  checks.push(
    ...(trails === undefined ? [] : trailChecks(trails)),
    ...(detectors === undefined ? [] : guardDutyChecks(detectors, target.region)),
    ...(recorders === undefined ? [] : configRecorderChecks(recorders, target.region)),
    ...(block === undefined ? [] : accountPublicAccessBlockChecks(block.block)),
    ...(password === undefined ? [] : passwordPolicyChecks(password.policy)),
  );
  return applyAccountMode(checks, mode);
}

async function costAudit(
  project: ProjectContext,
  ops: Ops,
  resources: readonly AuditResource[],
): Promise<{ cost: CostReport; checks: AuditCheck[] }> {
  const now = project.clock.now();
  const periods = costPeriods(now);
  let explorer: CostInput["explorer"];
  try {
    // One call first: Cost Explorer charges per request, and the daily series is only worth it with data.
    const byService = await ops.services.posture.costByService(periods.monthToDate);
    const daily = byService.empty || byService.total <= 0 ? [] : await ops.services.posture.dailyCost(periods.trend);
    explorer = { byService, daily };
  } catch (error) {
    if (!isPartialFailure(error)) throw error;
    explorer = { unavailable: error.message };
  }
  const costThreshold = ops.env.costThreshold;
  return evaluateCost({
    now,
    region: ops.env.region,
    resources,
    limits: {
      ...(costThreshold === undefined ? {} : { cost_threshold: costThreshold }),
      max_monthly_cost: project.config.testing.thresholds.max_monthly_cost,
    },
    prodLike: ops.env.prodLike,
    explorer,
  });
}

export interface AuditOptions {
  /** Account controls are audited with the security checks: they have no focus of their own. */
  focus?: Exclude<AuditArea, "account">;
}

/** The account the credentials reach; a configured account_id that differs stops the audit (wrong account). */
async function auditedAccount(project: ProjectContext, ops: Ops): Promise<string> {
  return (await checkAccount(project, ops.hosting, ops.env)).account;
}

export async function runAudit(project: ProjectContext, ops: Ops, options: AuditOptions = {}): Promise<AuditReport> {
  const now = project.clock.now();
  const account = await auditedAccount(project, ops);
  const skipped: Skipped[] = [];
  const resources = ops.resources.map(fromRegistry);
  try {
    const discovered = await discoverResources(ops.services.inventory, {
      project: project.config.project.name,
      environment: ops.env.name,
      known: ops.resources,
    });
    resources.push(...discovered.map(fromDiscovered));
  } catch (error) {
    if (!isPartialFailure(error)) throw error;
    skipped.push({
      check: "discovery",
      reason: `resources outside the registry were not looked up by tags: ${error.message}`,
    });
  }
  const accountControls = project.config.audit.account_controls;
  const wants = (area: AuditArea) => options.focus === undefined || options.focus === area;
  const checks: AuditCheck[] = [];
  let cost: CostReport | undefined;
  if (wants("cost")) {
    const result = await costAudit(project, ops, resources);
    cost = result.cost;
    checks.push(...result.checks);
  }
  if (wants("security")) {
    const result = await securityAudit(ops.services.posture, resources, now);
    checks.push(...result.checks);
    skipped.push(...result.skipped);
    checks.push(...(await accountAudit(ops.services.posture, { account, region: ops.env.region }, accountControls)));
  }
  if (wants("compliance")) checks.push(...complianceChecks(project, ops.env.name, resources));
  const summary = summarize(checks);
  return {
    environment: ops.env.name,
    account,
    focus: options.focus ?? "all",
    checkedAt: now.toISOString(),
    scope: { registryResources: ops.resources.length, discoveredResources: resources.length - ops.resources.length },
    summary,
    verdict: summary.fail > 0 ? "fail" : "pass",
    checks,
    accountControls,
    ...(cost === undefined ? {} : { cost }),
    skipped,
  };
}
