// A deploy whose engine binary is missing, or whose AWS endpoint is down, stops with the precise error
// and its fix: not a diagnosis of "unknown error", and not after planning for half a minute.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { infraProject, sandboxConfig } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();

function withTerraform(config: Record<string, unknown>, settings: Record<string, unknown>): Record<string, unknown> {
  const handlers = config.handlers as { iac: { terraform: Record<string, unknown> } };
  Object.assign(handlers.iac.terraform, settings);
  return config;
}

describe("a deploy that cannot reach its engine or its endpoint", () => {
  it("names the missing terraform binary and how to fix it", async () => {
    const project = await infraProject(sandboxConfig(moto().endpoint));
    const env = { ...project.env, PATH: join(project.root, "no-tools-here") };

    const run = await runCli(["infra", "deploy", "--env", "test", "--json"], {
      cwd: project.root,
      env,
      trust: project.trust,
    });

    expect(run.exitCode).toBe(1);
    const { error } = run.json();
    expect(error.code).toBe("ENGINE_NOT_FOUND");
    expect(error.message).toBe('the Terraform engine was not found: there is no "terraform" on the PATH');
    expect(error.suggestion).toBe(
      'install Terraform (or OpenTofu) so that "terraform" is on the PATH, or set handlers.iac.terraform.binary to its full path',
    );
  }, 120_000);

  it("names a binary path that does not exist", async () => {
    const missing = "/opt/nowhere/terraform";
    const project = await infraProject(withTerraform(sandboxConfig(moto().endpoint), { binary: missing }));

    const run = await runCli(["infra", "deploy", "--env", "test", "--json"], {
      cwd: project.root,
      env: project.env,
      trust: project.trust,
    });

    expect(run.exitCode).toBe(1);
    const { error } = run.json();
    expect(error.code).toBe("ENGINE_NOT_FOUND");
    expect(error.message).toBe(`the Terraform engine was not found: ${missing} does not exist`);
    expect(error.suggestion).toBe(
      `install Terraform (or OpenTofu) at ${missing}, or point handlers.iac.terraform.binary at the binary you have`,
    );
  }, 120_000);

  it("stops at the failed account check when the endpoint is down, before the plan ends", async () => {
    // The provider retries a refused connection for minutes: the plan would outlast the account check.
    const project = await infraProject(sandboxConfig("http://127.0.0.1:9"), {
      "main.tf": [
        `terraform {`,
        `  required_providers {`,
        `    aws = { source = "hashicorp/aws", version = "5.100.0" }`,
        `  }`,
        `}`,
        `provider "aws" { region = "us-east-1" }`,
        `data "aws_caller_identity" "current" {}`,
        `output "account" { value = data.aws_caller_identity.current.account_id }`,
        "",
      ].join("\n"),
    });
    const started = Date.now();

    const run = await runCli(["infra", "deploy", "--env", "test", "--json"], {
      cwd: project.root,
      env: project.env,
      trust: project.trust,
    });

    expect(run.exitCode).toBe(1);
    const { error } = run.json();
    expect(error.code).toBe("AWS_CREDENTIALS");
    expect(error.message).toContain("ECONNREFUSED 127.0.0.1:9");
    expect(error.suggestion).toBe("start the local AWS emulator, or fix environments.test.endpoint");
    // Without stopping the plan, the provider's retries keep it going for more than 40 s here.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 120_000);
});
