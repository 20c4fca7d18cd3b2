// The PreToolUse gate as Claude Code runs it: a fresh bundle of the sources (built into a temporary
// directory, never the repository's dist/), the hook input piped to `hook pre-tool-use`, and stdout
// read as the hook's JSON answer.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectWith, userGuideConfig } from "../helpers/project.js";

let dir: string;
let bundle: string;

beforeAll(async () => {
  // Not tempDir(): that one is emptied after each test, and the bundle serves them all.
  dir = await mkdtemp(join(tmpdir(), "devops-hook-bundle-"));
  // Under dist/, as in an installed plugin: the gate recognises the CLI by that path.
  bundle = join(dir, "dist", "cli.js");
  await execa(process.execPath, [resolve("scripts/build.mjs"), "--outfile", bundle], { cwd: resolve(".") });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function hook(input: string, cwd: string) {
  const result = await execa(process.execPath, [bundle, "hook", "pre-tool-use"], {
    cwd,
    input,
    reject: false,
    env: { FORCE_COLOR: "0", CI: "true" },
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

describe("the bundled PreToolUse hook", () => {
  it("asks before a prod deploy and stays silent for a test deploy, exiting 0 both times", async () => {
    const project = await projectWith(await userGuideConfig());
    const input = (command: string) =>
      JSON.stringify({
        session_id: "s",
        transcript_path: "/t",
        cwd: project,
        hook_event_name: "PreToolUse",
        tool_name: "Bash",
        tool_input: { command },
      });

    const prod = await hook(input(`node "${bundle}" infra deploy --env prod --json`), project);
    const test = await hook(input(`node "${bundle}" infra deploy --env test --json`), project);

    expect(prod.exitCode).toBe(0);
    expect(JSON.parse(prod.stdout)).toEqual({
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "ask",
        permissionDecisionReason:
          'devops infra deploy targets "prod", which requires a human approval: review the plan summary before allowing this command',
      },
    });
    expect(test).toEqual({ exitCode: 0, stdout: "", stderr: "" });
  });
});
