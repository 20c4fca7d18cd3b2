// The terminal IoHost: the only code that writes to stdout and stderr. Human mode sends messages and
// progress to stderr (colour and spinners only on a TTY outside CI) and the rendered result to stdout;
// --json sends exactly one JSON document to stdout and keeps warnings for that document.
import { createInterface } from "node:readline/promises";
import { createColors } from "picocolors";
import type { DevopsError } from "../core/errors.js";
import type { IoHost, IoMessage, Progress, PromptOptions } from "../core/io.js";
import { redactText } from "../core/redact.js";
import type { CommandResult } from "../core/result.js";

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface HostOptions {
  json: boolean;
  verbose: boolean;
  color: boolean;
  env: Readonly<Record<string, string | undefined>>;
  streams: Streams;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export function wantsColor(options: { color: boolean; env: HostOptions["env"]; stream: { isTTY?: boolean } }): boolean {
  if (!options.color) return false;
  if (options.env.NO_COLOR !== undefined && options.env.NO_COLOR !== "") return false;
  if (options.env.FORCE_COLOR === "0") return false;
  return options.stream.isTTY === true && !isCi(options.env);
}

function isCi(env: HostOptions["env"]): boolean {
  return env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
}

export class CliIoHost implements IoHost {
  readonly interactive: boolean;
  readonly warnings: string[] = [];
  readonly colors;
  private readonly animate: boolean;

  constructor(private readonly options: HostOptions) {
    const { streams, env, json } = options;
    this.interactive = !json && !isCi(env) && streams.stdin.isTTY === true && streams.stderr.isTTY === true;
    this.colors = createColors(wantsColor({ color: options.color, env, stream: streams.stderr }));
    this.animate = !json && streams.stderr.isTTY === true && !isCi(env);
  }

  private line(text: string): void {
    this.options.streams.stderr.write(`${redactText(text)}\n`);
  }

  notify(message: IoMessage): void {
    if (message.level === "warn") this.warnings.push(redactText(message.message));
    if (this.options.json) {
      if (message.level === "debug" && this.options.verbose) this.line(`debug: ${message.message}`);
      return;
    }
    const c = this.colors;
    if (message.level === "debug") {
      if (this.options.verbose) this.line(c.dim(message.message));
    } else if (message.level === "warn") {
      this.line(`${c.yellow("warning")} ${message.message}`);
    } else if (message.level === "error") {
      this.line(`${c.red("error")} ${message.message}`);
    } else {
      this.line(message.message);
    }
  }

  progress(message: string): Progress {
    if (this.options.json) return { update: () => undefined, done: () => undefined, fail: () => undefined };
    if (!this.animate) {
      this.line(`… ${message}`);
      return {
        update: (text) => this.line(`… ${text}`),
        done: (text) => text !== undefined && this.line(`✓ ${text}`),
        fail: (text) => text !== undefined && this.line(`✗ ${text}`),
      };
    }
    const stderr = this.options.streams.stderr;
    let current = message;
    let frame = 0;
    const draw = () =>
      stderr.write(`\r\x1b[2K${this.colors.cyan(SPINNER[frame++ % SPINNER.length]!)} ${redactText(current)}`);
    draw();
    const timer = setInterval(draw, 80);
    const stop = (symbol: string, text: string | undefined) => {
      clearInterval(timer);
      stderr.write(`\r\x1b[2K${text === undefined ? "" : `${symbol} ${redactText(text)}\n`}`);
    };
    return {
      update: (text) => {
        current = text;
      },
      done: (text) => stop(this.colors.green("✓"), text),
      fail: (text) => stop(this.colors.red("✗"), text),
    };
  }

  async prompt(question: string, options: PromptOptions = {}): Promise<string> {
    const { stdin, stderr } = this.options.streams;
    const rl = createInterface({ input: stdin, output: stderr, terminal: true });
    try {
      for (;;) {
        const suffix = options.default === undefined || options.default === "" ? "" : ` (${options.default})`;
        const answer = (await rl.question(`${question}${suffix}: `)).trim();
        const value = answer === "" ? (options.default ?? "") : answer;
        const problem = options.validate?.(value);
        if (problem === undefined) return value;
        stderr.write(`${this.colors.yellow(problem)}\n`);
      }
    } finally {
      rl.close();
    }
  }

  /** Prints the command's result: one JSON document, or the human rendering. */
  result(command: string, result: CommandResult, render: (result: CommandResult, host: CliIoHost) => string): void {
    if (this.options.json) {
      const document = {
        ok: true,
        command,
        ...(result.environment === undefined ? {} : { environment: result.environment }),
        status: result.status,
        ...(result.verdict === undefined ? {} : { verdict: result.verdict }),
        data: result.data,
        warnings: this.warnings,
        next: result.next ?? [],
      };
      this.options.streams.stdout.write(`${redactText(JSON.stringify(document, null, 2))}\n`);
      return;
    }
    const text = render(result, this);
    if (text !== "") this.options.streams.stdout.write(`${redactText(text)}\n`);
    const next = result.next ?? [];
    if (next.length > 0) {
      this.line(this.colors.dim(`\nNext:`));
      for (const step of next) this.line(this.colors.dim(`  ${step.command}  # ${step.why}`));
    }
  }

  /** Prints a failure: a JSON document on stdout with --json, else a readable message on stderr. */
  error(command: string, error: DevopsError): void {
    if (this.options.json) {
      const document = {
        ok: false,
        command,
        error: {
          code: error.code,
          message: error.message,
          ...(error.suggestion === undefined ? {} : { suggestion: error.suggestion }),
          ...(error.details === undefined ? {} : { details: error.details }),
          ...(this.options.verbose && error.stack !== undefined ? { stack: error.stack } : {}),
        },
        warnings: this.warnings,
      };
      this.options.streams.stdout.write(`${redactText(JSON.stringify(document, null, 2))}\n`);
      return;
    }
    const c = this.colors;
    this.line(`${c.red(c.bold("error"))} ${c.dim(`[${error.code}]`)} ${error.message}`);
    const issues = error.details?.issues;
    if (Array.isArray(issues) && issues.length > 1) {
      for (const issue of issues as { message: string; suggestion?: string }[]) {
        this.line(`  - ${issue.message}${issue.suggestion === undefined ? "" : c.dim(` (${issue.suggestion})`)}`);
      }
    }
    const diagnosis = error.details?.diagnosis as
      | { category: string; confidence: string; recommendation: { reason: string } }
      | undefined;
    if (diagnosis !== undefined)
      this.line(
        `${c.yellow("diagnosis")} ${diagnosis.category} (${diagnosis.confidence} confidence): ${diagnosis.recommendation.reason}`,
      );
    if (error.suggestion !== undefined) this.line(`${c.cyan("→")} ${error.suggestion}`);
    if (this.options.verbose && error.stack !== undefined) {
      this.line(c.dim(error.stack));
      if (error.cause instanceof Error && error.cause.stack !== undefined)
        this.line(c.dim(`caused by: ${error.cause.stack}`));
    }
  }
}
