import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { projectWith, tempDir, userGuideConfig } from "../../helpers/project.js";

function hookInput(command: string, cwd: string, tool = "Bash"): string {
  return JSON.stringify({
    session_id: "s-1",
    transcript_path: "/tmp/t.jsonl",
    cwd,
    hook_event_name: "PreToolUse",
    tool_name: tool,
    tool_input: { command, description: "d" },
  });
}

describe("devops hook pre-tool-use", () => {
  it("asks the human, in Claude Code's format, before a prod deploy", async () => {
    const project = await projectWith(await userGuideConfig());

    const run = await runCli(["hook", "pre-tool-use"], {
      cwd: project,
      stdin: hookInput('node "/p/dist/cli.js" infra deploy --env prod --json', project),
    });

    expect(run.exitCode).toBe(0);
    expect(run.stdout.endsWith("\n")).toBe(true);
    expect(run.json()).toEqual({
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "ask",
        permissionDecisionReason:
          'devops infra deploy targets "prod", which requires a human approval: review the plan summary before allowing this command',
      },
    });
    expect(run.stderr).toBe("");
  });

  it.each([
    ["a test deploy", "devops infra deploy --env test", "Bash"],
    ["a prod preview", "devops infra preview-changes --env prod", "Bash"],
    ["an unrelated command", "ls -la", "Bash"],
    ["another tool", "devops infra deploy --env prod", "Read"],
  ])("prints nothing and exits 0 for %s", async (_what, command, tool) => {
    const project = await projectWith(await userGuideConfig());

    const run = await runCli(["hook", "pre-tool-use"], { cwd: project, stdin: hookInput(command, project, tool) });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("");
  });

  it.each([
    ["input that is not JSON", "this is not json"],
    ["empty input", ""],
    ["a Bash call without a command", JSON.stringify({ tool_name: "Bash", tool_input: {} })],
  ])("asks and still exits 0 for %s", async (_what, stdin) => {
    const cwd = await tempDir();

    const run = await runCli(["hook", "pre-tool-use"], { cwd, stdin });

    expect(run.exitCode).toBe(0);
    expect(run.json().hookSpecificOutput).toMatchObject({
      hookEventName: "PreToolUse",
      permissionDecision: "ask",
      permissionDecisionReason: expect.stringContaining("hook input"),
    });
  });

  it("never prints allow, and never the usual envelope, even with --json", async () => {
    const project = await projectWith(await userGuideConfig());

    const runs = await Promise.all(
      ["devops infra deploy --env prod", "devops infra deploy --env test", "$CLI infra deploy --env prod"].map(
        (command) => runCli(["--json", "hook", "pre-tool-use"], { cwd: project, stdin: hookInput(command, project) }),
      ),
    );

    expect(runs.map((run) => run.stdout)).not.toContainEqual(
      expect.stringMatching(/"permissionDecision":\s*"allow"|"ok":/),
    );
    expect(runs.map((run) => (run.stdout === "" ? "none" : run.json().hookSpecificOutput.permissionDecision))).toEqual([
      "ask",
      "none",
      "ask",
    ]);
  });

  it("is listed in the help with its description", async () => {
    const run = await runCli(["hook", "--help"], { cwd: await tempDir() });

    expect(run.stdout).toContain("pre-tool-use");
    expect(run.stdout.replace(/\s+/g, " ")).toContain(
      "Claude Code PreToolUse gate: asks the human before a Bash call mutates an environment that requires confirmation",
    );
  });
});
