// The last failed run of a project (`runs/last-failure.json`) and of each environment
// (`runs/failures/<env>.json`), 0600 and git-ignored: what `devops infra debug --last` reads, so a
// failure can be debugged after the command that hit it. A later success of the same command in the
// same environment marks the failure superseded instead of deleting it, so debug can say so.
import { join } from "node:path";
import * as z from "zod";
import { isDevopsError } from "../core/errors.js";
import { redactDeep } from "../core/redact.js";
import { readRecord, updateRecord, writeRecord } from "../core/store.js";

const OPTIONS = { schemaVersion: 1, mode: 0o600 } as const;

const FailureDiagnostic = z.object({
  severity: z.enum(["error", "warning"]),
  summary: z.string(),
  detail: z.string().optional(),
  file: z.string().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
  address: z.string().optional(),
});
export type FailureDiagnostic = z.infer<typeof FailureDiagnostic>;

export const LastFailure = z.object({
  schema_version: z.literal(1),
  at: z.iso.datetime({ offset: true }),
  /** Absent for a failure that concerns no one environment (config validate, ops audit of the account). */
  environment: z.string().min(1).optional(),
  operation: z.enum(["deploy", "destroy", "validate", "preview", "other"]),
  /** The command's path ("infra preview-changes") and the command line as typed, redacted. */
  command: z.string().min(1).optional(),
  command_line: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }),
  diagnostics: z.array(FailureDiagnostic).default([]),
  /** AWS facts when the failure came from an SDK call. */
  aws: z.object({ code: z.string().optional(), http_status: z.number().optional() }).optional(),
  stderr: z.string().optional(),
  plan_id: z.string().optional(),
  /** A later success of the same command in the same environment. */
  superseded_by: z.object({ at: z.iso.datetime({ offset: true }), command_line: z.string().optional() }).optional(),
});
export type LastFailure = z.infer<typeof LastFailure>;

export function lastFailurePath(stateDir: string): string {
  return join(stateDir, "runs", "last-failure.json");
}

/** Environment names are slugs (the config schema), so they are safe as file names. */
export function environmentFailurePath(stateDir: string, environment: string): string {
  return join(stateDir, "runs", "failures", `${environment}.json`);
}

/** The project's last failure, or the environment's when one is named. */
export function readLastFailure(stateDir: string, environment?: string): Promise<LastFailure | undefined> {
  const path = environment === undefined ? lastFailurePath(stateDir) : environmentFailurePath(stateDir, environment);
  return readRecord(path, LastFailure, OPTIONS);
}

/** The facts of a thrown error worth keeping: code, message, engine diagnostics, AWS code. */
export function failureOf(error: unknown): Pick<LastFailure, "error" | "diagnostics" | "aws" | "stderr"> {
  if (!isDevopsError(error))
    return {
      error: { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) },
      diagnostics: [],
    };
  const details = error.details ?? {};
  const diagnostics = z.array(FailureDiagnostic).safeParse(details.diagnostics);
  const awsCode = typeof details.awsCode === "string" ? details.awsCode : undefined;
  const httpStatus = typeof details.httpStatus === "number" ? details.httpStatus : undefined;
  const stderr = typeof details.stderr === "string" ? details.stderr : undefined;
  return {
    error: { code: error.code, message: error.message },
    diagnostics: diagnostics.success ? diagnostics.data : [],
    ...(awsCode === undefined && httpStatus === undefined
      ? {}
      : {
          aws: {
            ...(awsCode === undefined ? {} : { code: awsCode }),
            ...(httpStatus === undefined ? {} : { http_status: httpStatus }),
          },
        }),
    ...(stderr === undefined ? {} : { stderr: stderr.slice(-4000) }),
  };
}

/** Keeps the failure as the project's last one and, when it has an environment, as that environment's. */
export async function writeLastFailure(stateDir: string, failure: Omit<LastFailure, "schema_version">): Promise<void> {
  const record = redactDeep({ schema_version: 1 as const, ...failure });
  await writeRecord(lastFailurePath(stateDir), LastFailure, OPTIONS, record);
  if (failure.environment !== undefined)
    await writeRecord(environmentFailurePath(stateDir, failure.environment), LastFailure, OPTIONS, record);
}

/** Whether a success of `command` in `environment` supersedes this failure. */
export function supersededBy(failure: LastFailure, command: string, environment: string | undefined): boolean {
  return failure.command === command && failure.environment === environment && failure.superseded_by === undefined;
}

/**
 * Notes a success of `command` in `environment` on the failures it supersedes. Reads first and writes
 * only when there is something to mark, so a success usually costs two reads of absent files.
 */
export async function noteSuccess(
  stateDir: string,
  success: { command: string; environment: string | undefined; at: Date; commandLine?: string },
): Promise<void> {
  const paths = [
    lastFailurePath(stateDir),
    ...(success.environment === undefined ? [] : [environmentFailurePath(stateDir, success.environment)]),
  ];
  const mark = {
    at: success.at.toISOString(),
    ...(success.commandLine === undefined ? {} : { command_line: success.commandLine }),
  };
  for (const path of paths) {
    const current = await readRecord(path, LastFailure, OPTIONS);
    if (current === undefined || !supersededBy(current, success.command, success.environment)) continue;
    if (Date.parse(current.at) > success.at.getTime()) continue;
    await updateRecord(path, LastFailure, OPTIONS, (latest) =>
      latest !== undefined && supersededBy(latest, success.command, success.environment)
        ? { ...latest, superseded_by: mark }
        : latest!,
    );
  }
}
