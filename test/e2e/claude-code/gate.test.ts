// The production gate inside the real Claude Code: `claude -p` with this repository as a plugin, a
// scripted Messages API playing the model, a sandbox project on moto. In -p mode Claude Code cannot ask
// anyone, so a hook's "ask" comes back to the model as a denial; these tests read that answer from what
// Claude Code sends back to the stand-in, and check on disk that nothing changed.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { pathWithoutNode, resourcesIn } from "../../helpers/claude-code.js";
import { useClaudeSandbox } from "../../helpers/claude-sandbox.js";
import { bashCall, cliCall } from "../../helpers/messages-api.js";
import { terraformEnv, testTools } from "../../helpers/tools.js";

const sandbox = useClaudeSandbox({ moto: true });

const RUN_TIMEOUT_MS = 120_000;
const MODULE = "infrastructure/terraform";
/** What Claude Code answers in -p for a Bash call that nothing allowed (no hook involved). */
const NOT_PRE_APPROVED = "This command requires approval";
// Every Bash call allowed on the command line: only the plugin's hook can then stop one.
const ALLOW_BASH = ["--allowedTools", "Bash"];

async function terraformInit(project: string): Promise<void> {
  await execa(testTools().terraform, ["init", "-input=false", "-no-color"], {
    cwd: join(project, MODULE),
    env: terraformEnv(),
    extendEnv: false,
  });
}

describe("a deploy through /devops:infra-deployer", () => {
  it(
    "runs the test deploy and stops the prod deploy (asked, so denied in -p), leaving prod unchanged",
    async () => {
      const { api, run, project: makeProject } = sandbox();
      const project = await makeProject();

      const claude = await run(
        [
          cliCall("infra deploy", "--env test --json"),
          cliCall("infra deploy", "--env prod --json"),
          { text: "Deployed test; prod needs your approval." },
        ],
        { prompt: "/devops:infra-deployer --env test, then --env prod", cwd: project },
      );

      const results = api.toolResults();
      const bash = results.filter((result) => result.tool === "Bash");
      expect(api.pending(), JSON.stringify(results, null, 2)).toBe(0);
      expect(bash).toHaveLength(2);
      const [testDeploy, prodDeploy] = bash;
      expect(testDeploy?.isError, testDeploy?.text).toBe(false);
      expect(JSON.parse(testDeploy?.text ?? "")).toMatchObject({
        command: "infra deploy",
        environment: "test",
        status: "applied",
      });
      expect(resourcesIn(project, "test")).toEqual(["terraform_data.item"]);

      expect(prodDeploy?.isError).toBe(true);
      // The denial carries the gate's own reason: the hook asked, it was not merely a missing permission.
      expect(prodDeploy?.text).not.toBe(NOT_PRE_APPROVED);
      expect(prodDeploy?.text).toContain("prod");
      expect(claude.result.permission_denials.map((denial) => denial.tool_input.command)).toEqual([
        prodDeploy?.input.command,
      ]);
      expect(resourcesIn(project, "prod")).toEqual([]);
      expect(existsSync(join(project, ".devops", "deployments", "prod"))).toBe(false);
    },
    RUN_TIMEOUT_MS,
  );
});

describe("with node removed from PATH", () => {
  it(
    "`ls` still runs in a project whose prod requires approval (the hook does not block unrelated work)",
    async () => {
      const { api, run, project: makeProject, session } = sandbox();
      const project = await makeProject();
      await writeFile(join(project, "marker-for-ls.txt"), "");
      const path = pathWithoutNode(session.pathDirs, session.home);
      await expect(execa("sh", ["-c", "command -v node"], { env: { PATH: path }, extendEnv: false })).rejects.toThrow();

      const claude = await run([bashCall("ls"), { text: "Listed." }], {
        prompt: "What is in this folder?",
        cwd: project,
        path,
      });

      const [ls] = api.toolResults();
      expect(ls, JSON.stringify(api.toolResults())).toMatchObject({ tool: "Bash", isError: false });
      expect(ls?.text).toContain("marker-for-ls.txt");
      expect(claude.result.permission_denials).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "a raw terraform apply in the prod workspace is still stopped (the gate cannot run, so it blocks)",
    async () => {
      const { api, run, project: makeProject, session } = sandbox();
      const project = await makeProject();
      await terraformInit(project);
      const apply = `cd ${join(project, MODULE)} && TF_WORKSPACE=prod terraform apply -auto-approve -input=false -no-color`;

      const claude = await run([bashCall(apply), { text: "Stopped." }], {
        prompt: "Apply the Terraform module in prod.",
        cwd: project,
        path: pathWithoutNode(session.pathDirs, session.home),
        args: ALLOW_BASH,
      });

      const [result] = api.toolResults();
      expect(result?.isError, result?.text.slice(0, 500)).toBe(true);
      expect(claude.result.permission_denials).toHaveLength(1);
      expect(resourcesIn(project, "prod")).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );
});

describe("a raw terraform apply in the project's Terraform directory", () => {
  it.each([
    [
      "workspace select, then apply",
      (dir: string, ws: string) =>
        `terraform -chdir=${dir} workspace select -or-create ${ws} && terraform -chdir=${dir} apply -auto-approve -input=false -no-color`,
    ],
    [
      "TF_WORKSPACE",
      (dir: string, ws: string) =>
        `cd ${dir} && TF_WORKSPACE=${ws} terraform apply -auto-approve -input=false -no-color`,
    ],
  ])(
    "is asked (denied in -p) in the prod workspace, while the test workspace applies (%s)",
    async (_form, applyIn) => {
      const { api, run, project: makeProject } = sandbox();
      const project = await makeProject();
      await terraformInit(project);
      // Absolute: Claude Code's Bash tool keeps the working directory a `cd` left from one call to the next.
      const apply = (ws: string) => applyIn(join(project, MODULE), ws);

      const claude = await run(
        [bashCall(apply("test")), bashCall(apply("prod")), { text: "Applied test; prod needs your approval." }],
        { prompt: "Apply the Terraform module in test, then in prod.", cwd: project, args: ALLOW_BASH },
      );

      const [testApply, prodApply] = api.toolResults();
      expect(testApply, JSON.stringify(api.toolResults())).toMatchObject({ tool: "Bash", isError: false });
      expect(resourcesIn(project, "test")).toEqual(["terraform_data.item"]);
      expect(prodApply?.isError, prodApply?.text.slice(0, 500)).toBe(true);
      // Claude Code may report the part of a compound command that was stopped, not the whole line.
      expect(claude.result.permission_denials.map((denial) => denial.tool_input.command)).toEqual([
        expect.stringContaining("terraform apply -auto-approve"),
      ]);
      expect(apply("prod")).toContain(claude.result.permission_denials[0]?.tool_input.command);
      expect(resourcesIn(project, "prod")).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );
});

describe("in a permission mode that skips prompts", () => {
  // Claude Code refuses to skip prompts as root unless told it runs in a sandbox (CI runs as root).
  const inSandbox = { IS_SANDBOX: "1" };

  it.each(["bypassPermissions", "acceptEdits", "dontAsk"])(
    "a prod deploy is still not run (--permission-mode %s)",
    async (mode) => {
      const { api, run, project: makeProject } = sandbox();
      const project = await makeProject();

      const claude = await run([cliCall("infra deploy", "--env prod --json"), { text: "Stopped." }], {
        prompt: "/devops:infra-deployer --env prod",
        cwd: project,
        args: ["--permission-mode", mode],
        env: inSandbox,
      });

      const [prodDeploy] = api.toolResults();
      expect(prodDeploy?.isError, prodDeploy?.text.slice(0, 500)).toBe(true);
      expect(claude.result.permission_denials.map((denial) => denial.tool_input.command)).toEqual([
        prodDeploy?.input.command,
      ]);
      expect(resourcesIn(project, "prod")).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "a raw terraform apply in the prod workspace is still not run (--permission-mode bypassPermissions)",
    async () => {
      const { api, run, project: makeProject } = sandbox();
      const project = await makeProject();
      await terraformInit(project);
      const apply = `cd ${join(project, MODULE)} && TF_WORKSPACE=prod terraform apply -auto-approve -input=false -no-color`;

      await run([bashCall(apply), { text: "Stopped." }], {
        prompt: "Apply the Terraform module in prod.",
        cwd: project,
        args: ["--permission-mode", "bypassPermissions"],
        env: inSandbox,
      });

      const [result] = api.toolResults();
      expect(result?.isError, result?.text.slice(0, 500)).toBe(true);
      expect(resourcesIn(project, "prod")).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );
});
