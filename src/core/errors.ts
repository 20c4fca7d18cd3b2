// Typed errors with stable codes. Every failure the CLI reports is one of these, so the exit code,
// the JSON `error` object and the human message all come from one place. Codes come from error-codes.ts.
import type { ErrorCode } from "./error-codes.js";

export type { ErrorCode };

export const ExitCode = {
  ok: 0,
  failed: 1,
  badInput: 2,
  needsConfirmation: 3,
  failingVerdict: 4,
  /** The command's own time limit (--timeout) ran out; as timeout(1) reports it. */
  timedOut: 124,
  /** Stopped by SIGINT or SIGTERM; as a shell reports a Ctrl-C. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorOptions {
  suggestion?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export abstract class DevopsError extends Error {
  abstract readonly exitCode: ExitCode;
  readonly code: ErrorCode;
  readonly suggestion: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.suggestion = options.suggestion;
    this.details = options.details;
  }
}

/** The user can fix it: a bad flag, a bad config, an unknown environment. Exit 2. */
export class UserError extends DevopsError {
  override readonly name = "UserError";
  readonly exitCode = ExitCode.badInput;
}

/** Terraform, AWS or another tool failed. Exit 1; `cause` keeps the original. */
export class ProviderError extends DevopsError {
  override readonly name = "ProviderError";
  readonly exitCode = ExitCode.failed;
}

/** A record on disk cannot be used safely (corrupt, newer version, locked). Exit 1; never overwritten. */
export class RecordError extends DevopsError {
  override readonly name = "RecordError";
  readonly exitCode = ExitCode.failed;
}

/** A human must approve before this can go on. Exit 3; not a failure. */
export class ConfirmationRequired extends DevopsError {
  override readonly name = "ConfirmationRequired";
  readonly exitCode = ExitCode.needsConfirmation;
}

/**
 * An engine run stopped before it finished, by a signal (exit 130) or the command's time limit (124):
 * not a failure of the change itself, so nothing diagnoses it as one.
 */
export class Interrupted extends DevopsError {
  override readonly name = "Interrupted";

  get exitCode(): ExitCode {
    return this.code === "ENGINE_TIMEOUT" ? ExitCode.timedOut : ExitCode.interrupted;
  }
}

/** A bug in this tool. Exit 1, with a request to report it. */
export class InternalError extends DevopsError {
  override readonly name = "InternalError";
  readonly exitCode = ExitCode.failed;

  constructor(message: string, options: ErrorOptions = {}) {
    super("INTERNAL", message, {
      suggestion: "this is a bug in devops; rerun with --verbose and report the output",
      ...options,
    });
  }
}

export function isDevopsError(value: unknown): value is DevopsError {
  return value instanceof DevopsError;
}

/** The code and message a trail records for anything thrown (a non-devops error is a bug: INTERNAL). */
export function errorSummary(error: unknown): { code: string; message: string } {
  return isDevopsError(error)
    ? { code: error.code, message: error.message }
    : { code: "INTERNAL", message: String(error) };
}

/** Wraps anything thrown into a DevopsError so the CLI always has a code and an exit code. */
export function toDevopsError(value: unknown): DevopsError {
  if (isDevopsError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new InternalError(message, { cause: value });
}
