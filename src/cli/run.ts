// The one path every command takes: parse the global and command options with zod, build the
// context, call the manager function, hand the result (or the error) to the host, set the exit code.
import type { Command } from "commander";
import * as z from "zod";
import { flagName } from "../core/commands/define.js";
import { projectDirectory } from "../core/config/load.js";
import { createContext, type Clock, type Context, type TrustPaths } from "../core/context.js";
import { toDevopsError, UserError } from "../core/errors.js";
import { untranslatedWriteFault } from "../core/write-faults.js";
import { exitCodeOf, type CommandResult } from "../core/result.js";
import { CliIoHost, type Streams } from "./host.js";

export interface Runtime {
  streams: Streams;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  clock?: Clock;
  /** The person's trust paths; in-process callers (tests) give their own, the binary uses the account's. */
  trust?: TrustPaths;
  exitCode: number;
}

export const GlobalOptions = z.object({
  json: z.boolean().default(false),
  projectDir: z.string().min(1).optional(),
  config: z.string().min(1).optional(),
  verbose: z.boolean().default(false),
  color: z.boolean().default(true),
});
export type GlobalOptions = z.infer<typeof GlobalOptions>;

export type Renderer<T> = (result: CommandResult<T>, host: CliIoHost) => string;

export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = flagName(String(issue.path[0] ?? ""));
  const input = (issue as { input?: unknown }).input;
  throw new UserError(
    "FLAG_INVALID",
    `${flag} ${issue.message}${input === undefined ? "" : ` (got ${JSON.stringify(input)})`}`,
    {
      suggestion: "run the command with --help to see the accepted values",
    },
  );
}

export function createHost(runtime: Runtime, globals: GlobalOptions): CliIoHost {
  return new CliIoHost({
    json: globals.json,
    verbose: globals.verbose,
    color: globals.color,
    env: runtime.env,
    streams: runtime.streams,
  });
}

export async function runCommand<S extends z.ZodType, T>(
  runtime: Runtime,
  command: Command,
  schema: S,
  work: (ctx: Context, input: z.infer<S>, host: CliIoHost) => Promise<CommandResult<T>>,
  render: Renderer<T>,
  /** The raw input to parse instead of the command's options (e.g. with positional arguments). */
  raw?: Record<string, unknown>,
): Promise<void> {
  const name = commandPath(command);
  const rawGlobals = command.optsWithGlobals();
  const globals = GlobalOptions.safeParse(rawGlobals).data ?? GlobalOptions.parse({});
  const host = createHost(runtime, globals);
  try {
    const input = parseOptions(schema, raw ?? command.opts());
    const ctx = createContext({
      cwd: await projectDirectory(runtime.cwd, globals.projectDir),
      env: runtime.env,
      io: host,
      verbose: globals.verbose,
      ...(runtime.clock === undefined ? {} : { clock: runtime.clock }),
      ...(runtime.trust === undefined ? {} : { trust: runtime.trust }),
      ...(globals.config === undefined ? {} : { configPath: globals.config }),
    });
    const result = await work(ctx, input, host);
    host.result(name, result as CommandResult, render as Renderer<unknown>);
    runtime.exitCode = exitCodeOf(result as CommandResult);
  } catch (error) {
    const failure = toDevopsError(untranslatedWriteFault(error));
    host.error(name, failure);
    runtime.exitCode = failure.exitCode;
  }
}

/** "config validate" for the `validate` subcommand of `config`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent != null; current = current.parent)
    names.unshift(current.name());
  return names.join(" ");
}
