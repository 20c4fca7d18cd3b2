// The plugin-level production gate (DESIGN §5): before Claude Code runs a Bash call, decide whether a
// human must approve it because it could change an environment that requires confirmation — through
// the devops CLI, raw terraform/tofu or the aws CLI, or code the gate cannot read in a project with such
// environments. The gate never approves: it asks, stays silent, or denies where asking is impossible.
import { resolve } from "node:path";
import * as z from "zod";
import type { Context } from "../core/context.js";
import { redactText } from "../core/redact.js";
import { handlersOf } from "../handlers/registry.js";
import { scanCommand } from "../skills/gate/command-scan.js";
import { CANNOT_TELL, type GatedInvocation, judgeCall } from "./tool-gate/cli-calls.js";
import { guardedAt, messageOf, Projects } from "./tool-gate/projects.js";
import { judgeAws, judgeEngine } from "./tool-gate/raw-calls.js";

export type { GatedInvocation } from "./tool-gate/cli-calls.js";

export type GateDecision =
  | { decision: "ask"; reason: string; invocations: GatedInvocation[] }
  | { decision: "deny"; reason: string; invocations: GatedInvocation[] }
  | { decision: "none"; invocations: GatedInvocation[] };

/** The part of Claude Code's PreToolUse input the gate reads; other fields are ignored. */
const HookInput = z.looseObject({
  tool_name: z.literal("Bash"),
  cwd: z.string().min(1).optional(),
  permission_mode: z.string().optional(),
  tool_input: z.looseObject({ command: z.string() }),
});

/**
 * Permission modes in which Claude Code shows a hook's "ask" to the person ("manual" is another name for
 * "default"). In the others nobody is asked — bypassPermissions runs everything, dontAsk denies whatever
 * would prompt, auto hands the question to a classifier — and a mode the gate does not know counts as one
 * of them.
 */
const PROMPTING_MODES: ReadonlySet<string> = new Set(["default", "manual", "acceptEdits", "plan"]);

function ask(reasons: readonly string[], invocations: GatedInvocation[]): GateDecision {
  return { decision: "ask", reason: redactText([...new Set(reasons)].join("; ")), invocations };
}

/** An "ask" where the permission mode skips prompts becomes a "deny": nobody would see the question. */
function enforce(decision: GateDecision, mode: string | undefined): GateDecision {
  if (decision.decision !== "ask" || mode === undefined || PROMPTING_MODES.has(mode)) return decision;
  return {
    decision: "deny",
    reason: `${decision.reason} — denied because permission mode "${mode}" cannot ask a person; run it again in a mode that prompts`,
    invocations: decision.invocations,
  };
}

function parseInput(input: unknown): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return undefined;
  }
}

async function evaluate(ctx: Context, input: unknown): Promise<GateDecision> {
  const raw = parseInput(input);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return ask([`the hook input is not a JSON object: the gate ${CANNOT_TELL}`], []);
  }
  const mode = (raw as { permission_mode?: unknown }).permission_mode;
  // A mode that is not text is unknown, and unknown modes are treated as ones that cannot ask.
  const modeText = typeof mode === "string" ? mode : mode === undefined ? undefined : JSON.stringify(mode);
  const toolName = (raw as { tool_name?: unknown }).tool_name;
  if (typeof toolName === "string" && toolName !== "Bash") return { decision: "none", invocations: [] };
  const parsed = HookInput.safeParse(raw);
  if (!parsed.success)
    return enforce(
      ask(
        [`the hook input has no Bash command (tool_name "Bash" with tool_input.command): the gate ${CANNOT_TELL}`],
        [],
      ),
      modeText,
    );

  const cwd = resolve(ctx.cwd, parsed.data.cwd ?? ".");
  const scan = scanCommand(parsed.data.tool_input.command, cwd);
  const projects = new Projects(handlersOf(ctx));
  const invocations = await Promise.all(scan.calls.map((call) => judgeCall(call, projects)));
  const raws = await Promise.all([
    ...scan.engines.map((call) => judgeEngine(call, cwd, projects, ctx.env)),
    ...scan.aws.map((call) => judgeAws(call, cwd, projects, ctx.env)),
  ]);
  const hidden = await Promise.all(
    scan.opaque.map(async ({ reason, dirs }) => {
      const guarded = await guardedAt(projects, dirs ?? [cwd]);
      return guarded === undefined ? undefined : `the gate cannot see what this runs (${reason}), and ${guarded}`;
    }),
  );
  const reasons = [
    ...scan.concerns,
    ...invocations.flatMap((invocation) => invocation.reasons),
    ...raws.flat(),
    ...hidden.filter((reason): reason is string => reason !== undefined),
  ];
  return enforce(
    reasons.length > 0 ? ask(reasons, invocations) : { decision: "none", invocations },
    parsed.data.permission_mode,
  );
}

/** Decides on one PreToolUse hook input (the raw stdin text or its parsed JSON). Never throws. */
export async function evaluateToolUse(ctx: Context, input: unknown): Promise<GateDecision> {
  try {
    return await evaluate(ctx, input);
  } catch (error) {
    const raw = parseInput(input) as { permission_mode?: unknown } | null | undefined;
    const mode = typeof raw?.permission_mode === "string" ? raw.permission_mode : undefined;
    return enforce(ask([`the production gate failed (${messageOf(error)}): it ${CANNOT_TELL}`], []), mode);
  }
}
