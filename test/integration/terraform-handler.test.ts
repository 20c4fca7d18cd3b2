// The Terraform handler against the real engine (terraform_data, no provider download) and, for
// locking, a real S3 backend on the moto server: create, update, replace, destroy, per-environment
// workspaces, and a real state-lock conflict cleared with force-unlock.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { IacTarget } from "../../src/core/handler-contract.js";
import { terraformIac } from "../../src/handlers/iac/terraform/index.js";
import { checkStatus } from "../../src/managers/infra-manager.js";
import { infraProject, sandboxConfig, terraformDataModule } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();

async function setup(config = sandboxConfig("http://127.0.0.1:1")) {
  const project = await infraProject(config);
  const ctx = await project.open();
  const target = (env: string): IacTarget => ({
    env: ctx.environment(env),
    credentials: {},
    runsDir: join(project.root, ".devops", "runs"),
  });
  return { project, ctx, target };
}

describe("terraform handler on terraform_data", () => {
  it("creates, updates, replaces and destroys, with typed summaries", async () => {
    const { project, ctx, target } = await setup();
    const test = target("test");
    const plan = join(project.root, "p.tfplan");
    await terraformIac.prepare(ctx, test);

    const created = await terraformIac.plan(ctx, test, plan);
    await terraformIac.apply(ctx, test, plan);
    expect(created.summary.counts).toEqual({ create: 2, update: 0, delete: 0, replace: 0 });
    expect((await terraformIac.state(ctx, test)).map((r) => r.address)).toEqual([
      "terraform_data.item[0]",
      "terraform_data.item[1]",
    ]);

    await project.writeModule({ "main.tf": terraformDataModule(1, "v2") });
    const changed = await terraformIac.plan(ctx, test, plan);
    expect(changed.summary.counts).toEqual({ create: 0, update: 1, delete: 1, replace: 0 });
    expect(changed.summary.destructive.map((c) => c.address)).toEqual(["terraform_data.item[1]"]);
    await terraformIac.apply(ctx, test, plan);
    expect(await terraformIac.outputs(ctx, test)).toEqual({ count: { value: 1, sensitive: false } });

    await project.writeModule({ "main.tf": 'resource "terraform_data" "item" {\n  triggers_replace = ["b"]\n}\n' });
    const replaced = await terraformIac.plan(ctx, test, plan);
    expect(replaced.summary.counts.replace + replaced.summary.counts.delete).toBeGreaterThan(0);

    const destroy = await terraformIac.plan(ctx, test, plan, { destroy: true });
    await terraformIac.apply(ctx, test, plan);
    expect(destroy.summary.counts.delete).toBe(1);
    expect(await terraformIac.state(ctx, test)).toEqual([]);
  }, 120_000);

  it("keeps each environment's state in its own workspace", async () => {
    const { project, ctx, target } = await setup();
    const plan = join(project.root, "p.tfplan");
    await terraformIac.prepare(ctx, target("test"));
    await terraformIac.plan(ctx, target("test"), plan);
    await terraformIac.apply(ctx, target("test"), plan);

    await terraformIac.prepare(ctx, target("prod"));
    const prod = await terraformIac.plan(ctx, target("prod"), plan);

    expect(prod.summary.counts.create).toBe(2);
    expect(existsSync(join(project.moduleDir, "terraform.tfstate.d", "test", "terraform.tfstate"))).toBe(true);
    expect(existsSync(join(project.moduleDir, "terraform.tfstate.d", "prod"))).toBe(true);
  }, 120_000);

  it("ignores TF_CLI_ARGS from the caller's environment", async () => {
    const { project, ctx, target } = await setup();
    const hostile = { ...ctx, env: { ...ctx.env, TF_CLI_ARGS_plan: "-destroy", TF_CLI_ARGS: "-lock=false" } };
    await terraformIac.prepare(hostile, target("test"));

    const planned = await terraformIac.plan(hostile, target("test"), join(project.root, "p.tfplan"));

    expect(planned.summary.counts).toEqual({ create: 2, update: 0, delete: 0, replace: 0 });
  }, 60_000);

  it("reports Terraform errors with file and line", async () => {
    const { project, ctx, target } = await setup();
    await project.writeModule({ "main.tf": 'resource "terraform_data" "x" {\n  unknown_argument = 1\n}\n' });
    await terraformIac.prepare(ctx, target("test"));

    const result = await terraformIac.validate(ctx, target("test"));

    expect(result.valid).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ severity: "error", file: "main.tf", line: 2 });
  }, 60_000);
});

describe("state locking on an S3 backend (moto)", () => {
  it("reports a held lock with its ID (check-status too) and clears it with force-unlock", async () => {
    const server = moto();
    await fetch(`${server.endpoint}/tfstate`, { method: "PUT" });
    const config = sandboxConfig(server.endpoint);
    (config.handlers as any).iac.terraform.backend = {
      type: "s3",
      bucket: "tfstate",
      key: "api/terraform.tfstate",
      use_lockfile: true,
    };
    const { project, ctx, target } = await setup(config);
    const test = target("test");
    await terraformIac.prepare(ctx, test);
    // The project's own commands (check-status) below find the same backend through devops.json.
    const plan = join(project.root, "p.tfplan");
    await terraformIac.plan(ctx, test, plan);
    await terraformIac.apply(ctx, test, plan);
    const lock = {
      ID: "3b2a0d4e-0000-4000-8000-000000000001",
      Operation: "OperationTypeApply",
      Info: "",
      Who: "someone@elsewhere",
      Version: "1.11.4",
      Created: new Date().toISOString(),
      Path: "tfstate/env:/test/api/terraform.tfstate",
    };
    await fetch(`${server.endpoint}/tfstate/env:/test/api/terraform.tfstate.tflock`, {
      method: "PUT",
      body: JSON.stringify(lock),
    });

    const locked = terraformIac.plan(ctx, test, plan);

    await expect(locked).rejects.toMatchObject({
      code: "STATE_LOCKED",
      details: expect.objectContaining({ lockId: lock.ID }),
    });
    const status = await checkStatus(project.context(), { env: "test" });
    expect(status).toMatchObject({ status: "locked", verdict: "fail", data: { lock: { id: lock.ID } } });
    await terraformIac.forceUnlock(ctx, test, lock.ID);
    expect((await terraformIac.plan(ctx, test, plan)).summary.hasChanges).toBe(false);
  }, 120_000);
});
