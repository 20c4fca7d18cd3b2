// A failed deploy, teardown or preview, debugged on the spot: the failure is kept for `debug --last`,
// diagnosed from its structured diagnostics, recorded in the issue log, and the diagnosis travels with
// the error so the failure output already says what to do. Debugging never hides the original failure.
import { commandLine } from "../../../core/commands/command-line.js";
import type { ProjectContext } from "../../../core/context.js";
import {
  Interrupted,
  isDevopsError,
  type DevopsError,
  type ErrorCode,
  type ErrorOptions,
} from "../../../core/errors.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";
import { resourceName } from "../../../core/naming.js";
import { failureOf, writeLastFailure } from "../../../records/last-failure.js";
import { diagnose, type DebugResult } from "./debugger.js";
import { fromDiagnostics, fromText } from "./intake.js";
import type { DebugOperation, ErrorInput } from "./types.js";

/** The project's own name prefixes (one per environment), removed before errors are fingerprinted. */
export function projectNamePrefixes(project: ProjectContext): string[] {
  const { config } = project;
  const names = new Set<string>([config.project.name]);
  for (const environment of Object.keys(config.environments)) {
    const vars = {
      project: config.project.name,
      environment,
      ...(config.project.subsystem === undefined ? {} : { subsystem: config.project.subsystem }),
      ...(config.project.organization === undefined ? {} : { organization: config.project.organization }),
    };
    const marker = "zzresourcezz";
    const name = resourceName(config.resource_naming.pattern, config.resource_naming.separator, {
      ...vars,
      resource: marker,
    });
    const cut = name.indexOf(marker);
    const prefix = (cut < 0 ? name : name.slice(0, cut)).replace(/[^a-z0-9]+$/i, "");
    names.add(prefix);
  }
  return [...names].filter((name) => name.length >= 3);
}

/** The inputs of a thrown failure: the engine's diagnostics when there are any, else its message. */
export function inputsOfFailure(failure: ReturnType<typeof failureOf>): ErrorInput[] {
  const structured = fromDiagnostics(failure.diagnostics);
  if (structured.length > 0) return structured;
  return fromText(failure.error.message).map((input) => ({
    ...input,
    ...(failure.aws === undefined ? {} : { source: "aws-sdk" as const }),
    ...(failure.aws?.code === undefined ? {} : { code: failure.aws.code }),
    ...(failure.aws?.http_status === undefined ? {} : { httpStatus: failure.aws.http_status }),
  }));
}

/** Keeps the failure for `debug --last` and diagnoses it; undefined when debugging itself failed. */
export async function diagnoseFailure(
  project: ProjectContext,
  env: ResolvedEnvironment,
  operation: DebugOperation,
  error: unknown,
  planId?: string,
): Promise<DebugResult | undefined> {
  const failure = failureOf(error);
  const at = project.clock.now();
  try {
    await writeLastFailure(project.paths.stateDir, {
      at: at.toISOString(),
      environment: env.name,
      operation,
      ...failure,
      ...(planId === undefined ? {} : { plan_id: planId }),
    });
    const inputs = inputsOfFailure(failure);
    if (inputs.length === 0) return undefined;
    return await diagnose(
      project.paths.stateDir,
      {
        inputs,
        environment: {
          name: env.name,
          requireConfirmation: env.requireConfirmation,
          prodLike: env.prodLike,
          sandbox: env.endpoint !== undefined,
        },
        operation,
        projectNames: projectNamePrefixes(project),
        record: true,
      },
      at,
    );
  } catch {
    return undefined;
  }
}

/** The diagnosis as it travels in a failure's details (the JSON `error.details.diagnosis`). */
export function diagnosisSummary(result: DebugResult) {
  return {
    category: result.category,
    confidence: result.confidence,
    code: result.code,
    action: result.action,
    resource_type: result.resource_type,
    issue_id: result.issue_id,
    recommendation: result.recommendation,
    solutions: result.solutions.slice(0, 3).map((solution) => ({
      description: solution.description,
      confidence: solution.confidence,
      ...(solution.command === undefined ? {} : { command: solution.command }),
    })),
  };
}

/** The same failure with the diagnosis attached and its next command as the suggestion. */
export function withDiagnosis(
  error: unknown,
  result: DebugResult | undefined,
  extra: Record<string, unknown> = {},
): unknown {
  if (result === undefined || !isDevopsError(error) || error instanceof Interrupted) return error;
  const original: DevopsError = error;
  // A diagnosis that recognised nothing, or of a machine without its engine, must not replace the
  // failure's own precise suggestion.
  const own = result.category === "unknown" || original.code === "ENGINE_NOT_FOUND";
  const suggestion =
    own && original.suggestion !== undefined
      ? original.suggestion
      : result.recommendation.command !== null
        ? `${result.category} error: ${result.recommendation.command}`
        : `${result.category} error — details: ${commandLine("infra debug", { last: true })}`;
  const Kind = original.constructor as new (code: ErrorCode, message: string, options: ErrorOptions) => DevopsError;
  const enriched = new Kind(original.code, original.message, {
    suggestion,
    details: { ...(original.details ?? {}), diagnosis: diagnosisSummary(result), ...extra },
    cause: original.cause ?? original,
  });
  enriched.stack = original.stack ?? "";
  return enriched;
}
