// The PreToolUse gate's one code path, shared by `devops hook pre-tool-use` and the small gate bundle
// (src/gate.ts → dist/gate.cjs) that hooks/pre-tool-use.sh runs. Claude Code reads stdout, so it prints
// the hook's own JSON (or nothing), never our envelope; a gate that fails asks instead of erroring.
import { createContext } from "../core/context.js";
import type { IoHost } from "../core/io.js";
import { evaluateToolUse, type GateDecision } from "../managers/tool-gate.js";

const MAX_INPUT_BYTES = 4 * 1024 * 1024;

export interface HookStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(text: string): unknown };
}

/** Claude Code's PreToolUse output: "ask" hands the decision to the human, "deny" refuses; nothing keeps the normal flow. */
export function hookOutput(decision: GateDecision): object | undefined {
  if (decision.decision === "none") return undefined;
  return {
    hookSpecificOutput: {
      hookEventName: "PreToolUse",
      permissionDecision: decision.decision,
      permissionDecisionReason: decision.reason,
    },
  };
}

async function readInput(stdin: HookStreams["stdin"]): Promise<string> {
  if (stdin.isTTY === true) return "";
  let text = "";
  for await (const chunk of stdin) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.length > MAX_INPUT_BYTES) break;
  }
  return text;
}

/** Reads one hook input from stdin, decides, and writes Claude Code's answer (or nothing) to stdout. */
export async function answerPreToolUse(options: {
  streams: HookStreams;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  io: IoHost;
}): Promise<void> {
  let decision: GateDecision;
  try {
    const input = await readInput(options.streams.stdin);
    const ctx = createContext({ cwd: options.cwd, env: options.env, io: options.io });
    decision = await evaluateToolUse(ctx, input);
  } catch (error) {
    const reason = `the production gate failed (${error instanceof Error ? error.message : String(error)}): approve only if this command changes no environment that requires a human approval`;
    decision = { decision: "ask", reason, invocations: [] };
  }
  const output = hookOutput(decision);
  if (output !== undefined) options.streams.stdout.write(`${JSON.stringify(output)}\n`);
}
