// The sh pre-filter's first rule, as a table: in a project with a devops config and no node on PATH, a
// Bash command passes silently only when every simple command is an inert program and nothing expands;
// everything else goes on to the gate, which cannot run here, so it is asked.
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hookInput, pathWithoutNode, runDeclaredHook } from "../../helpers/hook-runner.js";
import { projectWith, userGuideConfig } from "../../helpers/project.js";

const pluginRoot = resolve(".");
let path: string;

beforeAll(async () => {
  path = await pathWithoutNode();
});

afterAll(async () => {
  await rm(path, { recursive: true, force: true });
});

async function verdict(command: string): Promise<"pass" | "gate"> {
  const project = await projectWith(await userGuideConfig());

  const run = await runDeclaredHook({ pluginRoot, input: hookInput(command, project), path, cwd: project });

  expect(run.exitCode).toBe(0);
  expect(run.stderr).toBe("");
  if (run.stdout === "") return "pass";
  expect(JSON.parse(run.stdout).hookSpecificOutput).toMatchObject({
    permissionDecision: "ask",
    permissionDecisionReason: expect.stringContaining("node is not on PATH"),
  });
  return "gate";
}

describe("the pre-filter's word rule (project with a devops config, no node)", () => {
  it.each([
    "ls",
    "ls -la src",
    "cat README.md | grep -n deploy | head -20",
    "pwd && ls -1 .devops",
    "mkdir -p build/out && cd build && touch a.txt",
    'grep -rn "terraform apply" docs > /tmp/found.txt',
    'echo "devops infra deploy --env prod"',
    "wc -l src/*.ts; tail -n 5 CHANGELOG.md",
    "diff -u a.json b.json || true",
    "[ -f .devops/devops.json ] && echo yes",
    "ls \\\n  -la",
    "printf '%s\\n' a b",
  ])("passes %s without starting node", async (command) => {
    expect(await verdict(command)).toBe("pass");
  });

  it.each([
    // The CLI and its bundle, under any spelling the shell reads the same way.
    "devops infra deploy --env prod",
    'node "/p/dist/cli.js" infra deploy --env prod --json',
    "d\\evops infra deploy --env prod",
    '"dev"ops infra deploy --env prod',
    "DEVOPS infra deploy --env prod",
    "/tmp/copy infra deploy --env prod",
    "npx devops infra teardown --env prod",
    // Terraform, OpenTofu and the AWS CLI, read-only or not: the gate decides.
    "terraform apply -auto-approve",
    "tofu destroy",
    "aws s3 rm s3://prod-bucket --recursive --profile prod",
    "terraform -chdir=infrastructure/terraform plan",
    // Expansions and substitutions: what runs is only known when the shell runs.
    'X="devops infra deploy --env prod"; $X',
    "$'\\x64evops' infra deploy --env prod",
    "ls `devops infra deploy --env prod`",
    'eval "$(echo ZGV2b3Bz | base64 -d)" infra deploy',
    "echo ZGV2b3Bz | base64 -d | sh",
    "bash <<< 'devops infra deploy --env prod'",
    "bash <(echo devops infra deploy)",
    "cat <(ls)",
    'read -r c <<< "devops"; echo $c',
    "printf -v 'a[i]' devops",
    // Interpreters, wrappers, shells and build tools: they run code the filter cannot read.
    "python3 -c 'import os; os.system(\"x\")'",
    "perl -e 'system 1'",
    "node -e 1",
    "sh -c 'ls'",
    "script -qc 'ls' /dev/null",
    "flock /tmp/lock -c ls",
    "NODE_OPTIONS='--import data:text/javascript,x' ls",
    "LD_PRELOAD=./x.so ls",
    "sudo ls",
    "env ls",
    "time ls",
    "xargs ls < list.txt",
    "find . -name '*.tf' -exec cat {} \\;",
    "source ./env.sh",
    ". ./env.sh",
    "./deploy.sh",
    "bin/deploy",
    "npm run deploy",
    "make deploy",
    // git runs programs from its config, environment and hooks.
    "git status",
    "GIT_EXTERNAL_DIFF=./x git diff",
    "git grep -O./x deploy",
    // Separators and compound commands: every command after one is read too.
    "ls; terraform apply",
    "ls\nterraform apply",
    "ls & terraform apply",
    "ls || terraform apply",
    "(terraform apply)",
    "{ terraform apply; }",
    "if true; then ls; fi",
    "terra\\\nform apply",
    ">out terraform apply",
  ])("sends %s on to the gate", async (command) => {
    expect(await verdict(command)).toBe("gate");
  });

  it("sends a command written with JSON \\u escapes on to the gate", async () => {
    const project = await projectWith(await userGuideConfig());
    const input = hookInput("ls", project).replace('"command":"ls"', '"command":"l\\u0073"');

    const run = await runDeclaredHook({ pluginRoot, input, path, cwd: project });

    expect(JSON.parse(run.stdout).hookSpecificOutput.permissionDecision).toBe("ask");
  });

  it.each([
    ["input that is not JSON", "this is not json"],
    ["empty input", ""],
    ["a Bash call without a command", JSON.stringify({ tool_name: "Bash", tool_input: {} })],
    ["JSON with trailing text", '{"tool_name":"Bash","tool_input":{"command":"ls"}} x'],
  ])("sends %s on to the gate", async (_what, input) => {
    const project = await projectWith(await userGuideConfig());

    const run = await runDeclaredHook({ pluginRoot, input, path, cwd: project });

    expect(JSON.parse(run.stdout).hookSpecificOutput.permissionDecision).toBe("ask");
  });

  it("reads every value of a repeated command key", async () => {
    const project = await projectWith(await userGuideConfig());
    const input = hookInput("ls", project).replace('"command":"ls"', '"command":"terraform apply","command":"ls"');

    const run = await runDeclaredHook({ pluginRoot, input, path, cwd: project });

    expect(JSON.parse(run.stdout).hookSpecificOutput.permissionDecision).toBe("ask");
  });

  it("lets other tools through", async () => {
    const project = await projectWith(await userGuideConfig());
    const input = JSON.stringify({ cwd: project, tool_name: "Read", tool_input: { file_path: "/etc/hosts" } });

    const run = await runDeclaredHook({ pluginRoot, input, path, cwd: project });

    expect(run).toEqual({ exitCode: 0, stdout: "", stderr: "" });
  });
});
