// What every command returns: a status word, typed data, and the next steps worth suggesting.
// Expected outcomes (a failing verdict, a needed confirmation) are results, not exceptions.
import { ExitCode } from "./errors.js";

export interface NextStep {
  command: string;
  why: string;
}

/** One step of a workflow as its result reports it (deploy, teardown, their test gates and retries). */
export interface Step {
  name: string;
  status: "passed" | "done" | "skipped" | "not_available" | "failed" | "waiting";
  detail?: string;
}

export interface CommandResult<T = unknown> {
  status: string;
  environment?: string;
  data: T;
  next?: NextStep[];
  /** "fail" means the command ran but its verdict is negative (tests FAIL, drift found): exit 4. */
  verdict?: "pass" | "fail";
}

export function exitCodeOf(result: CommandResult): ExitCode {
  if (result.status === "needs_confirmation") return ExitCode.needsConfirmation;
  if (result.status === "cancelled") return ExitCode.failed;
  return result.verdict === "fail" ? ExitCode.failingVerdict : ExitCode.ok;
}
