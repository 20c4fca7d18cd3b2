// Naming compliance on Terraform this project did not write: terraform-aws-modules' simple VPC names its
// VPC, subnets and route tables only in Name tags and adopts the VPC's default security group, route
// table and ACL. None of those is a name the code chooses, so none may be counted as following the pattern.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { expect, it } from "vitest";
import { plannedResourcesOf } from "../../src/handlers/iac/terraform/index.js";
import { namingCompliance } from "../../src/skills/infra/tester/compliance.js";
import { copyPublicModule, PLAIN_OVERRIDE_FILE, plainTerraformOverride } from "../helpers/public-modules.js";
import { useMoto } from "../helpers/moto.js";
import { terraformEnv, testTools } from "../helpers/tools.js";
import { project } from "../unit/tester/project.js";

const moto = useMoto();

async function terraform(cwd: string, args: string[]) {
  const result = await execa(testTools().terraform, args, {
    cwd,
    env: terraformEnv(),
    extendEnv: false,
    reject: false,
    all: true,
    stdin: "ignore",
    timeout: 300_000,
  });
  expect(result.exitCode, `${result.command} exited ${result.exitCode}:\n${result.all}`).toBe(0);
  return result.stdout;
}

it("vpc-simple: no name counted as following the pattern, the AWS-fixed defaults skipped", async () => {
  const dir = await copyPublicModule("vpc-simple");
  await writeFile(join(dir, PLAIN_OVERRIDE_FILE), plainTerraformOverride(moto().endpoint));
  await terraform(dir, ["init", "-input=false", "-no-color"]);
  await terraform(dir, ["plan", "-input=false", "-no-color", "-out=tfplan"]);
  const resources = plannedResourcesOf(JSON.parse(await terraform(dir, ["show", "-json", "tfplan"])));

  const result = namingCompliance(project(), "test", resources);

  expect(resources.length).toBeGreaterThan(5);
  expect(result.checked).toBe(0);
  expect(result.non_compliant).toEqual([]);
  expect(result.aws_fixed).toBe(resources.filter((r) => r.type.startsWith("aws_default_")).length);
  expect(result.aws_fixed).toBeGreaterThan(0);
  expect(result.summary).toMatch(/^0 of 0 known name\(s\) follow resource_naming\.pattern/);
}, 600_000);
