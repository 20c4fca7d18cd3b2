// The last failed engine or AWS run of a project (`runs/last-failure.json`, 0600, git-ignored): what
// `devops infra debug --last` reads, so a failure can be debugged after the command that hit it.
import { join } from "node:path";
import * as z from "zod";
import { isDevopsError } from "../core/errors.js";
import { redactDeep } from "../core/redact.js";
import { readRecord, writeRecord } from "../core/store.js";

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

export const LastFailure = z.object({
  schema_version: z.literal(1),
  at: z.iso.datetime({ offset: true }),
  environment: z.string().min(1),
  operation: z.enum(["deploy", "destroy", "validate", "preview", "other"]),
  error: z.object({ code: z.string(), message: z.string() }),
  diagnostics: z.array(FailureDiagnostic).default([]),
  /** AWS facts when the failure came from an SDK call. */
  aws: z.object({ code: z.string().optional(), http_status: z.number().optional() }).optional(),
  stderr: z.string().optional(),
  plan_id: z.string().optional(),
});
export type LastFailure = z.infer<typeof LastFailure>;

export function lastFailurePath(stateDir: string): string {
  return join(stateDir, "runs", "last-failure.json");
}

export function readLastFailure(stateDir: string): Promise<LastFailure | undefined> {
  return readRecord(lastFailurePath(stateDir), LastFailure, OPTIONS);
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

export async function writeLastFailure(stateDir: string, failure: Omit<LastFailure, "schema_version">): Promise<void> {
  await writeRecord(
    lastFailurePath(stateDir),
    LastFailure,
    OPTIONS,
    redactDeep({ schema_version: 1 as const, ...failure }),
  );
}
