// The Claude Code PreToolUse gate as an executable of its own, bundled to dist/gate.cjs: hooks/pre-tool-use.sh
// runs it for a Bash call that may concern a protected environment. It loads the gate and config reading
// only (no commander, no AWS SDK, no Terraform runner), so it starts close to Node's own start-up.
import * as z from "zod";
import { CliIoHost } from "./cli/host.js";
import { answerPreToolUse } from "./cli/pre-tool-use.js";

// The process parses one config once: compiling zod's fast object parsers (new Function per schema)
// would cost more than it saves.
z.config({ jitless: true });

const streams = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
const env = { ...process.env };

answerPreToolUse({
  streams,
  cwd: process.cwd(),
  env,
  io: new CliIoHost({ json: true, verbose: false, color: false, env, streams }),
}).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    // The hook script turns a failed run into a refusal; stderr says why.
    process.stderr.write(`devops gate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
