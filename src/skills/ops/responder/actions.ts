// The remediation actions as data: a plan (resource, action, parameters, the state it was computed
// from, the state it sets, what changes), its normalised hash, and the per-resource drivers that
// plan, apply and verify it through the compute service.
import { createHash } from "node:crypto";
import { UserError } from "../../../core/errors.js";
import type { ComputeService } from "../../../core/services/compute.js";
import type { RemediationSpec } from "../../../records/plans.js";
import type { RemediationAction, RemediationResourceKind } from "./risk.js";

export type Scalar = string | number | boolean | null;
export type Facts = Record<string, Scalar>;

/** A deployed resource the responder can act on, as the registry records it. */
export interface RemediationTarget {
  kind: RemediationResourceKind;
  /** Service or function name. */
  name: string;
  /** ECS: the service ARN (or name); Lambda: the function ARN (or name). */
  id: string;
  /** ECS: the cluster name or ARN. */
  cluster?: string;
  terraformAddress: string;
  /** Lambda: the aliases the registry records for the function. */
  aliases: string[];
}

export interface Change {
  field: string;
  from: Scalar;
  to: Scalar;
}

export interface RemediationPlan extends RemediationSpec {
  changes: Change[];
  /** One line: resource, current → target. */
  description: string;
  /** What the action does not do, said plainly (e.g. a Lambda restart leaves published versions alone). */
  notes: string[];
}

export interface VerifyOptions {
  timeoutMs: number;
  intervalMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RemediationVerification {
  /** verified: the change shows and the resource settled; timed_out: applied, not settled in time; failed: it did not take. */
  status: "verified" | "timed_out" | "failed";
  detail: string;
  observed: Facts;
  polls: number;
  waitedMs: number;
}

export interface RemediationDriver {
  /** Reads the resource and computes the plan; throws REMEDIATION_NO_PREVIOUS and the like. */
  plan(
    compute: ComputeService,
    target: RemediationTarget,
    action: RemediationAction,
    params: Facts,
  ): Promise<RemediationPlan>;
  /** The facts `plan.before` holds, read again now (to refuse a plan the world has moved away from). */
  current(compute: ComputeService, spec: RemediationSpec): Promise<Facts>;
  /** Makes the change; returns the state right after it. */
  apply(compute: ComputeService, spec: RemediationSpec, now: Date): Promise<Facts>;
  verify(
    compute: ComputeService,
    spec: RemediationSpec,
    after: Facts,
    options: VerifyOptions,
  ): Promise<RemediationVerification>;
}

/** Nothing to do: the resource is already in the requested state. */
export class NothingToChange extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** sha256 over the environment and the normalised spec: resource, action, parameters, state before, target. */
export function remediationHash(environment: string, spec: RemediationSpec): string {
  const { resource, action, params, before, target } = spec;
  return createHash("sha256")
    .update(canonical({ environment, resource, action, params, before, target }))
    .digest("hex");
}

/** The facts that differ between the plan's state and the current one, as "field: plan → now". */
export function factDifferences(planned: Facts, current: Facts): string[] {
  const keys = [...new Set([...Object.keys(planned), ...Object.keys(current)])].sort();
  return keys
    .filter((key) => canonical(planned[key] ?? null) !== canonical(current[key] ?? null))
    .map((key) => `${key}: ${String(planned[key] ?? "none")} → ${String(current[key] ?? "none")}`);
}

export function noPrevious(what: string, suggestion: string): UserError {
  return new UserError("REMEDIATION_NO_PREVIOUS", `there is nothing to roll back to: ${what}`, { suggestion });
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `observe` until `judge` says settled or failed, or the time is up. Reports what was seen last,
 * so a timeout still says how far the change got.
 */
export async function poll(
  options: VerifyOptions,
  observe: () => Promise<Facts>,
  judge: (observed: Facts) => { status: "verified" | "failed" | "waiting"; detail: string },
): Promise<RemediationVerification> {
  const sleep = options.sleep ?? defaultSleep;
  const started = Date.now();
  let polls = 0;
  for (;;) {
    const observed = await observe();
    polls += 1;
    const verdict = judge(observed);
    const waitedMs = Date.now() - started;
    if (verdict.status !== "waiting")
      return { status: verdict.status, detail: verdict.detail, observed, polls, waitedMs };
    if (waitedMs + options.intervalMs > options.timeoutMs) {
      return {
        status: "timed_out",
        detail: `not settled after ${Math.round(waitedMs / 1000)} s: ${verdict.detail}`,
        observed,
        polls,
        waitedMs,
      };
    }
    await sleep(options.intervalMs);
  }
}
