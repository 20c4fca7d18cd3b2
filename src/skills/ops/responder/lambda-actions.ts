// Remediation of a Lambda function. Lambda has no restart: "restart" changes an environment variable
// of $LATEST, which makes Lambda retire every execution environment of the unpublished function, so the
// next invocations cold-start; published versions (and the aliases that serve them) are immutable and
// untouched. scale = reserved concurrency; rollback = the alias back to the previous published version
// (or, when the alias is splitting traffic for a canary, all traffic back to its main version).
import { commandLine } from "../../../core/commands/command-line.js";
import { ProviderError, UserError } from "../../../core/errors.js";
import {
  LAMBDA_RESTART_MARKER,
  type ComputeService,
  type LambdaAliasState,
  type LambdaFunctionState,
} from "../../../core/services/compute.js";
import type { RemediationSpec } from "../../../records/plans.js";
import {
  noPrevious,
  poll,
  NothingToChange,
  type Facts,
  type RemediationDriver,
  type RemediationPlan,
  type RemediationTarget,
} from "./actions.js";

/** The alias a rollback moves: the registry's only alias for the function, else `live`. */
export function rollbackAlias(aliases: readonly string[]): string | undefined {
  if (aliases.length === 0) return "live";
  if (aliases.length === 1) return aliases[0];
  return aliases.includes("live") ? "live" : undefined;
}

/** The newest published version older than `current`, from the list of published versions. */
export function previousVersion(current: string, published: readonly string[]): string | undefined {
  if (!/^\d+$/.test(current)) return undefined;
  return published
    .filter((v) => /^\d+$/.test(v) && Number(v) < Number(current))
    .sort((a, b) => Number(b) - Number(a))[0];
}

function weightsText(weights: Record<string, number>): string | null {
  const entries = Object.entries(weights).sort(([a], [b]) => Number(a) - Number(b));
  return entries.length === 0 ? null : entries.map(([version, weight]) => `${version}=${weight}`).join(",");
}

async function readFunction(compute: ComputeService, name: string): Promise<LambdaFunctionState> {
  const fn = await compute.getLambdaFunction(name);
  if (fn === undefined) {
    throw new ProviderError("RESOURCE_NOT_FOUND", `Lambda does not know the function ${name}`, {
      suggestion: `the registry may be out of date: run ${commandLine("infra show-resources", { refresh: true })}, or deploy again`,
    });
  }
  return fn;
}

async function readAlias(compute: ComputeService, functionName: string, alias: string): Promise<LambdaAliasState> {
  const state = await compute.getLambdaAlias(functionName, alias);
  if (state === undefined) {
    throw new UserError(
      "REMEDIATION_NO_ALIAS",
      `the Lambda function ${functionName} has no alias "${alias}"; a rollback moves an alias to an earlier published version`,
      {
        suggestion:
          "publish versions and route traffic through an alias (aws_lambda_alias) so a rollback has somewhere to go",
      },
    );
  }
  return state;
}

async function facts(
  compute: ComputeService,
  spec: Pick<RemediationSpec, "action" | "params">,
  name: string,
): Promise<Facts> {
  const fn = await readFunction(compute, name);
  if (spec.action === "scale") return { reservedConcurrency: fn.reservedConcurrency ?? null };
  if (spec.action === "restart")
    return {
      codeSha256: fn.codeSha256 ?? null,
      lastModified: fn.lastModified ?? null,
      restartMarker: fn.restartMarker ?? null,
    };
  const aliasName = String(spec.params.alias);
  const [alias, published] = await Promise.all([readAlias(compute, name, aliasName), compute.listLambdaVersions(name)]);
  const weights = weightsText(alias.weights);
  return {
    alias: aliasName,
    aliasVersion: alias.functionVersion,
    weights,
    previous: weights === null ? (previousVersion(alias.functionVersion, published) ?? null) : alias.functionVersion,
  };
}

function busy(fn: LambdaFunctionState): void {
  if (fn.lastUpdateStatus === "InProgress" || fn.state === "Pending") {
    throw new UserError(
      "REMEDIATION_BUSY",
      `the Lambda function ${fn.name} is being updated (${fn.state ?? ""} ${fn.lastUpdateStatus ?? ""}); wait until it finishes`,
      { suggestion: "retry in a minute" },
    );
  }
}

export const lambdaDriver: RemediationDriver = {
  async plan(compute, target: RemediationTarget, action, params): Promise<RemediationPlan> {
    const fn = await readFunction(compute, target.id);
    busy(fn);
    const resource = { kind: "lambda_function" as const, name: fn.name, arn: fn.arn };
    const label = `Lambda function ${fn.name}`;
    if (action === "scale") {
      const count = Number(params.count);
      if (count === fn.reservedConcurrency)
        throw new NothingToChange(`${label} already reserves ${count} concurrent executions`);
      const notes = [
        count === 0
          ? "reserved concurrency 0 throttles every invocation: the function runs nothing until it is scaled up again"
          : `reserved concurrency is a guarantee and a cap: at most ${count} invocations run at once, the rest are throttled`,
      ];
      return {
        resource,
        action,
        params,
        before: { reservedConcurrency: fn.reservedConcurrency ?? null },
        target: { reservedConcurrency: count },
        notes,
        changes: [{ field: "reservedConcurrency", from: fn.reservedConcurrency ?? null, to: count }],
        description: `${label}: reserved concurrency ${fn.reservedConcurrency ?? "none (unreserved)"} → ${count}`,
      };
    }
    if (action === "restart") {
      if (fn.environmentError !== undefined) {
        throw new ProviderError(
          "LAMBDA_ENVIRONMENT_UNREADABLE",
          `the environment variables of ${fn.name} cannot be read (${fn.environmentError}), so a restart could not keep them`,
          {
            suggestion: "fix the function's KMS key permissions, or redeploy the function instead",
          },
        );
      }
      const notes = [
        `Lambda has no restart: this sets ${LAMBDA_RESTART_MARKER} on $LATEST, which makes Lambda replace every execution environment of the unpublished function (the next invocations cold-start)`,
        "other environment variables, code and settings are kept; Terraform will show the variable as drift and remove it on the next deploy",
      ];
      for (const aliasName of target.aliases) {
        const alias = await compute.getLambdaAlias(fn.name, aliasName);
        if (alias !== undefined && alias.functionVersion !== "$LATEST")
          notes.push(
            `alias "${aliasName}" serves published version ${alias.functionVersion}, which is immutable: its execution environments are not restarted`,
          );
      }
      const before = await facts(compute, { action, params }, fn.name);
      return {
        resource,
        action,
        params,
        before,
        target: { restartMarker: "the time of the restart" },
        notes,
        changes: [
          {
            field: `environment ${LAMBDA_RESTART_MARKER}`,
            from: fn.restartMarker ?? null,
            to: "the time of the restart",
          },
        ],
        description: `${label}: new execution environments for $LATEST (${LAMBDA_RESTART_MARKER} ${fn.restartMarker ?? "unset"} → now)`,
      };
    }
    const aliasName = rollbackAlias(target.aliases);
    if (aliasName === undefined) {
      throw new UserError(
        "SERVICE_AMBIGUOUS",
        `${label} has several aliases (${target.aliases.join(", ")}) and none is "live"; name the alias to roll back with --service`,
        {
          suggestion: `e.g. --service ${target.aliases[0]}`,
        },
      );
    }
    const rollbackParams = { ...params, alias: aliasName };
    const before = await facts(compute, { action, params: rollbackParams }, fn.name);
    const to = before.previous;
    if (typeof to !== "string") {
      throw noPrevious(
        `alias "${aliasName}" serves version ${String(before.aliasVersion)} and no earlier version is published`,
        `deploy a fixed version with ${commandLine("infra deploy")} instead`,
      );
    }
    const canary = before.weights === null ? "" : ` (canary routing ${String(before.weights)} removed)`;
    return {
      resource,
      action,
      params: rollbackParams,
      before,
      target: { aliasVersion: to, weights: null },
      changes: [
        {
          field: `alias ${aliasName}`,
          from:
            before.weights === null
              ? (before.aliasVersion ?? null)
              : `${String(before.aliasVersion)} + ${String(before.weights)}`,
          to,
        },
      ],
      description: `${label}: alias ${aliasName} ${String(before.aliasVersion)} → ${to}${canary}`,
      notes: [
        `Terraform still names the newer version: the next ${commandLine("infra deploy")} moves the alias forward again unless the code changes`,
      ],
    };
  },

  current: (compute, spec) => facts(compute, spec, spec.resource.arn),

  async apply(compute, spec, now): Promise<Facts> {
    const name = spec.resource.arn;
    if (spec.action === "scale") {
      await compute.setLambdaReservedConcurrency(name, Number(spec.target.reservedConcurrency));
      return { reservedConcurrency: Number(spec.target.reservedConcurrency) };
    }
    if (spec.action === "restart") {
      const marker = now.toISOString();
      await compute.markLambdaRestart(name, marker);
      return { restartMarker: marker };
    }
    const alias = await compute.pointLambdaAlias(name, String(spec.params.alias), String(spec.target.aliasVersion));
    return { alias: alias.name, aliasVersion: alias.functionVersion, weights: weightsText(alias.weights) };
  },

  async verify(compute, spec, after, options) {
    const name = spec.resource.arn;
    if (spec.action === "rollback") {
      return poll(
        options,
        async () => {
          const alias = await readAlias(compute, name, String(spec.params.alias));
          return { alias: alias.name, aliasVersion: alias.functionVersion, weights: weightsText(alias.weights) };
        },
        (seen) =>
          seen.aliasVersion === spec.target.aliasVersion && seen.weights === null
            ? { status: "verified", detail: `alias ${String(seen.alias)} serves version ${String(seen.aliasVersion)}` }
            : {
                status: "failed",
                detail: `alias ${String(seen.alias)} serves ${String(seen.aliasVersion)}${seen.weights === null ? "" : ` + ${String(seen.weights)}`}`,
              },
      );
    }
    return poll(
      options,
      async () => {
        const fn = await readFunction(compute, name);
        return {
          state: fn.state ?? null,
          lastUpdateStatus: fn.lastUpdateStatus ?? null,
          reservedConcurrency: fn.reservedConcurrency ?? null,
          restartMarker: fn.restartMarker ?? null,
        };
      },
      (seen) => {
        if (spec.action === "scale") {
          return seen.reservedConcurrency === spec.target.reservedConcurrency
            ? { status: "verified", detail: `reserved concurrency is ${String(seen.reservedConcurrency)}` }
            : { status: "failed", detail: `reserved concurrency is ${String(seen.reservedConcurrency ?? "none")}` };
        }
        if (seen.lastUpdateStatus === "Failed")
          return { status: "failed", detail: "Lambda reports the configuration update Failed" };
        if (seen.restartMarker !== after.restartMarker)
          return { status: "failed", detail: `${LAMBDA_RESTART_MARKER} is ${String(seen.restartMarker ?? "unset")}` };
        return seen.lastUpdateStatus === "InProgress"
          ? { status: "waiting", detail: "the configuration update is in progress" }
          : {
              status: "verified",
              detail: `configuration updated (${String(seen.lastUpdateStatus ?? "done")}); new invocations start new execution environments`,
            };
      },
    );
  },
};
