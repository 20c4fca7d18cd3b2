// infra-tester, after a deploy: every registry resource still exists in AWS, the state matches what
// the plan said for what it created or updated, the ops monitor's health check of the resources, and
// simple integration probes (ALB target health, a Lambda invoke) → one report with a verdict.
import { commandLine } from "../../../core/commands/command-line.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";
import type { ProjectContext } from "../../../core/context.js";
import type { ResourceChange, StateResource } from "../../../core/handler-contract.js";
import type { ProbeRef, ProbesService } from "../../../core/services/probes.js";
import type { TestReport } from "../../../records/test-reports.js";
import type { Registry, RegistryResource } from "../../../records/registry.js";
import type { TimeRange } from "../../../core/timeframe.js";
import { assembleReport, timed, type TestOutcome } from "./report.js";
import type { SecurityFinding } from "./types.js";

export { failureSummary } from "./report.js";

/** What the tests read from a health check of the deployed resources. */
export interface DeployedHealth {
  overall: string;
  resources: { healthy: number; degraded: number; unhealthy: number; unknown: number };
  issues: readonly unknown[];
}

export interface PostDeploymentTarget {
  env: ResolvedEnvironment;
  /**
   * The health check of the recorded resources over a window: the ops monitor's, handed in by the
   * workflow, so the tester does not depend on the ops skills.
   */
  healthCheck: (registry: Registry, range: TimeRange) => Promise<DeployedHealth>;
  /** Absent when the hosting handler offers no probes: those tests are skipped. */
  probes?: ProbesService;
}

export interface PostDeploymentInput {
  registry: Registry;
  /** The plan's planned values and its changes, to compare with the state after apply. */
  planned?: readonly StateResource[];
  changes?: readonly ResourceChange[];
  state?: readonly StateResource[];
  plan?: { id: string; hash: string };
}

/** moto runs Lambda code in docker; without docker an invoke "fails" with this payload. */
const EMULATOR_DOCKER_ERROR = /^"?error running docker/i;

export function isEmulatorDockerError(payload: string): boolean {
  return EMULATOR_DOCKER_ERROR.test(payload.trim());
}

export interface Mismatch {
  address: string;
  attribute: string;
  planned: unknown;
  actual: unknown;
}

const isScalar = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
const isStringMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");

/** Key attributes (known scalars and tag maps) the plan set for created or updated resources that the state does not hold. */
const isEmpty = (value: unknown): boolean =>
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && value !== null && Object.keys(value).length === 0);

/** The same document, up to key order, formatting and the empty defaults an API adds ("environment": []). */
function sameDocument(planned: unknown, actual: unknown): boolean {
  if (Array.isArray(planned))
    return (
      Array.isArray(actual) &&
      planned.length === actual.length &&
      planned.every((item, i) => sameDocument(item, actual[i]))
    );
  if (planned !== null && typeof planned === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const p = planned as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    return (
      Object.entries(p).every(([key, value]) => (key in a ? sameDocument(value, a[key]) : isEmpty(value))) &&
      Object.entries(a).every(([key, value]) => key in p || isEmpty(value))
    );
  }
  return planned === actual;
}

/** Policies, container definitions and other JSON documents come back reformatted: compare what they say. */
function sameJsonDocument(planned: unknown, actual: unknown): boolean {
  if (typeof planned !== "string" || typeof actual !== "string" || !/^\s*[[{]/.test(planned)) return false;
  try {
    return sameDocument(JSON.parse(planned), JSON.parse(actual));
  } catch {
    return false;
  }
}

export function compareWithPlan(
  planned: readonly StateResource[],
  state: readonly StateResource[],
  changes: readonly ResourceChange[],
): Mismatch[] {
  const changed = new Set(
    changes
      .filter((c) => c.action === "create" || c.action === "update" || c.action === "replace")
      .map((c) => c.address),
  );
  const actual = new Map(state.map((r) => [r.address, r]));
  const mismatches: Mismatch[] = [];
  for (const resource of planned.filter((r) => changed.has(r.address))) {
    const now = actual.get(resource.address);
    if (now === undefined) {
      mismatches.push({
        address: resource.address,
        attribute: "(resource)",
        planned: "present",
        actual: "absent from the state",
      });
      continue;
    }
    for (const [attribute, value] of Object.entries(resource.values)) {
      if (value === null || value === undefined || !(attribute in now.values)) continue;
      const got = now.values[attribute];
      // An API that leaves a setting empty (an emulator, or a default AWS does not echo) is not a mismatch.
      if (got === null || got === "") continue;
      const differs = isScalar(value)
        ? got !== value && !sameJsonDocument(value, got)
        : isStringMap(value) && isStringMap(got)
          ? JSON.stringify(Object.entries(value).sort()) !== JSON.stringify(Object.entries(got).sort())
          : false;
      if (differs) mismatches.push({ address: resource.address, attribute, planned: value, actual: got });
    }
  }
  return mismatches;
}

function refOf(resource: RegistryResource): ProbeRef {
  const cluster = resource.metadata.cluster;
  return {
    key: resource.terraform_address,
    type: resource.type,
    name: resource.name,
    ...(resource.aws_id === undefined ? {} : { id: resource.aws_id }),
    ...(resource.arn === undefined ? {} : { arn: resource.arn }),
    ...(typeof cluster === "string" ? { cluster } : {}),
  };
}

const finding = (
  rule: string,
  severity: SecurityFinding["severity"],
  resource: { address: string; type: string },
  title: string,
  message: string,
  remediation: string,
): SecurityFinding => ({
  rule,
  scanner: "post-deployment",
  severity,
  category: "configuration",
  address: resource.address,
  resourceType: resource.type,
  title,
  message,
  remediation,
});

async function existenceTest(
  probes: ProbesService,
  resources: readonly RegistryResource[],
  into: SecurityFinding[],
): Promise<TestOutcome> {
  const answers = await probes.exists(resources.filter((r) => r.type.startsWith("aws_")).map(refOf));
  const by = (outcome: string) => [...answers.entries()].filter(([, a]) => a.outcome === outcome).map(([key]) => key);
  const [missing, errors, unsupported] = [by("missing"), by("error"), by("unsupported")];
  for (const address of missing) {
    const type = resources.find((r) => r.terraform_address === address)?.type ?? "";
    into.push(
      finding(
        "RESOURCE_MISSING",
        "high",
        { address, type },
        "Recorded resource not found in AWS",
        `${address} is in the registry but AWS does not know it`,
        `run ${commandLine("infra check-status")} to see the drift, then deploy again`,
      ),
    );
  }
  const checked = answers.size - unsupported.length;
  return {
    status: missing.length > 0 ? "fail" : errors.length > 0 ? "warn" : "pass",
    summary: `${checked - missing.length - errors.length} of ${checked} checked resource(s) exist${missing.length > 0 ? `, ${missing.length} missing` : ""}${errors.length > 0 ? `, ${errors.length} could not be checked` : ""}${unsupported.length > 0 ? ` (${unsupported.length} of types without a check)` : ""}`,
    missing,
    errors: [...answers.entries()].flatMap(([key, a]) => (a.outcome === "error" ? [`${key}: ${a.message}`] : [])),
    not_checked: unsupported,
  };
}

function planMatchTest(input: PostDeploymentInput, into: SecurityFinding[]): TestOutcome {
  if (input.planned === undefined || input.state === undefined || input.changes === undefined)
    return { status: "skipped", summary: "no saved plan to compare with" };
  const mismatches = compareWithPlan(input.planned, input.state, input.changes);
  const types = new Map(input.planned.map((r) => [r.address, r.type]));
  for (const m of mismatches) {
    into.push(
      finding(
        "STATE_DIFFERS_FROM_PLAN",
        "medium",
        { address: m.address, type: types.get(m.address) ?? "" },
        "State differs from the plan",
        `${m.address}.${m.attribute}: planned ${JSON.stringify(m.planned)}, got ${JSON.stringify(m.actual)}`,
        `run ${commandLine("infra check-status")}; a provider default or an out-of-band change may explain it`,
      ),
    );
  }
  const compared = input.changes.filter((c) => ["create", "update", "replace"].includes(c.action)).length;
  return {
    status: mismatches.length > 0 ? "fail" : "pass",
    summary:
      mismatches.length > 0
        ? `${mismatches.length} attribute(s) differ from the plan`
        : `${compared} created or updated resource(s) match the plan`,
    mismatches,
  };
}

async function targetHealthTest(
  probes: ProbesService,
  groups: readonly RegistryResource[],
  into: SecurityFinding[],
): Promise<TestOutcome> {
  const results = await Promise.all(
    groups.map(async (group) => ({
      group,
      targets: await probes.targetHealth(group.arn ?? group.aws_id ?? group.name),
    })),
  );
  const unhealthy = results.flatMap(({ group, targets }) =>
    targets.filter((t) => t.state === "unhealthy").map((t) => ({ group, t })),
  );
  const settling = results.flatMap(({ targets }) =>
    targets.filter((t) => t.state === "initial" || t.state === "draining"),
  );
  for (const { group, t } of unhealthy) {
    into.push(
      finding(
        "TARGET_UNHEALTHY",
        "high",
        { address: group.terraform_address, type: group.type },
        "Load balancer target unhealthy",
        `${t.target}${t.port === undefined ? "" : `:${t.port}`}: ${t.reason ?? "unhealthy"} ${t.description ?? ""}`.trim(),
        "check the target's health check path, port and security groups",
      ),
    );
  }
  const total = results.reduce((n, r) => n + r.targets.length, 0);
  return {
    status: unhealthy.length > 0 ? "fail" : settling.length > 0 ? "warn" : "pass",
    summary:
      total === 0
        ? `${groups.length} target group(s) have no registered targets`
        : `${total - unhealthy.length - settling.length} of ${total} target(s) healthy${settling.length > 0 ? `, ${settling.length} still settling` : ""}`,
    target_groups: results.map(({ group, targets }) => ({ address: group.terraform_address, targets })),
  };
}

async function invokeTest(
  probes: ProbesService,
  functions: readonly RegistryResource[],
  dryRun: boolean,
  into: SecurityFinding[],
): Promise<TestOutcome> {
  const results = await Promise.all(
    functions.map(async (fn) => ({ fn, outcome: await probes.invokeFunction(fn.aws_id ?? fn.name, { dryRun }) })),
  );
  const emulator = results.filter(
    ({ outcome }) => outcome.outcome === "function_error" && isEmulatorDockerError(outcome.payload),
  );
  const errors = results.filter(
    ({ outcome }) => outcome.outcome === "function_error" && !isEmulatorDockerError(outcome.payload),
  );
  const failed = results.filter(({ outcome }) => outcome.outcome === "failed");
  for (const { fn, outcome } of errors) {
    const payload = outcome.outcome === "function_error" ? outcome.payload : "";
    into.push(
      finding(
        "FUNCTION_ERROR",
        "high",
        { address: fn.terraform_address, type: fn.type },
        "Function failed when invoked",
        `${fn.name}: ${payload}`,
        commandLine("ops investigate", { service: fn.name }),
      ),
    );
  }
  if (emulator.length === results.length && results.length > 0)
    return {
      status: "skipped",
      summary: "Lambda invoke is not available in the emulator (it runs functions in docker)",
      functions: results.map(({ fn }) => fn.name),
    };
  return {
    status: errors.length > 0 ? "fail" : failed.length > 0 ? "warn" : "pass",
    summary: `${results.length - errors.length - failed.length - emulator.length} of ${results.length} function(s) answered${dryRun ? " a dry-run invoke" : ""}${errors.length > 0 ? `, ${errors.length} failed` : ""}${failed.length > 0 ? `, ${failed.length} could not be invoked` : ""}${emulator.length > 0 ? `, ${emulator.length} not available in the emulator` : ""}`,
    mode: dryRun ? "DryRun" : "RequestResponse",
    results: results.map(({ fn, outcome }) => ({ function: fn.name, ...outcome })),
  };
}

export async function runPostDeploymentTests(
  project: ProjectContext,
  target: PostDeploymentTarget,
  input: PostDeploymentInput,
): Promise<TestReport> {
  const { env, probes } = target;
  const resources = input.registry.resources;
  const findings: SecurityFinding[] = [];
  const now = project.clock.now();
  const groups = resources.filter((r) => r.type === "aws_lb_target_group" || r.type === "aws_alb_target_group");
  const functions = resources.filter((r) => r.type === "aws_lambda_function");
  const noProbes = (what: string): TestOutcome => ({
    status: "skipped",
    summary: `${what}: the hosting handler offers no probes`,
  });

  const tests = await Promise.all([
    timed("resources_exist", () =>
      probes === undefined ? noProbes("existence") : existenceTest(probes, resources, findings),
    ),
    timed("plan_match", () => planMatchTest(input, findings)),
    timed("health_check", async () => {
      const check = await target.healthCheck(input.registry, {
        startMs: now.getTime() - 15 * 60_000,
        endMs: now.getTime(),
      });
      // Minutes after an apply, services are still starting (tasks placed, first invocations): an
      // unhealthy resource is a warning to watch, not a failed deployment.
      const status = check.resources.unhealthy > 0 || check.resources.degraded > 0 ? "warn" : "pass";
      const settling =
        check.resources.unhealthy > 0
          ? ` (just deployed: recheck with ${commandLine("ops check-health")} in a few minutes)`
          : "";
      return {
        status,
        summary: `${check.overall}: ${check.resources.healthy} healthy, ${check.resources.degraded} degraded, ${check.resources.unhealthy} unhealthy, ${check.resources.unknown} without data yet${settling}`,
        overall_health: check.overall,
        issues: check.issues,
        resources: check.resources,
      };
    }),
    timed("alb_target_health", () =>
      groups.length === 0
        ? { status: "skipped", summary: "no load balancer target groups deployed" }
        : probes === undefined
          ? noProbes("target health")
          : targetHealthTest(probes, groups, findings),
    ),
    timed("lambda_invoke", () =>
      functions.length === 0
        ? { status: "skipped", summary: "no Lambda functions deployed" }
        : probes === undefined
          ? noProbes("invoke")
          : invokeTest(probes, functions, env.prodLike, findings),
    ),
  ]);

  return assembleReport({
    phase: "post-deployment",
    environment: env.name,
    now,
    tests,
    findings,
    verdict: { thresholds: project.config.testing.thresholds },
    recommendations: [...new Set(findings.map((f) => `${f.address}: ${f.remediation}`))],
    nextSteps: {
      if_pass: commandLine("ops check-health", { env: env.name }),
      if_warn: `${commandLine("ops check-health", { env: env.name })} in a few minutes, once new resources report metrics`,
      if_fail: commandLine("infra debug", { last: true, env: env.name }),
    },
    deploymentId: input.registry.deployment_id,
    ...(input.plan === undefined ? {} : { plan: input.plan }),
  });
}
