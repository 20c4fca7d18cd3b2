// The plugin-level production gate (DESIGN §5): before Claude Code runs a Bash call, decide whether a
// human must approve it because it would change an environment that requires confirmation. The gate
// only ever asks or stays silent — it never approves — and asks whenever it cannot tell.
import { resolve } from "node:path";
import * as z from "zod";
import { resolveEnvironmentName } from "../core/config/environments.js";
import { loadConfig, type LoadedConfig } from "../core/config/load.js";
import { resolveEnvironment } from "../core/config/resolve.js";
import type { Context } from "../core/context.js";
import { redactText } from "../core/redact.js";
import { handlersOf, type Handlers } from "../handlers/registry.js";
import type { MutatingCommand } from "../core/commands/index.js";
import { isMutating, scanCommand, type CliCall } from "../skills/gate/command-scan.js";

export interface GatedInvocation {
  /** The program as written (the CLI path, or the program a lookalike call runs through). */
  program: string;
  /** The subcommand as read, e.g. "infra deploy". */
  command: string;
  mutating: boolean;
  /** The --env values as written. */
  environments: string[];
  decision: "ask" | "none";
  reasons: string[];
}

export type GateDecision =
  | { decision: "ask"; reason: string; invocations: GatedInvocation[] }
  | { decision: "none"; invocations: GatedInvocation[] };

/** The part of Claude Code's PreToolUse input the gate reads; other fields are ignored. */
const HookInput = z.looseObject({
  tool_name: z.literal("Bash"),
  cwd: z.string().min(1).optional(),
  tool_input: z.looseObject({ command: z.string() }),
});

const REVIEW: Readonly<Record<string, string>> = {
  "infra deploy": "review the plan summary",
  "infra teardown": "review what it destroys",
  "ops remediate": "review the remediation",
  "infra permissions grant": "review the permissions it grants",
} satisfies Record<MutatingCommand, string>;

const CANNOT_TELL = "cannot tell whether it changes an environment that requires a human approval";

function ask(reasons: readonly string[], invocations: GatedInvocation[]): GateDecision {
  return { decision: "ask", reason: redactText([...new Set(reasons)].join("; ")), invocations };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseInput(input: unknown): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return undefined;
  }
}

/** One loadConfig per (start directory, --config) pair within a decision. */
class ConfigCache {
  private readonly loaded = new Map<string, Promise<LoadedConfig>>();

  constructor(readonly handlers: Handlers) {}

  load(startDir: string, configPath: string | undefined): Promise<LoadedConfig> {
    const key = `${startDir}\0${configPath ?? ""}`;
    let promise = this.loaded.get(key);
    if (promise === undefined) {
      promise = loadConfig(startDir, configPath, this.handlers);
      promise.catch(() => undefined);
      this.loaded.set(key, promise);
    }
    return promise;
  }
}

/** Why the call cannot be checked against the config at all, if it cannot. */
function unreadable(call: CliCall, label: string): string | undefined {
  if (call.kind === "lookalike")
    return `${label} runs through "${call.program}", which the gate does not recognise as the devops CLI: ${CANNOT_TELL}`;
  if (call.pathDynamic)
    return `${label}: the subcommand is only known when the shell runs (${call.dynamic?.text ?? "?"}): ${CANNOT_TELL}`;
  if (call.appends)
    return `${label} runs through xargs, which can append arguments such as another --env: ${CANNOT_TELL}`;
  if (call.unclear && REVIEW[call.path.join(" ")] === undefined)
    return `${label}: an unknown flag before the subcommand hides which subcommand runs: ${CANNOT_TELL}`;
  if (call.dirs === undefined)
    return `${label}: a cd (or env -C, sudo -D) hides which project it runs in: ${CANNOT_TELL}`;
  if (call.dynamic !== undefined)
    return `${label} has an argument only known when the shell runs (${call.dynamic.text}): ${CANNOT_TELL}`;
  if (call.missingValue !== undefined) return `${label} ends with ${call.missingValue} and no value: ${CANNOT_TELL}`;
  if (call.envs.length === 0)
    return `${label} names no --env: cannot tell whether its environment requires a human approval`;
  return undefined;
}

async function checkTarget(
  configs: ConfigCache,
  startDir: string,
  configPath: string | undefined,
  word: string,
  label: string,
  review: string,
): Promise<string | undefined> {
  let loaded: LoadedConfig;
  try {
    loaded = await configs.load(startDir, configPath);
  } catch (error) {
    return `${label} --env ${word}: cannot tell whether "${word}" requires a human approval (${messageOf(error)})`;
  }
  try {
    const name = resolveEnvironmentName(loaded.config, word);
    const env = resolveEnvironment(loaded.config, loaded.location.root, name, configs.handlers);
    if (!env.requireConfirmation) return undefined;
    const why = env.protected ? "is protected and requires" : "requires";
    return `${label} targets "${name}", which ${why} a human approval: ${review} before allowing this command`;
  } catch (error) {
    return `${label} --env ${word}: cannot tell whether it requires a human approval (${messageOf(error)})`;
  }
}

async function judge(call: CliCall, configs: ConfigCache): Promise<GatedInvocation> {
  const command = call.path.join(" ");
  const mutating = isMutating(call);
  const base = { program: call.program, command, mutating, environments: call.envs };
  if (!mutating) return { ...base, decision: "none", reasons: [] };

  const label = `devops ${command || "(no subcommand)"}`;
  const problem = unreadable(call, label);
  if (problem !== undefined) return { ...base, decision: "ask", reasons: [problem] };

  const review = REVIEW[command] ?? "review the command";
  const projectDirs = call.projectDirs.length > 0 ? call.projectDirs : ["."];
  const configPaths = call.configs.length > 0 ? call.configs : [undefined];
  const checks: Promise<string | undefined>[] = [];
  for (const dir of call.dirs ?? []) {
    for (const projectDir of projectDirs) {
      for (const configPath of configPaths) {
        for (const word of call.envs)
          checks.push(checkTarget(configs, resolve(dir, projectDir), configPath, word, label, review));
      }
    }
  }
  const reasons = (await Promise.all(checks)).filter((reason): reason is string => reason !== undefined);
  return { ...base, decision: reasons.length > 0 ? "ask" : "none", reasons: [...new Set(reasons)] };
}

async function evaluate(ctx: Context, input: unknown): Promise<GateDecision> {
  const raw = parseInput(input);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return ask([`the hook input is not a JSON object: the gate ${CANNOT_TELL}`], []);
  }
  const toolName = (raw as { tool_name?: unknown }).tool_name;
  if (typeof toolName === "string" && toolName !== "Bash") return { decision: "none", invocations: [] };
  const parsed = HookInput.safeParse(raw);
  if (!parsed.success)
    return ask(
      [`the hook input has no Bash command (tool_name "Bash" with tool_input.command): the gate ${CANNOT_TELL}`],
      [],
    );

  const cwd = resolve(ctx.cwd, parsed.data.cwd ?? ".");
  const scan = scanCommand(parsed.data.tool_input.command, cwd);
  const configs = new ConfigCache(handlersOf(ctx));
  const invocations = await Promise.all(scan.calls.map((call) => judge(call, configs)));
  const reasons = [...scan.concerns, ...invocations.flatMap((invocation) => invocation.reasons)];
  return reasons.length > 0 ? ask(reasons, invocations) : { decision: "none", invocations };
}

/** Decides on one PreToolUse hook input (the raw stdin text or its parsed JSON). Never throws. */
export async function evaluateToolUse(ctx: Context, input: unknown): Promise<GateDecision> {
  try {
    return await evaluate(ctx, input);
  } catch (error) {
    return ask([`the production gate failed (${messageOf(error)}): it ${CANNOT_TELL}`], []);
  }
}
