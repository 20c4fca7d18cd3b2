// `devops hook pre-tool-use`: the Claude Code PreToolUse gate (see hooks/hooks.json). Claude Code
// reads this command's stdout, so it prints the hook's own JSON (or nothing), never our envelope,
// and always exits 0: a gate that fails asks the human instead of erroring.
import { createContext } from "../../core/context.js";
import type { GateDecision } from "../../managers/tool-gate.js";
import type { Bindings } from "../bind.js";
import { createHost, GlobalOptions, type Runtime } from "../run.js";
import type { Streams } from "../host.js";

const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** Claude Code's PreToolUse output: "ask" hands the decision to the human; nothing keeps the normal flow. */
export function hookOutput(decision: GateDecision): object | undefined {
  if (decision.decision !== "ask") return undefined;
  return {
    hookSpecificOutput: {
      hookEventName: "PreToolUse",
      permissionDecision: "ask",
      permissionDecisionReason: decision.reason,
    },
  };
}

async function readInput(stdin: Streams["stdin"]): Promise<string> {
  if (stdin.isTTY === true) return "";
  let text = "";
  for await (const chunk of stdin) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.length > MAX_INPUT_BYTES) break;
  }
  return text;
}

async function preToolUse(runtime: Runtime): Promise<void> {
  let decision: GateDecision;
  try {
    const input = await readInput(runtime.streams.stdin);
    const ctx = createContext({
      cwd: runtime.cwd,
      env: runtime.env,
      io: createHost(runtime, GlobalOptions.parse({ json: true })),
    });
    decision = await (await import("../../managers/tool-gate.js")).evaluateToolUse(ctx, input);
  } catch (error) {
    const reason = `the production gate failed (${error instanceof Error ? error.message : String(error)}): approve only if this command changes no environment that requires a human approval`;
    decision = { decision: "ask", reason, invocations: [] };
  }
  const output = hookOutput(decision);
  if (output !== undefined) runtime.streams.stdout.write(`${JSON.stringify(output)}\n`);
  runtime.exitCode = 0;
}

export const HOOK_BINDINGS = {
  "hook pre-tool-use": { kind: "action", action: preToolUse },
} satisfies Partial<Bindings>;
