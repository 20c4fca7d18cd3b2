// The PreToolUse gate as Claude Code runs it: a fresh bundle of the sources (built into a temporary plugin
// folder, never the repository's dist/) beside a copy of hooks/, the hook input piped to the command that
// hooks/hooks.json declares (through bash, as Claude Code runs it: /bin/sh and the pre-filter script), and stdout read as
// the hook's JSON answer; with node on PATH and without it.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hookInput, pathWithNode, pathWithoutNode, runDeclaredHook } from "../helpers/hook-runner.js";
import { projectWith, tempDir, userGuideConfig } from "../helpers/project.js";

let dir: string;
let bundle: string;
let noNode: string;

beforeAll(async () => {
  // Not tempDir(): that one is emptied after each test, and the bundle serves them all.
  dir = await mkdtemp(join(tmpdir(), "devops-hook-bundle-"));
  // Under dist/, as in an installed plugin: the gate recognises the CLI by that path.
  bundle = join(dir, "dist", "cli.js");
  await execa(process.execPath, [resolve("scripts/build.mjs"), "--outfile", bundle], { cwd: resolve(".") });
  await cp(resolve("hooks"), join(dir, "hooks"), { recursive: true });
  noNode = await pathWithoutNode();
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(noNode, { recursive: true, force: true });
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

const PROD_ASKED = {
  hookSpecificOutput: {
    hookEventName: "PreToolUse",
    permissionDecision: "ask",
    permissionDecisionReason:
      'devops infra deploy targets "prod", which requires a human approval: review the plan summary before allowing this command',
  },
};

const SILENT = { exitCode: 0, stdout: "", stderr: "" };

function decisionOf(run: { exitCode: number | undefined; stdout: string }) {
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout).hookSpecificOutput as { permissionDecision: string; permissionDecisionReason: string };
}

describe("devops hook pre-tool-use (the full CLI)", () => {
  it("asks before a prod deploy and stays silent for a test deploy, exiting 0 both times", async () => {
    const project = await projectWith(await userGuideConfig());

    const prod = await hook(hookInput(`node "${bundle}" infra deploy --env prod --json`, project), project);
    const test = await hook(hookInput(`node "${bundle}" infra deploy --env test --json`, project), project);

    expect(prod.exitCode).toBe(0);
    expect(JSON.parse(prod.stdout)).toEqual(PROD_ASKED);
    expect(test).toEqual(SILENT);
  });
});

describe("the hook as hooks/hooks.json declares it, with node on PATH", () => {
  const run = (command: string, cwd: string) =>
    runDeclaredHook({ pluginRoot: dir, input: hookInput(command, cwd), path: pathWithNode(), cwd });

  it("asks before a prod deploy through dist/gate.cjs, with the gate's own reason", async () => {
    const project = await projectWith(await userGuideConfig());

    const prod = await run("devops infra deploy --env prod --json", project);

    expect(prod.exitCode).toBe(0);
    expect(JSON.parse(prod.stdout)).toEqual(PROD_ASKED);
  });

  it.each([
    ["ls", "ls -la"],
    ["a test deploy", "devops infra deploy --env test --json"],
    ["a prod preview", "devops infra preview-changes --env prod --json"],
  ])("stays silent for %s", async (_what, command) => {
    const project = await projectWith(await userGuideConfig());

    expect(await run(command, project)).toEqual(SILENT);
  });
});

describe("the hook as hooks/hooks.json declares it, without node on PATH", () => {
  const run = (command: string, cwd: string, mode = "default") =>
    runDeclaredHook({ pluginRoot: dir, input: hookInput(command, cwd, mode), path: noNode, cwd });

  it("lets ls through in a project with a devops config and in one without", async () => {
    const withConfig = await projectWith(await userGuideConfig());
    const without = await tempDir();

    expect(await run("ls", withConfig)).toEqual(SILENT);
    expect(await run("ls", without)).toEqual(SILENT);
  });

  it.each([
    ["an interpreter", "python3 -m pytest -q"],
    ["a build tool", "cd build && make"],
    ["terraform", "terraform plan"],
    ["the AWS CLI", "aws s3 ls --profile dev"],
  ])("lets %s through where no devops config is found", async (_what, command) => {
    const unrelated = await tempDir();

    expect(await run(command, unrelated)).toEqual(SILENT);
  });

  it("asks before a prod deploy, naming why the gate cannot run", async () => {
    const project = await projectWith(await userGuideConfig());

    const decision = decisionOf(await run("devops infra deploy --env prod", project));

    expect(decision).toEqual({
      hookEventName: "PreToolUse",
      permissionDecision: "ask",
      permissionDecisionReason:
        "the devops production gate cannot run: node is not on PATH (install Node.js 20 or later); approve only if this command changes no environment that requires a human approval",
    });
  });

  it.each(["manual", "acceptEdits", "plan"])(
    "asks it in permission mode %s, which shows the question",
    async (mode) => {
      const project = await projectWith(await userGuideConfig());

      const decision = decisionOf(await run("devops infra deploy --env prod", project, mode));

      expect(decision.permissionDecision).toBe("ask");
    },
  );

  it.each(["bypassPermissions", "dontAsk", "auto", "a-mode-not-known"])(
    "denies it where permission mode %s would not ask a person",
    async (mode) => {
      const project = await projectWith(await userGuideConfig());

      const decision = decisionOf(await run("devops infra deploy --env prod", project, mode));

      expect(decision.permissionDecision).toBe("deny");
      expect(decision.permissionDecisionReason).toContain("node is not on PATH");
    },
  );

  it("asks when CLAUDE_PROJECT_DIR holds a devops config, whatever the cwd", async () => {
    const project = await projectWith(await userGuideConfig());
    const elsewhere = await tempDir();

    const run = await runDeclaredHook({
      pluginRoot: dir,
      input: hookInput("terraform apply", elsewhere),
      path: noNode,
      cwd: elsewhere,
      env: { CLAUDE_PROJECT_DIR: project },
    });

    expect(decisionOf(run).permissionDecision).toBe("ask");
  });

  it("asks when the command reaches a project with a devops config from outside it", async () => {
    const project = await projectWith(await userGuideConfig());
    const home = await tempDir();
    await mkdir(join(home, "infra", ".devops"), { recursive: true });
    await writeFile(join(home, "infra", ".devops", "devops.json"), JSON.stringify(await userGuideConfig()));

    const commands = [
      `cd ${project} && terraform apply`,
      `terraform -chdir=${project}/infrastructure/terraform apply`,
      `bash ${project}/deploy.sh`,
      "cd ~/infra && make deploy",
      "cd infra && terraform destroy",
      'cd "$(mktemp -d)" && terraform apply',
      "devops infra deploy --env prod",
    ];
    const decisions = await Promise.all(commands.map(async (command) => decisionOf(await run(command, home))));

    expect(decisions.map((decision) => decision.permissionDecision)).toEqual(commands.map(() => "ask"));
  });
});

describe("the hook when the gate itself fails", () => {
  it.each([
    ["exits non-zero", "process.exit(3)", "the devops production gate failed (exit 3)"],
    ["prints something else", 'console.log("hello")', "printed no answer Claude Code reads"],
    [
      "prints two answers",
      'console.log("{\\"hookSpecificOutput\\":1}\\n{\\"hookSpecificOutput\\":2}")',
      "more than one",
    ],
  ])("asks when dist/gate.cjs %s", async (_what, code, reason) => {
    const plugin = await tempDir();
    await cp(join(dir, "hooks"), join(plugin, "hooks"), { recursive: true });
    await mkdir(join(plugin, "dist"));
    await writeFile(join(plugin, "dist", "gate.cjs"), code);
    const project = await projectWith(await userGuideConfig());

    const run = await runDeclaredHook({
      pluginRoot: plugin,
      input: hookInput("devops infra deploy --env prod", project),
      path: pathWithNode(),
      cwd: project,
    });

    expect(decisionOf(run)).toMatchObject({
      permissionDecision: "ask",
      permissionDecisionReason: expect.stringContaining(reason),
    });
  });

  it("asks when dist/gate.cjs is missing", async () => {
    const plugin = await tempDir();
    await cp(join(dir, "hooks"), join(plugin, "hooks"), { recursive: true });
    const project = await projectWith(await userGuideConfig());

    const run = await runDeclaredHook({
      pluginRoot: plugin,
      input: hookInput("devops infra deploy --env prod", project),
      path: pathWithNode(),
      cwd: project,
    });

    expect(decisionOf(run).permissionDecisionReason).toContain("dist/gate.cjs is missing");
  });
});

describe("hooks/pre-tool-use.sh", () => {
  it("is POSIX sh that /bin/sh parses", async () => {
    const parsed = await execa("/bin/sh", ["-n", resolve("hooks/pre-tool-use.sh")], { reject: false });

    expect(parsed).toMatchObject({ exitCode: 0, stderr: "" });
  });

  it("answers alike under /bin/sh and bash in POSIX mode (macOS's /bin/sh)", async () => {
    const project = await projectWith(await userGuideConfig());
    const script = join(dir, "hooks", "pre-tool-use.sh");
    const commands = ["ls -la", "devops infra deploy --env prod", "python3 x.py", `cd ${project} && terraform apply`];

    const answers = async (shell: string[]) =>
      Promise.all(
        commands.map(async (command) => {
          const [program, ...args] = shell;
          const result = await execa(program!, [...args, script], {
            cwd: project,
            input: hookInput(command, project),
            reject: false,
            env: { PATH: noNode, HOME: project },
            extendEnv: false,
          });
          return `${result.exitCode} ${result.stdout} ${result.stderr}`;
        }),
      );

    const [sh, bash] = await Promise.all([answers(["/bin/sh"]), answers(["/bin/bash", "--posix"])]);

    expect(bash).toEqual(sh);
    expect(sh.map((answer) => answer.includes('"permissionDecision":"ask"'))).toEqual([false, true, true, true]);
  });
});
