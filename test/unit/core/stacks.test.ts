// Stacks in devops.json: their apply order, the config rules over them (names, dependencies, cycles,
// per-stack state) and how --stack picks one.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/load.js";
import { checkConfig, resolveEnvironment } from "../../../src/core/config/resolve.js";
import { checkStacks, oneStack, selectStacks, stackOrder } from "../../../src/core/config/stacks.js";
import type { DevopsConfig } from "../../../src/core/config/schema.js";
import type { DevopsError } from "../../../src/core/errors.js";
import { terraformSettings } from "../../../src/handlers/iac/terraform/config.js";
import { defaultHandlers } from "../../../src/handlers/registry.js";

type Stack = { name: string; directory?: string; depends_on?: string[]; [key: string]: unknown };

function configWith(stacks: Stack[] | undefined): DevopsConfig {
  const raw = {
    version: "1.0",
    project: { name: "shop", subsystem: "api" },
    handlers: {
      hosting: { active: "aws", aws: { region: "us-east-1" } },
      iac: { active: "terraform", terraform: { directory: "./infra", backend: { type: "local" } } },
    },
    environments: { test: { profile: "shop-test" }, prod: { profile: "shop-prod" } },
    ...(stacks === undefined
      ? {}
      : { stacks: stacks.map((stack) => ({ directory: `./stacks/${stack.name}`, ...stack })) }),
  };
  return parseConfig(JSON.stringify(raw), "devops.json", defaultHandlers);
}

function failure(work: () => unknown): DevopsError {
  try {
    work();
  } catch (error) {
    return error as DevopsError;
  }
  throw new Error("expected an error");
}

describe("the apply order", () => {
  it.each([
    [
      [{ name: "app", depends_on: ["network"] }, { name: "network" }],
      ["network", "app"],
    ],
    [
      [
        { name: "app", depends_on: ["data", "network"] },
        { name: "data", depends_on: ["network"] },
        { name: "network" },
      ],
      ["network", "data", "app"],
    ],
    [
      [{ name: "b" }, { name: "a" }],
      ["b", "a"],
    ],
  ])("puts every stack after the ones it depends on (%j)", (stacks, order) => {
    expect(stackOrder(configWith(stacks))).toEqual(order);
  });

  it("is empty without stacks: the engine directory is the one implicit stack", () => {
    const config = configWith(undefined);

    expect(stackOrder(config)).toEqual([]);
    expect(selectStacks(config, undefined)).toEqual([undefined]);
  });
});

describe("the config rules over stacks", () => {
  it.each([
    [
      "a cycle, named",
      [
        { name: "a", depends_on: ["b"] },
        { name: "b", depends_on: ["c"] },
        { name: "c", depends_on: ["a"] },
      ],
      "the stacks depend on each other in a cycle: a → b → c → a",
    ],
    ["a dependency on a missing stack", [{ name: "app", depends_on: ["netwrk"] }, { name: "network" }], '"netwrk"'],
    ["a stack depending on itself", [{ name: "app", depends_on: ["app"] }], 'stack "app" depends on itself'],
    ["a name used twice", [{ name: "app" }, { name: "app", directory: "./other" }], '"app" is used more than once'],
    [
      "two stacks in one directory",
      [
        { name: "a", directory: "./x" },
        { name: "b", directory: "./x" },
      ],
      "both use",
    ],
    ["var files for an unknown environment", [{ name: "a", var_files: { qa: "qa.tfvars" } }], '"qa"'],
  ])("%s is an error naming the value", (_case, stacks, message) => {
    const errors = checkStacks(configWith(stacks));

    expect(errors.map((error) => error.message).join("\n")).toContain(message);
  });

  it("suggests the stack a mistyped dependency meant", () => {
    const [error] = checkStacks(configWith([{ name: "app", depends_on: ["netwrk"] }, { name: "network" }]));

    expect(error?.suggestion).toBe('did you mean "network"?');
  });

  it("refuses an unsafe stack name in the schema", () => {
    const error = failure(() => configWith([{ name: "../etc" }]));

    expect(error.code).toBe("CONFIG_INVALID");
  });

  it("refuses two stacks of one environment sharing a state (one backend key)", () => {
    const config = configWith([
      { name: "a", backend: { type: "s3", bucket: "b", key: "same.tfstate" } },
      { name: "b", backend: { type: "s3", bucket: "b", key: "same.tfstate" } },
    ]);

    const { errors } = checkConfig(config, "/p", defaultHandlers);

    expect(errors.map((e) => e.message).join("\n")).toContain("stack b");
  });

  it("accepts a valid project with stacks", () => {
    const config = configWith([{ name: "app", depends_on: ["network"] }, { name: "network" }]);

    expect(checkConfig(config, "/p", defaultHandlers).errors).toEqual([]);
  });
});

describe("resolving a stack", () => {
  it("takes the stack's directory, its var files for the environment and its backend settings", () => {
    const config = configWith([
      { name: "network", var_files: { test: ["common.tfvars", "test.tfvars"] }, backend: { path: "network.tfstate" } },
    ]);

    const settings = terraformSettings(resolveEnvironment(config, "/p", "test", defaultHandlers, "network"));

    expect(settings.directory).toBe("/p/stacks/network");
    expect(settings.varFiles.map((file) => [file.file, file.setting])).toEqual([
      ["common.tfvars", "stacks[network].var_files.test[0]"],
      ["test.tfvars", "stacks[network].var_files.test[1]"],
    ]);
    expect(settings.backend).toMatchObject({ type: "local", path: "network.tfstate" });
  });

  it("keeps the engine block's directory for a project without stacks", () => {
    const env = resolveEnvironment(configWith(undefined), "/p", "test", defaultHandlers);

    expect(env.stack).toBeUndefined();
    expect(terraformSettings(env).directory).toBe("/p/infra");
  });
});

describe("--stack", () => {
  const config = () => configWith([{ name: "app", depends_on: ["network"] }, { name: "network" }]);

  it("an unknown name is bad input listing the stacks, with a guess", () => {
    const error = failure(() => selectStacks(config(), "ap"));

    expect(error.code).toBe("STACK_UNKNOWN");
    expect(error.message).toBe('unknown stack "ap"; stacks: network, app');
    expect(error.suggestion).toContain('did you mean "app"?');
  });

  it("is needed by a state change in a project with several stacks", () => {
    const error = failure(() => oneStack(config(), undefined, "infra state rm"));

    expect(error.code).toBe("STACK_REQUIRED");
    expect(error.message).toContain("network, app");
  });

  it("picks the one stack named, or the only one", () => {
    expect(oneStack(config(), "app", "infra import")).toBe("app");
    expect(oneStack(configWith(undefined), undefined, "infra import")).toBeUndefined();
  });
});
