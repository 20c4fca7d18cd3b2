// Every command's outcome, noted once where all of them pass (cli/run.ts): a failure becomes the
// project's (and its environment's) last failure for `infra debug --last`; a success marks an earlier
// failure of the same command in the same environment as superseded. Noting never fails the command.
import { shellQuote } from "../core/commands/command-line.js";
import { resolveEnvironmentName } from "../core/config/environments.js";
import { findConfig } from "../core/config/load.js";
import { projectPaths, type Context } from "../core/context.js";
import { type DevopsError, ExitCode } from "../core/errors.js";
import { redactText } from "../core/redact.js";
import { exitCodeOf, type CommandResult } from "../core/result.js";
import {
  failureOf,
  noteSuccess,
  readLastFailure,
  writeLastFailure,
  type FailureDiagnostic,
  type LastFailure,
} from "../records/last-failure.js";
import { loadProjectConfig } from "../skills/project.js";

export interface RunOutcome {
  /** The command's path, e.g. "infra preview-changes". */
  command: string;
  /** The words after `devops`, as typed. */
  argv: readonly string[];
  /** The parsed options; only `env` is read. */
  input: unknown;
  startedAt: Date;
  outcome: { kind: "result"; result: CommandResult } | { kind: "error"; error: DevopsError };
}

/** Commands whose outcome is not a run worth debugging: the debugger itself. */
const NOT_NOTED = [/^infra debug\b/];

const OPERATIONS: Readonly<Record<string, LastFailure["operation"]>> = {
  "infra deploy": "deploy",
  "infra teardown": "destroy",
  "infra validate-config": "validate",
  "infra preview-changes": "preview",
  "infra test-changes": "preview",
};

/** The command line as typed, with --var values and every secret the redactor knows removed. */
export function shownCommandLine(argv: readonly string[]): string {
  const words = argv.map((word, index) => {
    if (argv[index - 1] === "--var") return word.replace(/=.*$/s, "=[REDACTED]");
    if (word.startsWith("--var=")) return word.replace(/^(--var=[^=]*)=.*$/s, "$1=[REDACTED]");
    return word;
  });
  return redactText(["devops", ...words.map((word) => shellQuote(word))].join(" "));
}

function envWordOf(input: unknown): string | undefined {
  if (typeof input !== "object" || input === null || !("env" in input)) return undefined;
  return typeof input.env === "string" && input.env !== "" ? input.env : undefined;
}

/** The project's state folder; a command outside any project has none. */
async function stateDirOf(ctx: Context): Promise<string> {
  return projectPaths((await findConfig(ctx.cwd, ctx.configPath)).root).stateDir;
}

/** The environment's configured name: a word like "production" resolved when the config reads. */
async function environmentOf(ctx: Context, word: string | undefined): Promise<string | undefined> {
  if (word === undefined) return undefined;
  try {
    return resolveEnvironmentName((await loadProjectConfig(ctx)).config, word);
  } catch {
    return word;
  }
}

/** A negative verdict worth debugging: one whose data carries error findings (invalid code). */
function verdictFailure(
  command: string,
  result: CommandResult,
): Pick<LastFailure, "error" | "diagnostics"> | undefined {
  const data = result.data;
  if (typeof data !== "object" || data === null || !("findings" in data) || !Array.isArray(data.findings))
    return undefined;
  const diagnostics: FailureDiagnostic[] = data.findings.flatMap((finding: unknown) => {
    if (typeof finding !== "object" || finding === null) return [];
    const { severity, message, file, line, address } = finding as Record<string, unknown>;
    if (severity !== "error" || typeof message !== "string") return [];
    return [
      {
        severity: "error" as const,
        summary: message,
        ...(typeof file === "string" ? { file } : {}),
        ...(typeof line === "number" ? { line } : {}),
        ...(typeof address === "string" ? { address } : {}),
      },
    ];
  });
  const [first] = diagnostics;
  if (first === undefined) return undefined;
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : "";
  return {
    error: { code: "VERDICT_FAILED", message: `${command} found errors: ${first.summary}${more}` },
    diagnostics,
  };
}

async function noteFailure(
  stateDir: string,
  run: RunOutcome,
  environment: string | undefined,
  failure: Pick<LastFailure, "error" | "diagnostics" | "aws" | "stderr">,
  at: Date,
): Promise<void> {
  const own = { command: run.command, command_line: shownCommandLine(run.argv) };
  // A deploy or teardown keeps its failure (with its plan id) itself while it runs; add who ran it.
  const kept = await readLastFailure(stateDir);
  if (kept !== undefined && kept.command === undefined && Date.parse(kept.at) >= run.startedAt.getTime()) {
    const { schema_version: _version, ...rest } = kept;
    await writeLastFailure(stateDir, { ...rest, ...own });
    return;
  }
  await writeLastFailure(stateDir, {
    at: at.toISOString(),
    ...(environment === undefined ? {} : { environment }),
    operation: OPERATIONS[run.command] ?? "other",
    ...own,
    ...failure,
  });
}

export async function noteRunOutcome(ctx: Context, run: RunOutcome): Promise<void> {
  if (NOT_NOTED.some((pattern) => pattern.test(run.command))) return;
  const exit = run.outcome.kind === "error" ? run.outcome.error.exitCode : exitCodeOf(run.outcome.result);
  // A refusal (bad input) or a wait for approval ran nothing and writes nothing.
  if (exit === ExitCode.badInput || exit === ExitCode.needsConfirmation) return;
  try {
    const stateDir = await stateDirOf(ctx);
    const at = ctx.clock.now();
    const failure =
      run.outcome.kind === "error" ? failureOf(run.outcome.error) : verdictFailure(run.command, run.outcome.result);
    if (failure !== undefined) {
      await noteFailure(stateDir, run, await environmentOf(ctx, envWordOf(run.input)), failure, at);
      return;
    }
    // A negative verdict without errors (drift, changes not deployed) is a command that worked.
    if (exit !== ExitCode.ok && exit !== ExitCode.failingVerdict) return;
    // Both records are written together, so without the project's there is nothing to supersede.
    if ((await readLastFailure(stateDir)) === undefined) return;
    const environment = await environmentOf(ctx, envWordOf(run.input));
    await noteSuccess(stateDir, { command: run.command, environment, at, commandLine: shownCommandLine(run.argv) });
  } catch (error) {
    ctx.io.notify({
      level: "debug",
      message: `the outcome of ${run.command} was not recorded: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}
