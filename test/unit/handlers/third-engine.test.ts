import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devopsConfigJsonSchema } from "../../../src/core/config/compose.js";
import { createContext } from "../../../src/core/context.js";
import type { DevopsError } from "../../../src/core/errors.js";
import type { IacTarget } from "../../../src/core/handler-contract.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { defaultHandlers, type Handlers } from "../../../src/handlers/registry.js";
import { previewInfraChanges } from "../../../src/managers/infra-manager.js";
import { openProject } from "../../../src/skills/project.js";
import { initProject, validateConfig } from "../../../src/managers/setup-manager.js";
import { FAKE_PLAN, handlersWithFakes } from "../../helpers/fake-handlers.js";
import { projectWith, tempDir, userGuideConfig } from "../../helpers/project.js";

/** The documented config, switched to the fake engine and provider; the Terraform and AWS blocks stay. */
async function fakeConfig(change: (config: Record<string, any>) => void = () => {}) {
  const config = await userGuideConfig();
  config.handlers.hosting.active = "fake-cloud";
  config.handlers.hosting["fake-cloud"] = { account: "210987654321", region: "local-1" };
  config.handlers.iac.active = "fake-iac";
  config.handlers.iac["fake-iac"] = { workdir: "./stacks/{environment}", flavour: "crisp" };
  change(config);
  return config;
}

async function contextFor(config: unknown, handlers: Handlers = handlersWithFakes()) {
  const root = await projectWith(config);
  return { root, ctx: createContext({ cwd: root, env: {}, io: new MemoryIoHost(), handlers }) };
}

async function failure(work: Promise<unknown>): Promise<DevopsError> {
  return work.then(
    () => {
      throw new Error("expected an error");
    },
    (error: DevopsError) => error,
  );
}

describe("a third IaC engine with its own config block", () => {
  it("validates with its block, beside the inactive Terraform and AWS blocks", async () => {
    const { ctx } = await contextFor(await fakeConfig());

    const result = await validateConfig(ctx);

    expect(result.status).toBe("valid");
    expect(result.data.warnings).toEqual([]);
  });

  it.each([
    [
      "a wrong type",
      (c: Record<string, any>) => (c.handlers.iac["fake-iac"].workdir = 3),
      "handlers.iac.fake-iac.workdir",
      "handlers.iac.fake-iac.workdir must be a string (got 3)",
    ],
    [
      "a missing required setting",
      (c: Record<string, any>) => delete c.handlers.iac["fake-iac"].workdir,
      "handlers.iac.fake-iac.workdir",
      "handlers.iac.fake-iac.workdir is required (expected string)",
    ],
    [
      "a misspelled field",
      (c: Record<string, any>) => (c.handlers.iac["fake-iac"].flavor = "raw"),
      "handlers.iac.fake-iac.flavor",
      'handlers.iac.fake-iac has an unknown field "flavor"',
    ],
    [
      "a bad block of the inactive Terraform handler",
      (c: Record<string, any>) => (c.handlers.iac.terraform.var_file_patern = "x"),
      "handlers.iac.terraform.var_file_patern",
      'handlers.iac.terraform has an unknown field "var_file_patern"',
    ],
  ])("rejects %s, naming the path", async (_case, change, path, message) => {
    const { ctx } = await contextFor(await fakeConfig(change));

    const error = await failure(validateConfig(ctx));

    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe(message);
    expect(error.details?.issues).toMatchObject([{ path }]);
  });

  it("suggests the field the engine knows", async () => {
    const { ctx } = await contextFor(await fakeConfig((c) => (c.handlers.iac["fake-iac"].flavor = "raw")));

    expect((await failure(validateConfig(ctx))).suggestion).toBe('did you mean "flavour"?');
  });

  it("runs the engine's own rules", async () => {
    const { ctx } = await contextFor(await fakeConfig((c) => (c.handlers.iac["fake-iac"].flavour = "raw")));

    const error = await failure(validateConfig(ctx));

    expect(error.details?.issues).toEqual([
      { path: "handlers.iac.fake-iac.flavour", message: '"prod" cannot be served raw' },
    ]);
  });

  it("is an unknown block where the engine is not registered, with the valid ids", async () => {
    const { ctx } = await contextFor(
      await fakeConfig((c) => {
        c.handlers.hosting.active = "aws";
        c.handlers.iac.active = "terraform";
      }),
      defaultHandlers,
    );

    const error = await failure(validateConfig(ctx));

    expect(error.details?.issues).toEqual([
      {
        path: "handlers.hosting.fake-cloud",
        message: 'handlers.hosting has an unknown field "fake-cloud"',
        suggestion: "allowed fields: active, aws",
      },
      {
        path: "handlers.iac.fake-iac",
        message: 'handlers.iac has an unknown field "fake-iac"',
        suggestion: "allowed fields: active, terraform",
      },
    ]);
  });

  it("resolves an environment with its own settings, never Terraform's", async () => {
    const { root, ctx } = await contextFor(await fakeConfig());
    const project = await openProject(ctx);

    const env = project.environment("test");

    expect(env.iac).toEqual({ directory: join(root, "stacks/test"), workdir: "./stacks/test", flavour: "crisp" });
    expect(env).toMatchObject({ region: "local-1", accountId: "210987654321" });
  });

  it("previews end to end: the engine plans with its settings and the plan is recorded", async () => {
    const targets: IacTarget[] = [];
    const { root, ctx } = await contextFor(await fakeConfig(), handlersWithFakes(targets));

    const result = await previewInfraChanges(ctx, { env: "test" });

    expect(result.status).toBe("changes");
    expect(result.data).toMatchObject({ environment: "test", account: "210987654321", summary: FAKE_PLAN });
    expect(targets.map((target) => target.env.iac)).toEqual([
      { directory: join(root, "stacks/test"), workdir: "./stacks/test", flavour: "crisp" },
      { directory: join(root, "stacks/test"), workdir: "./stacks/test", flavour: "crisp" },
    ]);
    expect(targets[0]?.credentials).toEqual({ FAKE_CLOUD_TOKEN: "token" });
    const planFile = join(root, ".devops/plans/test", `${result.data.planId}.tfplan`);
    expect(await readFile(planFile, "utf8")).toBe("crisp plan for ./stacks/test\n");
  });

  it("writes its own block when init chooses it", async () => {
    const root = await tempDir();
    const ctx = createContext({ cwd: root, env: {}, io: new MemoryIoHost(), handlers: handlersWithFakes() });

    const result = await initProject(ctx, { provider: "aws", iac: "fake-iac", sandbox: true, force: false });

    const written = JSON.parse(await readFile(result.data.path, "utf8"));
    expect(written.handlers.iac).toEqual({ active: "fake-iac", "fake-iac": { workdir: "./stacks/{environment}" } });
    expect((await validateConfig(ctx)).status).toBe("valid");
  });

  it("appears in the JSON Schema composed from the registry", () => {
    const iacOf = (handlers: Handlers) =>
      (devopsConfigJsonSchema(handlers) as any).properties.handlers.properties.iac.properties;

    expect(Object.keys(iacOf(handlersWithFakes()))).toEqual(["active", "terraform", "fake-iac"]);
    expect(iacOf(handlersWithFakes())["fake-iac"]).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["workdir"],
    });
    expect(Object.keys(iacOf(defaultHandlers))).toEqual(["active", "terraform"]);
  });
});
