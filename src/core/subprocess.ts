// The one way this tool runs another program: argv arrays, no shell, an explicit environment, a
// timeout, and line streaming. Failures become a neutral SubprocessError that each handler re-wraps
// into its own domain error.
import { execa, type ExecaError } from "execa";
import type { InterruptSignal, Interrupts } from "./interrupt.js";

export type SubprocessFailure = "spawn-failed" | "exited" | "killed" | "timeout" | "interrupted";

/**
 * How a long-running child that must stop in order (an engine holding a state lock) is interrupted:
 * it runs in its own process group, so a terminal's Ctrl-C reaches it only through us, once; the
 * process's signals and the timeout each send it one SIGINT, a second signal sends the second
 * SIGINT (the engine's "stop now"), and after the grace period the whole group is killed.
 */
export interface GracefulStop {
  interrupts: Interrupts;
  graceMs: number;
  /** Told of every signal handed on, and whether it was the first (the graceful stop) or not. */
  onInterrupt?: (reason: InterruptSignal | "timeout", first: boolean) => void;
  /**
   * Called each time nothing has moved for this long: no line, or only lines `moved` does not count
   * (an engine's periodic "still creating" says it waits, not that it advances).
   */
  stall?: { afterMs: number; onStall: (silentMs: number) => void; moved?: (line: string) => boolean };
}

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
  /** Stop the child in order on a signal or the timeout, instead of killing it. */
  graceful?: GracefulStop;
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

/** Signals a whole process group; a group already gone is what was wanted. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: no process of the group is left.
  }
}

/** The state of one graceful stop: what stopped the child, if anything, and the timers to clear. */
class Stopper {
  reason: "interrupted" | "timeout" | undefined;
  #sent = 0;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #detach: () => void;

  constructor(
    private readonly pid: number,
    private readonly sendInterrupt: () => void,
    private readonly options: GracefulStop,
    timeoutMs: number,
  ) {
    this.#detach = options.interrupts.attach((signal) => this.interrupt("interrupted", signal));
    this.#timers.push(setTimeout(() => this.interrupt("timeout", "timeout"), timeoutMs));
  }

  interrupt(reason: "interrupted" | "timeout", shown: InterruptSignal | "timeout"): void {
    this.#sent += 1;
    this.options.onInterrupt?.(shown, this.#sent === 1);
    if (this.#sent > 2) return;
    this.reason ??= reason;
    this.sendInterrupt();
    if (this.#sent === 1) this.#timers.push(setTimeout(() => signalGroup(this.pid, "SIGKILL"), this.options.graceMs));
  }

  watchOutput(): ((line: string) => void) | undefined {
    const stall = this.options.stall;
    if (stall === undefined) return undefined;
    const timer = setInterval(() => stall.onStall(Date.now() - last), stall.afterMs);
    this.#timers.push(timer);
    let last = Date.now();
    return (line) => {
      if (stall.moved !== undefined && !stall.moved(line)) return;
      last = Date.now();
      timer.refresh();
    };
  }

  /** After the child ended: nothing of its group may outlive it (a provider plugin it started). */
  finish(): void {
    this.#detach();
    for (const timer of this.#timers) clearTimeout(timer);
    signalGroup(this.pid, "SIGKILL");
  }
}

export async function run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const command = describe(file, options.shownArgs ?? args);
  const started = Date.now();
  const okExitCodes = options.okExitCodes ?? [0];
  const env = Object.fromEntries(Object.entries(options.env).filter(([, value]) => value !== undefined));
  const graceful = options.graceful;
  let stopper: Stopper | undefined;
  let heard: ((line: string) => void) | undefined;
  const onLine: RunOptions["onLine"] = (stream, line) => {
    heard?.(line);
    options.onLine?.(stream, line);
  };
  try {
    const subprocess = execa(file, [...args], {
      cwd: options.cwd,
      env,
      extendEnv: false,
      shell: false,
      reject: false,
      ...(graceful === undefined ? { timeout: options.timeoutMs, forceKillAfterDelay: 5_000 } : { detached: true }),
      stripFinalNewline: true,
      ...(options.input === undefined ? { stdin: "ignore" as const } : { input: options.input }),
      ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
      stdout: [lineStreamer("stdout", onLine)],
      stderr: [lineStreamer("stderr", onLine)],
      lines: false,
    });
    if (graceful !== undefined && subprocess.pid !== undefined) {
      stopper = new Stopper(subprocess.pid, () => subprocess.kill("SIGINT"), graceful, options.timeoutMs);
      heard = stopper.watchOutput();
    }
    const child = await subprocess.finally(() => stopper?.finish());
    const stdout = String(child.stdout ?? "");
    const stderr = String(child.stderr ?? "");
    const result = { exitCode: child.exitCode, signal: child.signal, stdout, stderr };
    // A child that finished its work anyway is not reported as stopped.
    const stopped = stopper?.reason !== undefined && !okExitCodes.includes(child.exitCode ?? -1);
    if (stopped && stopper?.reason === "interrupted") {
      throw new SubprocessError("interrupted", command, `${command} was interrupted`, result);
    }
    if (child.timedOut || (stopped && stopper?.reason === "timeout")) {
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
