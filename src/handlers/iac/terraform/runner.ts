// Runs the terraform (or tofu) binary for one environment: a curated environment (no TF_CLI_ARGS
// that could smuggle in flags, the environment's own credentials and workspace), machine-readable
// output parsed line by line, and engine failures mapped to typed errors with the diagnostics.
import { commandLine, placeholder } from "../../../core/commands/command-line.js";
import type { Context } from "../../../core/context.js";
import { ProviderError } from "../../../core/errors.js";
import type { Diagnostic, IacProgressEvent, IacTarget } from "../../../core/handler-contract.js";
import { redactText } from "../../../core/redact.js";
import { type ErrorCode as Code, Interrupted } from "../../../core/errors.js";
import { run, SubprocessError, type GracefulStop, type RunResult } from "../../../core/subprocess.js";
import { formatDuration } from "../../../core/timeframe.js";
import { providerInstallationEnv } from "./cli-config.js";
import { terraformSettings } from "./config.js";
import { UiMessage, type DiagnosticJson } from "./schema.js";
import { shownArgs } from "./var-files.js";

/** Each engine operation this handler runs, with the code its failure is reported under. */
const FAILURE_CODES = {
  init: "TERRAFORM_INIT_FAILED",
  validate: "TERRAFORM_VALIDATE_FAILED",
  plan: "TERRAFORM_PLAN_FAILED",
  "plan -destroy": "TERRAFORM_PLAN_DESTROY_FAILED",
  apply: "TERRAFORM_APPLY_FAILED",
  show: "TERRAFORM_SHOW_FAILED",
  output: "TERRAFORM_OUTPUT_FAILED",
  "state pull": "TERRAFORM_STATE_PULL_FAILED",
  "force-unlock": "TERRAFORM_FORCE_UNLOCK_FAILED",
  "state list": "TERRAFORM_STATE_LIST_FAILED",
  "state rm": "TERRAFORM_STATE_RM_FAILED",
  "state mv": "TERRAFORM_STATE_MV_FAILED",
  "workspace list": "TERRAFORM_WORKSPACE_LIST_FAILED",
  "workspace new": "TERRAFORM_WORKSPACE_NEW_FAILED",
} as const satisfies Record<string, Code>;
export type EngineOperation = keyof typeof FAILURE_CODES;

const MINUTE = 60_000;
export const TIMEOUTS = { quick: 5 * MINUTE, plan: 30 * MINUTE, apply: 120 * MINUTE } as const;
const STALL_WARNING_MS = 5 * MINUTE;
const INTERRUPT_GRACE_MS = MINUTE;

/** The time a run may take: the operation's own limit, cut to what is left of the command's (--timeout, run_timeout). */
function runBudget(ctx: Context, target: IacTarget, operationMs: number): { timeoutMs: number; limit?: number } {
  const limit = ctx.runLimits?.timeoutMs ?? terraformSettings(target.env).runTimeoutMs;
  if (limit === undefined) return { timeoutMs: operationMs };
  const started = ctx.runLimits?.startedAtMs ?? Date.now();
  const left = Math.max(1, started + limit - Date.now());
  return left < operationMs ? { timeoutMs: left, limit } : { timeoutMs: operationMs };
}

/** Variables that would change what terraform does behind our back. */
const SCRUBBED = [/^TF_CLI_ARGS/, /^TF_WORKSPACE$/, /^TF_INPUT$/, /^TF_FORCE_LOCAL_BACKEND$/];

export function engineEnv(ctx: Context, target: IacTarget, workspace: boolean): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(ctx.env))
    if (!SCRUBBED.some((pattern) => pattern.test(key))) env[key] = value;
  Object.assign(env, target.credentials, { TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" });
  if (workspace && target.env.iac.workspace !== undefined) env.TF_WORKSPACE = target.env.iac.workspace;
  return env;
}

export function toDiagnostic(raw: DiagnosticJson): Diagnostic {
  return {
    severity: raw.severity === "warning" ? "warning" : "error",
    summary: redactText(raw.summary),
    ...(raw.detail === undefined || raw.detail === "" ? {} : { detail: redactText(raw.detail) }),
    ...(raw.address === undefined ? {} : { address: raw.address }),
    ...(raw.range === undefined
      ? {}
      : { file: raw.range.filename, line: raw.range.start.line, column: raw.range.start.column }),
  };
}

export function parseUiLine(line: string): UiMessage | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const parsed = UiMessage.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function progressOf(message: UiMessage): IacProgressEvent | undefined {
  const address = message.hook?.resource?.addr;
  const base = { ...(address === undefined ? {} : { address }), message: message["@message"] };
  switch (message.type) {
    case "refresh_start":
      return { kind: "refreshing", ...base };
    case "planned_change":
      return { kind: "planning", ...base };
    case "apply_start":
      return {
        // A data source is read, during a plan as during an apply: nothing is changed.
        kind: message.hook?.action === "read" ? "reading" : "applying",
        ...base,
        ...(message.hook?.action === undefined ? {} : { action: message.hook.action }),
      };
    case "apply_progress":
      return {
        kind: message.hook?.action === "read" ? "reading" : "applying",
        ...base,
        ...(message.hook?.elapsed_seconds === undefined ? {} : { elapsedSeconds: message.hook.elapsed_seconds }),
      };
    case "apply_complete":
      return { kind: "applied", ...base };
    case "apply_errored":
      return { kind: "failed", ...base };
    default:
      return undefined;
  }
}

export interface EngineRun {
  args: string[];
  workspace?: boolean;
  timeoutMs?: number;
  okExitCodes?: number[];
  /** Parse stdout as `-json` UI lines: progress events and diagnostics. */
  json?: boolean;
  onProgress?: (event: IacProgressEvent) => void;
}

export interface EngineResult extends RunResult {
  diagnostics: Diagnostic[];
}

function lockIdOf(diagnostics: readonly Diagnostic[], stderr: string): string | undefined {
  const text = [...diagnostics.map((d) => d.detail ?? ""), stderr].join("\n");
  return /\bID:\s+([0-9a-f-]{8,})/i.exec(text)?.[1];
}

const PROVIDERS_UNREACHABLE =
  /Failed to query available provider packages|Could not retrieve the list of available versions|Failed to install provider/i;

/** Terraform's lead-in when init meets an invalid configuration; the block after it says what is wrong. */
const INIT_PREAMBLE = /^Terraform encountered problems during initiali[sz]ation\b/;

/**
 * The first top-level `Error:` block of the engine's human output, on one line: its title (which may
 * wrap over several lines) and its detail, up to the next block. Problems with the CLI configuration
 * come first, inside a box, and are often not why the command failed; init's lead-in is skipped too.
 */
export function firstErrorBlock(stderr: string): string | undefined {
  const blocks: { title: string; detail: string[] }[] = [];
  let current: { title: string[]; detail: string[]; inTitle: boolean } | undefined;
  const close = () => {
    if (current !== undefined) blocks.push({ title: current.title.join(" "), detail: current.detail });
  };
  for (const line of stderr.split("\n")) {
    if (/^(?:Error|Warning): /.test(line)) {
      close();
      current = /^Error: /.test(line)
        ? { title: [line.replace(/^Error: /, "").trim()], detail: [], inTitle: true }
        : undefined;
      continue;
    }
    if (current === undefined) continue;
    const text = line.trim();
    if (text === "") current.inTitle = false;
    else if (current.inTitle) current.title.push(text);
    else current.detail.push(text);
  }
  close();
  const block = blocks.find((candidate) => !INIT_PREAMBLE.test(candidate.title)) ?? blocks[0];
  return block === undefined ? undefined : blockLine(block.title, block.detail);
}

/** An error block (its summary, then every line of its detail) on one line, as a failure's summary. */
export function blockLine(summary: string, detail: readonly string[]): string {
  const lines = detail.map((line) => line.trim()).filter((line) => line !== "");
  const text = lines.length === 0 ? summary : `${summary}: ${lines.join(" ")}`;
  return text.length > 600 ? `${text.slice(0, 599)}…` : text;
}

/**
 * An engine stopped by an interrupt or the time limit: what it was doing, whether it stopped by itself
 * (then it released its state lock) or had to be killed, and what to run next.
 */
function stopped(
  target: IacTarget,
  operation: EngineOperation,
  error: SubprocessError,
  limit: number | undefined,
): Interrupted {
  const binary = terraformSettings(target.env).binary;
  const env = target.env.name;
  const killed = error.result.signal === "SIGKILL";
  const timeout = error.kind === "timeout";
  const why = timeout
    ? `ran out of time${limit === undefined ? "" : ` (limit ${formatDuration(limit)})`}`
    : "was interrupted";
  const how = killed
    ? "it did not stop within the grace period and was killed, so its state lock may still be held"
    : "it stopped and released its state lock";
  const check = commandLine("infra check-status", { env });
  const preview = commandLine("infra preview-changes", { env });
  return new Interrupted(
    timeout ? "ENGINE_TIMEOUT" : "ENGINE_INTERRUPTED",
    `${binary} ${operation} of "${env}" ${why}; ${how}`,
    {
      suggestion: killed
        ? `see what was changed and whether the lock is held with ${check}; release a held lock with ${commandLine("infra unlock", { env, lockId: placeholder("<lock id>") })}, then ${preview}`
        : `see what was changed with ${check}, then ${preview} to plan the rest`,
      details: {
        operation,
        environment: env,
        reason: timeout ? "timeout" : "interrupted",
        killed,
        ...(limit === undefined ? {} : { limit_ms: limit }),
      },
      cause: error,
    },
  );
}

function failure(
  target: IacTarget,
  operation: EngineOperation,
  error: SubprocessError,
  diagnostics: Diagnostic[],
  limit?: number,
): ProviderError | Interrupted {
  const binary = terraformSettings(target.env).binary;
  if (error.kind === "spawn-failed") {
    const missing = /\bENOENT\b/.test(error.message);
    const where = binary.includes("/") ? `${binary} does not exist` : `there is no "${binary}" on the PATH`;
    return new ProviderError(
      "ENGINE_NOT_FOUND",
      missing ? `the Terraform engine was not found: ${where}` : `cannot run ${binary}: ${error.message}`,
      {
        suggestion: binary.includes("/")
          ? `install Terraform (or OpenTofu) at ${binary}, or point handlers.iac.terraform.binary at the binary you have`
          : `install Terraform (or OpenTofu) so that "${binary}" is on the PATH, or set handlers.iac.terraform.binary to its full path`,
        details: { binary, operation },
        cause: error,
      },
    );
  }
  if (error.kind === "interrupted" || error.kind === "timeout") return stopped(target, operation, error, limit);
  if (error.kind === "killed") {
    return new ProviderError("ENGINE_TIMEOUT", `${binary} ${operation} did not finish: ${error.message}`, {
      cause: error,
    });
  }
  const errors = diagnostics.filter((d) => d.severity === "error");
  const stderr = redactText(error.result.stderr.trim());
  const text = [...errors.map((d) => `${d.summary} ${d.detail ?? ""}`), stderr].join("\n");
  const details = {
    operation,
    environment: target.env.name,
    diagnostics: errors,
    ...(stderr === "" ? {} : { stderr: stderr.slice(-4000) }),
  };
  if (/Error acquiring the state lock/i.test(text)) {
    const lockId = lockIdOf(errors, stderr);
    return new ProviderError(
      "STATE_LOCKED",
      `the Terraform state of "${target.env.name}" is locked${lockId === undefined ? "" : ` (lock ID ${lockId})`}`,
      {
        suggestion: `wait for the other run to finish; if it died, check the lock with ${commandLine("infra check-status", { env: target.env.name })}, then release it with ${commandLine("infra unlock", { env: target.env.name, lockId: lockId ?? placeholder("<lock id>") })}`,
        details: { ...details, ...(lockId === undefined ? {} : { lockId }) },
        cause: error,
      },
    );
  }
  if (/Saved plan is stale/i.test(text)) {
    return new ProviderError(
      "PLAN_STALE",
      `the saved plan no longer matches the state of "${target.env.name}" (it changed since the plan was made)`,
      {
        suggestion: `preview again: ${commandLine("infra preview-changes", { env: target.env.name })}`,
        details,
        cause: error,
      },
    );
  }
  const first = errors[0];
  const summary =
    first === undefined
      ? (firstErrorBlock(stderr) ?? stderr.split("\n").find((line) => line.trim() !== "") ?? error.message)
      : blockLine(first.summary, first.detail?.split("\n") ?? []);
  const where = first?.file === undefined ? "" : ` (${first.file}:${first.line})`;
  const providers = operation === "init" && PROVIDERS_UNREACHABLE.test(text);
  return new ProviderError(
    FAILURE_CODES[operation],
    `${binary} ${operation} failed for "${target.env.name}": ${summary}${where}`,
    {
      suggestion: providers
        ? "the providers could not be installed: point handlers.iac.terraform.provider_mirror at a `terraform providers mirror` folder (or plugin_cache_dir at a filled cache) in .devops/devops.json, or fix the provider_installation of your Terraform CLI config"
        : "read the diagnostics; run with --verbose for the engine's full output",
      details,
      cause: error,
    },
  );
}

/** A periodic "still creating" line says the engine waits, not that anything moved. */
function moved(line: string): boolean {
  return parseUiLine(line)?.type !== "apply_progress";
}

function gracefulStop(ctx: Context, target: IacTarget, operation: EngineOperation, json: boolean): GracefulStop {
  const settings = terraformSettings(target.env);
  const graceMs = settings.interruptGraceMs ?? INTERRUPT_GRACE_MS;
  const stallMs = settings.stallWarningMs ?? STALL_WARNING_MS;
  const what = `${settings.binary} ${operation}`;
  return {
    interrupts: ctx.interrupts,
    graceMs,
    onInterrupt: (reason, first) =>
      ctx.io.notify({
        level: "warn",
        message: first
          ? `${reason === "timeout" ? "time limit reached" : reason === "cancel" ? "the command is stopping" : `${reason} received`}: asking ${what} to stop (it has up to ${formatDuration(graceMs)} to release the state lock); interrupt again to stop it at once`
          : `${reason} again: telling ${what} to stop now`,
      }),
    ...(json
      ? {
          stall: {
            afterMs: stallMs,
            moved,
            onStall: (silentMs: number) =>
              ctx.io.notify({
                level: "warn",
                message: `${what} has made no progress for ${formatDuration(silentMs)}: a resource may be stuck; press Ctrl-C to interrupt it (handlers.iac.terraform.stall_warning sets this warning's delay)`,
              }),
          },
        }
      : {}),
  };
}

export async function runEngine(
  ctx: Context,
  target: IacTarget,
  operation: EngineOperation,
  options: EngineRun,
): Promise<EngineResult> {
  const { binary, directory } = terraformSettings(target.env);
  const diagnostics: Diagnostic[] = [];
  const onLine = (stream: "stdout" | "stderr", line: string) => {
    if (ctx.verbose) ctx.io.notify({ level: "debug", message: `${binary}: ${redactText(line)}` });
    if (!options.json || stream !== "stdout") return;
    const message = parseUiLine(line);
    if (message === undefined) return;
    if (message.type === "diagnostic" && message.diagnostic !== undefined)
      diagnostics.push(toDiagnostic(message.diagnostic));
    const event = progressOf(message);
    if (event !== undefined) options.onProgress?.(event);
  };
  const budget = runBudget(ctx, target, options.timeoutMs ?? TIMEOUTS.quick);
  try {
    const result = await run(binary, options.args, {
      cwd: directory,
      env: { ...engineEnv(ctx, target, options.workspace ?? true), ...(await providerInstallationEnv(ctx, target)) },
      timeoutMs: budget.timeoutMs,
      onLine,
      shownArgs: shownArgs(options.args),
      graceful: gracefulStop(ctx, target, operation, options.json === true),
      ...(options.okExitCodes === undefined ? {} : { okExitCodes: options.okExitCodes }),
    });
    return { ...result, diagnostics };
  } catch (error) {
    if (error instanceof SubprocessError) throw failure(target, operation, error, diagnostics, budget.limit);
    throw error;
  }
}
