import { mkdir, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveEnvironmentName, isProdLike } from "../../../src/core/config/environments.js";
import { parseConfig } from "../../../src/core/config/load.js";
import { checkConfig, resolveEnvironment } from "../../../src/core/config/resolve.js";
import type { DevopsError } from "../../../src/core/errors.js";
import { terraformSettings } from "../../../src/handlers/iac/terraform/config.js";
import { defaultHandlers } from "../../../src/handlers/registry.js";
import { readFixture, tempDir, userGuideConfig } from "../../helpers/project.js";

const handlers = defaultHandlers;

function failure(work: () => unknown): DevopsError {
  try {
    work();
  } catch (error) {
    return error as DevopsError;
  }
  throw new Error("expected an error");
}

async function parsedWith(change: (config: Record<string, any>) => void) {
  const raw = await userGuideConfig();
  change(raw);
  return parseConfig(JSON.stringify(raw), "devops.json", handlers);
}

describe("the documented configuration", () => {
  it("validates unchanged, with no errors and no warnings", async () => {
    const text = await readFixture("config", "user-guide.json");

    const config = parseConfig(text, "devops.json", handlers);
    const check = checkConfig(config, "/project", handlers);

    expect(check).toEqual({ errors: [], warnings: [] });
  });

  it("resolves every templated field for each environment", async () => {
    const config = parseConfig(await readFixture("config", "user-guide.json"), "devops.json", handlers);

    const prod = resolveEnvironment(config, "/project", "prod", handlers);

    expect(prod).toEqual({
      name: "prod",
      prodLike: true,
      protected: false,
      requireConfirmation: true,
      autoApprove: false,
      costThreshold: 500,
      region: "us-east-1",
      profile: "my-project-prod-deploy",
      discoverProfile: "my-project-discover-deploy",
      autoFixPermissions: false,
      deployPolicy: "my-project-core-prod-deploy",
      iac: {
        binary: "terraform",
        directory: "/project/infrastructure/terraform",
        varFile: "prod.tfvars",
        varFiles: [{ file: "prod.tfvars", setting: "handlers.iac.terraform.var_file_pattern", required: false }],
        workspace: "prod",
        backend: { type: "s3", bucket: "my-project-terraform-state", key: "core/terraform.tfstate" },
        stallWarningMs: 300_000,
        interruptGraceMs: 60_000,
      },
    });
  });
});

describe("schema errors name the JSON path, the bad value and the fix", () => {
  it.each([
    [
      "a short account id",
      (c: any) => (c.environments.prod.account_id = "12345"),
      "CONFIG_INVALID",
      'environments.prod.account_id must be 12 digits (got "12345")',
    ],
    [
      "a bad region",
      (c: any) => (c.handlers.hosting.aws.region = "mars-1"),
      "CONFIG_INVALID",
      'handlers.hosting.aws.region must be an AWS region such as "us-east-1" (got "mars-1")',
    ],
    [
      "a string for a boolean",
      (c: any) => (c.environments.test.auto_approve = "no"),
      "CONFIG_INVALID",
      'environments.test.auto_approve must be a boolean (got "no")',
    ],
    [
      "a missing project name",
      (c: any) => delete c.project.name,
      "CONFIG_INVALID",
      "project.name is required (expected string)",
    ],
    [
      "an upper-case project name",
      (c: any) => (c.project.name = "My Project"),
      "CONFIG_INVALID",
      'project.name must start with a lowercase letter and use only lowercase letters, digits and hyphens (got "My Project")',
    ],
    [
      "a mistyped field",
      (c: any) => (c.handlers.iac.terraform.var_file_patern = "x"),
      "CONFIG_INVALID",
      'handlers.iac.terraform has an unknown field "var_file_patern"',
    ],
  ])("%s", async (_name, change, code, message) => {
    const raw = await userGuideConfig();
    change(raw);

    const error = failure(() => parseConfig(JSON.stringify(raw), "devops.json", handlers));

    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(2);
  });

  it("suggests the field a typo was meant to be", async () => {
    const raw = await userGuideConfig();
    raw.environments.prod.require_confirmaton = true;

    const error = failure(() => parseConfig(JSON.stringify(raw), "devops.json", handlers));

    expect(error.suggestion).toBe('did you mean "require_confirmation"?');
  });

  it("reports JSON syntax errors with line and column", () => {
    const error = failure(() => parseConfig('{\n  "version": "1.0",\n}\n', "devops.json", handlers));

    expect(error.code).toBe("CONFIG_INVALID_JSON");
    expect(error.message).toMatch(/at line 3, column 1/);
  });

  it("lists every problem in the details", async () => {
    const raw = await userGuideConfig();
    raw.version = 1;
    raw.environments.test.cost_threshold = -5;

    const error = failure(() => parseConfig(JSON.stringify(raw), "devops.json", handlers));

    expect(error.message).toMatch(/\(and 1 more problem\)$/);
    expect(error.details?.issues as unknown[]).toHaveLength(2);
  });
});

describe("semantic rules", () => {
  it("rejects an unknown handler id and lists the valid ones", async () => {
    const config = await parsedWith((c) => (c.handlers.iac.active = "terrafrom"));

    const { errors } = checkConfig(config, "/p", handlers);

    expect(errors).toEqual([
      {
        path: "handlers.iac.active",
        message: 'handlers.iac.active "terrafrom" is not a known handler; valid ids: terraform',
        suggestion: 'did you mean "terraform"?',
      },
    ]);
  });

  it("requires per-environment state when workspaces are off", async () => {
    const config = await parsedWith((c) => (c.handlers.iac.terraform.workspace = false));

    const { errors } = checkConfig(config, "/p", handlers);

    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/environments "test" and "prod" would share one Terraform state/);
  });

  it("accepts workspaces off when the backend key names the environment", async () => {
    const config = await parsedWith((c) => {
      c.handlers.iac.terraform.workspace = false;
      c.handlers.iac.terraform.backend.key = "{subsystem}/{environment}/terraform.tfstate";
    });

    expect(checkConfig(config, "/p", handlers).errors).toEqual([]);
    expect(terraformSettings(resolveEnvironment(config, "/p", "test", handlers)).backend?.key).toBe(
      "core/test/terraform.tfstate",
    );
  });

  describe("one state per environment, after following links", () => {
    async function localProject(link: (moduleDir: string) => Promise<void>) {
      const root = await tempDir();
      const moduleDir = join(root, "infrastructure", "terraform");
      await mkdir(join(moduleDir, "terraform.tfstate.d", "prod"), { recursive: true });
      await link(moduleDir);
      const config = await parsedWith((c) => (c.handlers.iac.terraform.backend = { type: "local" }));
      return checkConfig(config, root, handlers);
    }

    it("accepts a workspace folder per environment", async () => {
      const { errors } = await localProject(async () => undefined);

      expect(errors).toEqual([]);
    });

    it.each([
      ["the test workspace's folder is a link to prod's", true],
      ["the test workspace's folder is a link to a prod folder not made yet", false],
    ])("refuses when %s", async (_case, prodExists) => {
      const { errors } = await localProject(async (moduleDir) => {
        if (!prodExists) await rm(join(moduleDir, "terraform.tfstate.d", "prod"), { recursive: true });
        await symlink("prod", join(moduleDir, "terraform.tfstate.d", "test"));
      });

      expect(errors.map((e) => e.message)).toEqual([
        expect.stringMatching(
          /environments "(test|prod)" and "(test|prod)" would share one Terraform state \(local state .*terraform\.tfstate\.d\/prod\/terraform\.tfstate\)/,
        ),
      ]);
    });

    it("refuses two environments whose remote backend object and workspace are the same", async () => {
      const config = await parsedWith((c) => {
        c.environments.staging = { profile: "p-staging", workspace: "prod" };
      });

      const { errors } = checkConfig(config, "/p", handlers);

      expect(errors.map((e) => e.message)).toContainEqual(
        expect.stringMatching(
          /environments "prod" and "staging" would share one Terraform state \(s3 state .*, workspace prod\)/,
        ),
      );
    });
  });

  it("requires a profile for every environment", async () => {
    const config = await parsedWith((c) => {
      c.environments.staging = {};
    });

    const { errors } = checkConfig(config, "/p", handlers);

    expect(errors.map((e) => e.message)).toEqual(['environment "staging" has no AWS profile']);
  });

  it("never lets an environment deploy with the discover profile", async () => {
    const config = await parsedWith(
      (c) => (c.handlers.hosting.aws.profiles.test = c.handlers.hosting.aws.profiles.discover),
    );

    expect(checkConfig(config, "/p", handlers).errors[0]?.message).toMatch(/uses the discover profile/);
  });

  it("reports an unknown placeholder in a templated field", async () => {
    const config = await parsedWith((c) => (c.handlers.iac.terraform.backend.key = "{env}/terraform.tfstate"));

    const { errors } = checkConfig(config, "/p", handlers);

    expect(errors[0]?.message).toMatch(/\{env\}/);
    expect(errors[0]?.suggestion).toMatch(/\{environment\}/);
  });

  it.each([
    ["prod with no setting", "prod", {}, true],
    ["production with no setting", "production", {}, true],
    ["live with no setting", "live", {}, true],
    ["prod-eu with no setting", "prod-eu", {}, true],
    ["staging with no setting", "staging", {}, false],
    ["staging marked protected", "staging", { protected: true }, true],
    ["protected overrides an explicit false", "staging", { protected: true, require_confirmation: false }, true],
  ])("confirmation default: %s", async (_name, env, settings, expected) => {
    const config = await parsedWith((c) => {
      c.environments[env] = settings;
      c.handlers.hosting.aws.profiles[env] = `${env}-deploy`;
    });

    expect(resolveEnvironment(config, "/p", env, handlers).requireConfirmation).toBe(expected);
  });

  it("ignores auto_approve where confirmation is required, and says so", async () => {
    const config = await parsedWith((c) => (c.environments.prod.auto_approve = true));

    const { warnings } = checkConfig(config, "/p", handlers);

    expect(resolveEnvironment(config, "/p", "prod", handlers).autoApprove).toBe(false);
    expect(warnings.map((w) => w.message)).toEqual([
      'environments.prod.auto_approve is ignored: "prod" requires confirmation',
    ]);
  });
});

describe("environment words", () => {
  it.each([
    ["test", "test"],
    ["testing", "test"],
    ["dev", "test"],
    ["Development", "test"],
    ["prod", "prod"],
    ["PROD", "prod"],
    ["Production", "prod"],
    ["live", "prod"],
    ["  prod  ", "prod"],
  ])("%s → %s", async (word, expected) => {
    const config = parseConfig(await readFixture("config", "user-guide.json"), "devops.json", handlers);

    expect(resolveEnvironmentName(config, word)).toBe(expected);
  });

  it("uses configured aliases and first-class environments", async () => {
    const config = await parsedWith((c) => {
      c.environments.staging = {};
      c.environment_aliases = { stage: "staging", uat: "staging" };
    });

    expect(resolveEnvironmentName(config, "stage")).toBe("staging");
    expect(resolveEnvironmentName(config, "UAT")).toBe("staging");
  });

  it("prefers a configured environment named like a built-in word", async () => {
    const config = await parsedWith((c) => (c.environments.dev = {}));

    expect(resolveEnvironmentName(config, "dev")).toBe("dev");
  });

  it.each(["staging", "qa", "", "prodd"])("rejects %j instead of falling back to test", async (word) => {
    const config = parseConfig(await readFixture("config", "user-guide.json"), "devops.json", handlers);

    const error = failure(() => resolveEnvironmentName(config, word));

    expect(error.code).toBe("ENV_UNKNOWN");
    expect(error.message).toContain("configured environments: test, prod");
  });

  it("suggests the closest environment for a typo", async () => {
    const config = parseConfig(await readFixture("config", "user-guide.json"), "devops.json", handlers);

    expect(failure(() => resolveEnvironmentName(config, "tset")).suggestion).toMatch(/^did you mean "test"\?/);
  });

  it.each([
    ["prod", true],
    ["production", true],
    ["eu-prod", true],
    ["prd", true],
    ["product", false],
    ["test", false],
    ["preprod", false],
  ])("isProdLike(%s) = %s", (name, expected) => {
    expect(isProdLike(name)).toBe(expected);
  });
});
