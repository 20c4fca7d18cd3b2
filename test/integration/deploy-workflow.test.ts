// The infrastructure lifecycle through the CLI, on the real engine and the moto server, for an
// environment that needs no confirmation: deploy, records, no-change deploys, resources, status,
// lifecycle hooks, validation, teardown with a state backup.
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, terraformDataModule, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();
let project: InfraProject;

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
});

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: project.env, trust: project.trust });
}

const deployments = (...parts: string[]) => join(project.root, ".devops", "deployments", "test", ...parts);

describe("deploy to test", () => {
  it("applies, verifies, and writes the registry, DEPLOYED.md and history", async () => {
    const run = await cli("infra", "deploy", "--env", "test");

    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({
      ok: true,
      status: "applied",
      environment: "test",
      data: {
        account: "123456789012",
        summary: { counts: { create: 2 } },
        verification: { verified: true, resources: 2 },
      },
    });
    expect(run.json().data.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      "account check:passed",
      "preview:done",
      "pre-deployment tests:passed",
      "approval:skipped",
      "apply:done",
      "verify:passed",
      "records:done",
      "post-deployment tests:passed",
    ]);
    const registry = JSON.parse(await readFile(deployments("registry.json"), "utf8"));
    expect(registry.resources.map((r: { terraform_address: string }) => r.terraform_address)).toEqual([
      "terraform_data.item[0]",
      "terraform_data.item[1]",
    ]);
    expect(await readFile(deployments("DEPLOYED.md"), "utf8")).toContain("# Deployed Resources - Test Environment");
    const history = (await readFile(deployments("history.ndjson"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(history).toEqual([
      expect.objectContaining({
        kind: "deploy",
        outcome: "applied",
        environment: "test",
        counts: { create: 2, update: 0, delete: 0, replace: 0 },
      }),
    ]);
  }, 60_000);

  it("reports no changes the second time, and stays in sync", async () => {
    await cli("infra", "deploy", "--env", "test");

    const again = await cli("infra", "deploy", "--env", "test");
    const status = await cli("infra", "check-status", "--env", "test");

    expect(again.json()).toMatchObject({ status: "no_changes" });
    expect(status.exitCode).toBe(0);
    expect(status.json()).toMatchObject({
      status: "in_sync",
      data: { lastDeployment: { outcome: "no_changes" }, resources: 2 },
    });
  }, 60_000);

  it("applies a plan saved by preview-changes, once", async () => {
    const preview = await cli("infra", "preview-changes", "--env", "test");
    const planId = preview.json().data.planId;

    const applied = await cli("infra", "deploy", "--env", "test", "--plan", planId);
    const reused = await cli("infra", "deploy", "--env", "test", "--plan", planId);

    expect(preview.json()).toMatchObject({ status: "changes", data: { summary: { counts: { create: 2 } } } });
    expect(applied.json()).toMatchObject({ status: "applied", data: { planId } });
    expect(reused.json().error.code).toBe("PLAN_ALREADY_USED");
  }, 60_000);

  it("check-status exits 4 when the code has changes not yet deployed", async () => {
    await cli("infra", "deploy", "--env", "test");
    await project.writeModule({ "main.tf": terraformDataModule(3) });

    const status = await cli("infra", "check-status", "--env", "test");

    expect(status.exitCode).toBe(4);
    expect(status.json()).toMatchObject({
      status: "changes_pending",
      verdict: "fail",
      data: { summary: { counts: { create: 1 } } },
    });
  }, 60_000);

  it("show-resources reads the registry, and --refresh rebuilds it from state", async () => {
    const before = await cli("infra", "show-resources", "--env", "test");
    await cli("infra", "deploy", "--env", "test");

    const after = await cli("infra", "show-resources", "--env", "test");
    const refreshed = await cli("infra", "show-resources", "--env", "test", "--refresh");

    expect(before.json()).toMatchObject({ status: "not_deployed" });
    expect(after.json().data.registry.resources).toHaveLength(2);
    expect(refreshed.json().data.registry.resources).toHaveLength(2);
  }, 60_000);
});

describe("teardown of test", () => {
  it("backs the state up (0600) first, destroys, verifies and records", async () => {
    await cli("infra", "deploy", "--env", "test");

    const run = await cli("infra", "teardown", "--env", "test");

    expect(run.json()).toMatchObject({
      status: "destroyed",
      data: { verification: { verified: true, resources: 0 }, summary: { counts: { delete: 2 } } },
    });
    const backup = run.json().data.backup as string;
    expect((await stat(backup)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(backup, "utf8")).resources).toHaveLength(1);
    expect(JSON.parse(await readFile(deployments("registry.json"), "utf8")).resources).toEqual([]);
    expect(await readFile(deployments("DEPLOYED.md"), "utf8")).toMatch(/torn down/i);
    expect(await readFile(join(project.root, ".devops", ".gitignore"), "utf8")).toContain("backups/");
  }, 60_000);
});

describe("lifecycle hooks", () => {
  async function withHooks(hooks: Record<string, unknown>) {
    await writeFile(
      join(project.root, ".devops", "devops.json"),
      JSON.stringify(sandboxConfig(moto().endpoint, { hooks })),
    );
  }

  it("a failing critical pre-deploy hook stops before anything is applied", async () => {
    await withHooks({ "pre-deploy": [{ name: "gate", command: [process.execPath, "-e", "process.exit(3)"] }] });

    const run = await cli("infra", "deploy", "--env", "test");

    expect(run.exitCode).toBe(1);
    expect(run.json().error).toMatchObject({ code: "HOOK_FAILED" });
    expect(await readFile(deployments("registry.json"), "utf8").catch(() => "absent")).toBe("absent");
  }, 60_000);

  it("a failing non-critical hook warns and the deploy goes on; hooks see the environment", async () => {
    const marker = join(project.root, "post-deploy.txt");
    await withHooks({
      "pre-deploy": [{ name: "advice", critical: false, command: [process.execPath, "-e", "process.exit(1)"] }],
      "post-deploy": [
        {
          name: "note",
          command: [
            process.execPath,
            "-e",
            `require('fs').writeFileSync(${JSON.stringify(marker)}, process.env.DEVOPS_ENVIRONMENT)`,
          ],
        },
      ],
      "pre-plan": [{ name: "prod only", environments: ["prod"], command: [process.execPath, "-e", "process.exit(9)"] }],
    });

    const run = await cli("infra", "deploy", "--env", "test");

    expect(run.json()).toMatchObject({ ok: true, status: "applied" });
    expect(run.json().warnings.join("\n")).toMatch(/pre-deploy hook "advice" failed/);
    expect(await readFile(marker, "utf8")).toBe("test");
  }, 60_000);
});

describe("lifecycle hooks and protected environments", () => {
  const marker = () => join(project.root, "hook-ran.json");
  /** A hook that records the environment it was given. */
  const recorder = () => [
    process.execPath,
    "-e",
    `require('fs').writeFileSync(${JSON.stringify(marker())}, JSON.stringify(process.env))`,
  ];

  async function withHooks(hooks: Record<string, unknown>) {
    await writeFile(
      join(project.root, ".devops", "devops.json"),
      JSON.stringify(sandboxConfig(moto().endpoint, { hooks })),
    );
  }

  it.each(["pre-plan", "post-plan"])(
    "a %s hook not marked read-only never runs before prod's plan is approved",
    async (point) => {
      await withHooks({ [point]: [{ name: "build", command: recorder() }] });

      const run = await cli("infra", "deploy", "--env", "prod");

      expect(run.exitCode).toBe(2);
      expect(run.json().error).toMatchObject({
        code: "HOOK_BEFORE_APPROVAL",
        message: expect.stringContaining(
          `the ${point} hook "build" would run before a human approves the plan for "prod"`,
        ),
      });
      expect(await stat(marker()).catch(() => "absent")).toBe("absent");
    },
    60_000,
  );

  it("a deploy refused before its account check has returned only once that check has finished", async () => {
    await withHooks({ "pre-plan": [{ name: "build", command: recorder() }] });
    const targets = join(project.trust.stateDir, "protected-targets.json");

    const run = await cli("infra", "deploy", "--env", "prod");
    const atReturn = await readFile(targets, "utf8").catch(() => "absent");
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(run.json().error).toMatchObject({ code: "HOOK_BEFORE_APPROVAL" });
    expect(await readFile(targets, "utf8").catch(() => "absent")).toBe(atReturn);
  }, 60_000);

  it("a read-only pre-plan hook runs before prod's approval; a teardown's pre-destroy hook is held the same way", async () => {
    await withHooks({
      "pre-plan": [{ name: "lint", read_only: true, command: recorder() }],
      "pre-destroy": [{ name: "drain", command: [process.execPath, "-e", "process.exit(0)"] }],
    });

    const deploy = await cli("infra", "deploy", "--env", "prod");
    const teardown = await cli("infra", "teardown", "--env", "prod");

    expect(deploy.json()).toMatchObject({ status: "needs_confirmation" });
    expect(JSON.parse(await readFile(marker(), "utf8")).DEVOPS_ENVIRONMENT).toBe("prod");
    expect(teardown.json().error).toMatchObject({ code: "HOOK_BEFORE_APPROVAL" });
  }, 60_000);

  it("a hook sees only its environment's credentials, not those of devops's own shell", async () => {
    await withHooks({ "pre-deploy": [{ name: "look", command: recorder() }] });

    const run = await runCli(["infra", "deploy", "--env", "test", "--json"], {
      cwd: project.root,
      trust: project.trust,
      env: {
        ...project.env,
        AWS_ACCESS_KEY_ID: "AKIAOTHERENVIRONMENT",
        AWS_SECRET_ACCESS_KEY: "other-secret",
        AWS_SESSION_TOKEN: "other-token",
        AWS_PROFILE: "company-prod",
        TF_VAR_db_password: "hunter2",
      },
    });
    const seen = JSON.parse(await readFile(marker(), "utf8")) as Record<string, string | undefined>;

    expect(run.json()).toMatchObject({ status: "applied" });
    expect(seen.AWS_ACCESS_KEY_ID).not.toBe("AKIAOTHERENVIRONMENT");
    expect(seen).not.toHaveProperty("AWS_SESSION_TOKEN");
    expect(seen.AWS_PROFILE).not.toBe("company-prod");
    expect(seen).not.toHaveProperty("TF_VAR_db_password");
    expect(seen.AWS_ENDPOINT_URL).toBe(moto().endpoint);
  }, 60_000);
});

describe("validate-config", () => {
  it("passes a valid module", async () => {
    const run = await cli("infra", "validate-config", "--env", "test");

    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ status: "valid", data: { valid: true, planned: true, checkedResources: 2 } });
  }, 60_000);

  it("exits 4 with Terraform's diagnostics, file and line", async () => {
    await project.writeModule({ "main.tf": 'resource "terraform_data" "x" {\n  bogus = 1\n}\n' });

    const run = await cli("infra", "validate-config", "--env", "test");

    expect(run.exitCode).toBe(4);
    expect(run.json().data.findings[0]).toMatchObject({
      severity: "error",
      rule: "terraform",
      file: "main.tf",
      line: 2,
    });
  }, 60_000);
});

describe("records", () => {
  it("a corrupt registry stops the deploy before anything is applied, and is left as it was", async () => {
    await mkdir(deployments(), { recursive: true });
    await writeFile(deployments("registry.json"), '{"schema_version": 1, "resources": "not a list"');

    const run = await cli("infra", "deploy", "--env", "test");

    expect(run.exitCode).toBe(1);
    expect(run.json().error).toMatchObject({ code: "RECORD_CORRUPT" });
    expect(await readFile(deployments("registry.json"), "utf8")).toBe(
      '{"schema_version": 1, "resources": "not a list"',
    );
    expect(await stat(join(project.moduleDir, "terraform.tfstate.d", "test")).catch(() => "absent")).toBe("absent");
  }, 60_000);

  it("records that break after the check: the error says the change was applied and what to run", async () => {
    // A pre-deploy hook corrupts the history after the records were checked: the apply goes ahead,
    // and writing the records afterwards fails.
    const history = deployments("history.ndjson");
    await writeFile(
      join(project.root, ".devops", "devops.json"),
      JSON.stringify(
        sandboxConfig(moto().endpoint, {
          hooks: {
            "pre-deploy": [
              {
                name: "break the history",
                command: [
                  process.execPath,
                  "-e",
                  `require('fs').writeFileSync(${JSON.stringify(history)}, "not json\\n")`,
                ],
              },
            ],
          },
        }),
      ),
    );

    const run = await cli("infra", "deploy", "--env", "test");

    expect(run.exitCode).toBe(1);
    expect(run.json().error).toMatchObject({
      code: "RECORDS_NOT_WRITTEN",
      message: expect.stringMatching(
        /^the deploy of test was applied \(plan [\w-]+\), but its records could not be written/,
      ),
      suggestion: expect.stringContaining("devops infra show-resources --env test --refresh"),
      details: { applied: true },
    });
    const state = JSON.parse(
      await readFile(join(project.moduleDir, "terraform.tfstate.d", "test", "terraform.tfstate"), "utf8"),
    );
    expect(state.resources).toHaveLength(1);
  }, 60_000);
});
