// The one way this tool runs another program: argv arrays, no shell, an explicit environment, a
// timeout, and line streaming. Failures become a neutral SubprocessError that each handler re-wraps
// into its own domain error.
import { execa, type ExecaError } from "execa";

export type SubprocessFailure = "spawn-failed" | "exited" | "killed" | "timeout";

export interface RunOptions {
  cwd: string;
  /** The complete environment of the child; nothing is inherited implicitly. */
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
  /** Exit codes that count as success (default [0]); e.g. [0, 2] for `terraform plan -detailed-exitcode`. */
  okExitCodes?: readonly number[];
  onLine?: (stream: "stdout" | "stderr", line: string) => void;
  input?: string;
  signal?: AbortSignal;
  /** The argv as errors and results may show it, when some arguments carry secrets. */
  shownArgs?: readonly string[];
}

export interface RunResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export class SubprocessError extends Error {
  override readonly name = "SubprocessError";

  constructor(
    readonly kind: SubprocessFailure,
    readonly command: string,
    message: string,
    readonly result: { exitCode: number | undefined; signal: string | undefined; stdout: string; stderr: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function describe(file: string, args: readonly string[]): string {
  return [file, ...args].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : JSON.stringify(part))).join(" ");
}

function lineStreamer(stream: "stdout" | "stderr", onLine: RunOptions["onLine"]) {
  return function* (line: unknown) {
    if (onLine !== undefined && typeof line === "string") onLine(stream, line);
    yield line;
  };
}

export async function run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const command = describe(file, options.shownArgs ?? args);
  const started = Date.now();
  const okExitCodes = options.okExitCodes ?? [0];
  const env = Object.fromEntries(Object.entries(options.env).filter(([, value]) => value !== undefined));
  try {
    const child = await execa(file, [...args], {
      cwd: options.cwd,
      env,
      extendEnv: false,
      shell: false,
      reject: false,
      timeout: options.timeoutMs,
      forceKillAfterDelay: 5_000,
      stripFinalNewline: true,
      ...(options.input === undefined ? { stdin: "ignore" as const } : { input: options.input }),
      ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
      stdout: [lineStreamer("stdout", options.onLine)],
      stderr: [lineStreamer("stderr", options.onLine)],
      lines: false,
    });
    const stdout = String(child.stdout ?? "");
    const stderr = String(child.stderr ?? "");
    const result = { exitCode: child.exitCode, signal: child.signal, stdout, stderr };
    if (child.timedOut) {
      throw new SubprocessError("timeout", command, `${command} timed out after ${options.timeoutMs} ms`, result);
    }
    if (child.failed && child.exitCode === undefined && child.signal === undefined) {
      throw new SubprocessError("spawn-failed", command, `could not start ${file}: ${child.shortMessage}`, result, {
        cause: child.cause,
      });
    }
    if (child.signal !== undefined && child.exitCode === undefined) {
      throw new SubprocessError("killed", command, `${command} was killed by ${child.signal}`, result);
    }
    const exitCode = child.exitCode ?? -1;
    if (!okExitCodes.includes(exitCode)) {
      throw new SubprocessError("exited", command, `${command} exited with code ${exitCode}`, result);
    }
    return { command, exitCode, stdout, stderr, durationMs: Date.now() - started };
  } catch (error) {
    if (error instanceof SubprocessError) throw error;
    const execaError = error as Partial<ExecaError>;
    throw new SubprocessError(
      "spawn-failed",
      command,
      `could not start ${file}: ${execaError.shortMessage ?? String(error)}`,
      { exitCode: undefined, signal: undefined, stdout: "", stderr: "" },
      { cause: error },
    );
  }
}
