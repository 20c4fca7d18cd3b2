import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { UserError } from "../../../src/core/errors.js";
import type { IacTarget } from "../../../src/core/handler-contract.js";
import { backendDifferences, effectiveBackend } from "../../../src/handlers/iac/terraform/backend.js";
import { terraformStateLocation, type TerraformSettings } from "../../../src/handlers/iac/terraform/config.js";
import { declaredBackend, inspectModule } from "../../../src/handlers/iac/terraform/inspect.js";
import { tempDir } from "../../helpers/project.js";

const S3_MODULE = `
terraform {
  required_version = ">= 1.5"
  # the team's state since 2023
  backend "s3" {
    bucket       = "acme-tf-state" // shared
    key          = "network/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    profile      = var.profile
    assume_role {
      role_arn = "arn:aws:iam::111111111111:role/tf"
    }
  }
}
resource "terraform_data" "x" {}
`;

function state(resources: number, dataSources = 0): string {
  return JSON.stringify({
    version: 4,
    resources: [
      ...Array.from({ length: resources }, (_, i) => ({ mode: "managed", type: "terraform_data", name: `r${i}` })),
      ...Array.from({ length: dataSources }, (_, i) => ({ mode: "data", type: "aws_region", name: `d${i}` })),
    ],
  });
}

describe("declaredBackend", () => {
  it("reads the backend type and its literal settings, leaving out expressions and nested blocks", () => {
    expect(declaredBackend(S3_MODULE)).toEqual({
      type: "s3",
      settings: { bucket: "acme-tf-state", key: "network/terraform.tfstate", region: "eu-west-1", encrypt: true },
    });
  });

  it.each([
    ["no terraform block", 'resource "terraform_data" "x" {}', undefined],
    ["a terraform block without backend", 'terraform {\n  required_version = ">= 1.5"\n}', undefined],
    [
      "a local backend with a path",
      'terraform {\n  backend "local" {\n    path = "state/app.tfstate"\n  }\n}',
      { type: "local", settings: { path: "state/app.tfstate" } },
    ],
    [
      "an empty backend block (partial configuration)",
      'terraform {\n  backend "s3" {}\n}',
      { type: "s3", settings: {} },
    ],
  ])("%s", (_name, source, expected) => {
    expect(declaredBackend(source)).toEqual(expected);
  });
});

describe("inspectModule", () => {
  it("finds the local state at the backend's path, every workspace's, the selected workspace and the var files", async () => {
    const dir = await tempDir("devops-module-");
    await writeFile(join(dir, "main.tf"), 'terraform {\n  backend "local" {\n    path = "state/app.tfstate"\n  }\n}\n');
    await mkdir(join(dir, "state"));
    await writeFile(join(dir, "state", "app.tfstate"), state(2, 1));
    await mkdir(join(dir, "terraform.tfstate.d", "staging"), { recursive: true });
    await writeFile(join(dir, "terraform.tfstate.d", "staging", "terraform.tfstate"), state(3));
    await mkdir(join(dir, ".terraform"));
    await writeFile(join(dir, ".terraform", "environment"), "staging");
    await writeFile(join(dir, "staging.tfvars"), 'name = "x"\n');
    await writeFile(join(dir, "common.auto.tfvars"), 'team = "y"\n');

    const found = await inspectModule(dir);

    expect(found).toEqual({
      directory: dir,
      exists: true,
      hasCode: true,
      backend: { type: "local", settings: { path: "state/app.tfstate" } },
      states: [
        { workspace: "default", path: join(dir, "state", "app.tfstate"), resources: 2 },
        { workspace: "staging", path: join(dir, "terraform.tfstate.d", "staging", "terraform.tfstate"), resources: 3 },
      ],
      selectedWorkspace: "staging",
      varFiles: ["common.auto.tfvars", "staging.tfvars"],
    });
  });

  it("reports a missing directory and one without code", async () => {
    const dir = await tempDir("devops-module-");

    expect(await inspectModule(join(dir, "nope"))).toMatchObject({ exists: false, hasCode: false, states: [] });
    expect(await inspectModule(dir)).toMatchObject({ exists: true, hasCode: false, states: [] });
  });

  it("reads no local state for a remote backend (its state is not in the directory)", async () => {
    const dir = await tempDir("devops-module-");
    await writeFile(join(dir, "main.tf"), S3_MODULE);
    await writeFile(join(dir, "terraform.tfstate"), state(1));

    expect((await inspectModule(dir)).states).toEqual([]);
  });
});

const CODE = {
  type: "s3",
  settings: { bucket: "acme-tf-state", key: "network/terraform.tfstate", region: "eu-west-1" },
};

describe("backendDifferences", () => {
  it.each([
    [
      "the same settings",
      { type: "s3", bucket: "acme-tf-state", key: "network/terraform.tfstate", region: "eu-west-1" },
      [],
    ],
    [
      "another key",
      { type: "s3", bucket: "acme-tf-state", key: "api/terraform.tfstate", region: "eu-west-1" },
      [{ field: "key", code: "network/terraform.tfstate", config: "api/terraform.tfstate" }],
    ],
    [
      "no region, so the environment's, which differs",
      { type: "s3", bucket: "acme-tf-state" },
      [{ field: "region", code: "eu-west-1", config: "us-east-1" }],
    ],
    ["another type", { type: "local" }, [{ field: "type", code: "s3", config: "local" }]],
  ])("%s", (_name, configured, expected) => {
    expect(backendDifferences(CODE, configured, "us-east-1")).toEqual(expected);
  });
});

describe("effectiveBackend", () => {
  const target = { env: { region: "eu-west-1" } } as IacTarget;
  const settings = (extra: Partial<TerraformSettings>): TerraformSettings => ({
    binary: "terraform",
    directory: "/code/network",
    varFile: "test.tfvars",
    varFiles: [],
    backend: { type: "s3", bucket: "acme-tf-state", key: "{env}/other.tfstate" },
    ...extra,
  });

  it("stops, naming both keys and the setting that decides, when the code and the config disagree", () => {
    let error: UserError | undefined;
    try {
      effectiveBackend(CODE, settings({}), target);
    } catch (caught) {
      error = caught as UserError;
    }

    expect(error?.code).toBe("BACKEND_SETTINGS_DIFFER");
    expect(error?.message).toContain('key: code "network/terraform.tfstate", devops.json "{env}/other.tfstate"');
    expect(error?.suggestion).toContain("backend_source");
  });

  it("uses the code's block when the config says the code wins", () => {
    expect(effectiveBackend(CODE, settings({ backendSource: "code" }), target)).toEqual({
      source: "code",
      type: "s3",
      region: "eu-west-1",
    });
  });

  it("overrides the code when the config says the config wins, replacing the type if it differs", () => {
    const local = settings({ backendSource: "config", backend: { type: "local", path: "x.tfstate" } });

    expect(effectiveBackend(CODE, local, target)).toEqual({
      source: "config",
      backend: { type: "local", path: "x.tfstate" },
      override: true,
    });
  });

  it("refuses another type without a decision", () => {
    expect(() => effectiveBackend(CODE, settings({ backend: { type: "local" } }), target)).toThrow(
      expect.objectContaining({ code: "BACKEND_MISMATCH" }),
    );
  });

  it("takes the config's backend when the code declares none", () => {
    expect(effectiveBackend(undefined, settings({}), target)).toMatchObject({ source: "config-only" });
  });
});

describe("the state location where the code's backend wins", () => {
  it("names the code's bucket and key, so protection and isolation compare the state really used", async () => {
    const dir = await tempDir("devops-module-");
    await writeFile(join(dir, "main.tf"), S3_MODULE);
    const iac = {
      binary: "terraform",
      directory: dir,
      varFile: "prod.tfvars",
      workspace: "prod",
      backend: { type: "s3", bucket: "elsewhere", key: "decoy.tfstate" },
    };

    const codeWins = terraformStateLocation({ name: "prod", iac: { ...iac, backendSource: "code" } });
    const configWins = terraformStateLocation({ name: "prod", iac: { ...iac, backendSource: "config" } });

    expect(codeWins).toBe("s3 state acme-tf-state/network/terraform.tfstate, workspace prod");
    expect(configWins).toBe("s3 state elsewhere/decoy.tfstate, workspace prod");
  });
});
