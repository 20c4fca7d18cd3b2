// `devops hook pre-tool-use`: the Claude Code PreToolUse gate through the full CLI. hooks/hooks.json runs
// the same code from the small gate bundle (src/gate.ts); both print the hook's JSON (or nothing) and exit 0.
import type { Bindings } from "../bind.js";
import { createHost, GlobalOptions, type Runtime } from "../run.js";

async function preToolUse(runtime: Runtime): Promise<void> {
  const { answerPreToolUse } = await import("../pre-tool-use.js");
  await answerPreToolUse({
    streams: runtime.streams,
    cwd: runtime.cwd,
    env: runtime.env,
    io: createHost(runtime, GlobalOptions.parse({ json: true })),
  });
  runtime.exitCode = 0;
}

export const HOOK_BINDINGS = {
  "hook pre-tool-use": { kind: "action", action: preToolUse },
} satisfies Partial<Bindings>;
