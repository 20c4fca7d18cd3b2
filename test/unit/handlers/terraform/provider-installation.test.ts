import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../../src/core/errors.js";
import type { IacTarget } from "../../../../src/core/handler-contract.js";
import {
  mirrorCliConfig,
  personalCliConfigPath,
  providerInstallationEnv,
} from "../../../../src/handlers/iac/terraform/cli-config.js";
import { firstErrorBlock } from "../../../../src/handlers/iac/terraform/runner.js";
import { readFixture, tempDir } from "../../../helpers/project.js";

describe("the first Error: block of terraform's human output", () => {
  it("skips the CLI-config problems printed first and reports why init failed", async () => {
    const stderr = await readFixture("errors", "terraform-init-empty-mirror-with-cli-config-problem.stderr.txt");

    const summary = firstErrorBlock(stderr);

    expect(stderr.split("\n")[0]).toBe("There are some problems with the CLI configuration:");
    expect(summary).toBe(
      "Failed to query available provider packages: Could not retrieve the list of available versions for provider hashicorp/aws: provider registry.terraform.io/hashicorp/aws was not found in any of the search locations - /tmp/trf/empty",
    );
  });

  it.each([
    ["no Error: line at all", "Terraform crashed\n", undefined],
    ["one block, no detail", "\nError: Invalid value\n", "Invalid value"],
    ["two blocks: only the first", "Error: First\n\nits detail\n\nError: Second\n\nother\n", "First: its detail"],
    ["a warning after the block ends it", "Error: First\n\nits detail\n\nWarning: later\n", "First: its detail"],
  ])("%s", (_name, stderr, expected) => {
    expect(firstErrorBlock(stderr)).toBe(expected);
  });
});

function targetWith(runsDir: string, iac: Record<string, unknown>): IacTarget {
  const env = {
    name: "test",
    region: "us-east-1",
    iac: { directory: "/nowhere", binary: "terraform", varFile: "test.tfvars", ...iac },
  };
  return { env, credentials: {}, runsDir } as unknown as IacTarget;
}

describe("provider installation settings of the engine's runs", () => {
  it("leaves the person's CLI config alone when devops.json names neither a mirror nor a cache", async () => {
    const runs = await tempDir();

    const env = await providerInstallationEnv({ env: { TF_CLI_CONFIG_FILE: "/etc/mine.tfrc" } }, targetWith(runs, {}));

    expect(env).toEqual({});
  });

  it("passes a plugin cache as TF_PLUGIN_CACHE_DIR, keeping the person's CLI config in force", async () => {
    const runs = await tempDir();

    const env = await providerInstallationEnv({ env: {} }, targetWith(runs, { pluginCacheDir: "/srv/cache" }));

    expect(env).toEqual({ TF_PLUGIN_CACHE_DIR: "/srv/cache" });
  });

  it("writes a CLI config of its own for a mirror, after the person's own settings", async () => {
    const runs = await tempDir();
    const home = await tempDir();
    await writeFile(join(home, ".terraformrc"), 'credentials "app.terraform.io" {\n  token = "x"\n}\n');

    const env = await providerInstallationEnv(
      { env: { HOME: home } },
      targetWith(runs, { providerMirror: "/srv/mirror" }),
    );

    expect(env).toEqual({ TF_CLI_CONFIG_FILE: join(runs, "terraform-cli.tfrc") });
    const written = await readFile(join(runs, "terraform-cli.tfrc"), "utf8");
    expect(written).toBe(
      mirrorCliConfig("/srv/mirror", {
        path: join(home, ".terraformrc"),
        text: 'credentials "app.terraform.io" {\n  token = "x"\n}\n',
      }),
    );
    expect(written).toContain('credentials "app.terraform.io"');
    expect(written).toMatch(/provider_installation \{\n {2}filesystem_mirror \{\n {4}path = "\/srv\/mirror"/);
  });

  it("refuses a mirror when the person's CLI config already says where providers come from", async () => {
    const runs = await tempDir();
    const own = join(await tempDir(), "team.tfrc");
    await writeFile(own, "provider_installation {\n  direct {}\n}\n");

    const error = await providerInstallationEnv(
      { env: { TF_CLI_CONFIG_FILE: own } },
      targetWith(runs, { providerMirror: "/srv/mirror" }),
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: "CLI_CONFIG_CONFLICT" });
    expect((error as UserError).message).toContain(own);
    await expect(readFile(join(runs, "terraform-cli.tfrc"))).rejects.toThrow(/ENOENT/);
  });

  it.each([
    [{ TF_CLI_CONFIG_FILE: "/etc/team.tfrc", HOME: "/home/me" }, "/etc/team.tfrc"],
    [{ HOME: "/home/me" }, "/home/me/.terraformrc"],
    [{}, undefined],
  ])("finds the CLI config terraform would read in %j", (env, expected) => {
    expect(personalCliConfigPath(env)).toBe(expected);
  });
});
