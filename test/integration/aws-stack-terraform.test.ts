// Proves, with plain Terraform and no devops code but the sandbox override, that the aws-small stack and
// the emulator work together: the product's own end-to-end tests build on exactly this.
import { cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { expect, it } from "vitest";
import { SANDBOX_OVERRIDE_FILE, sandboxOverride } from "../../src/handlers/iac/terraform/sandbox-override.js";
import { useMoto } from "../helpers/moto.js";
import { fixturePath, tempDir } from "../helpers/project.js";
import { terraformEnv, testTools } from "../helpers/tools.js";

const moto = useMoto();
const STEP_TIMEOUT_MS = 180_000;

async function terraform(cwd: string, args: string[]) {
  return execa(testTools().terraform, args, {
    cwd,
    env: terraformEnv(),
    extendEnv: false,
    reject: false,
    all: true,
    stdin: "ignore",
    timeout: STEP_TIMEOUT_MS,
  });
}

function expectExit(result: Awaited<ReturnType<typeof terraform>>, code: number): void {
  expect(result.exitCode, `${result.command} exited ${result.exitCode}:\n${result.all}`).toBe(code);
}

it("applies the aws-small stack to moto, re-plans with no changes, and destroys it", async () => {
  const dir = await tempDir("devops-aws-small-");
  await cp(fixturePath("stacks", "aws-small"), dir, { recursive: true });
  await writeFile(
    join(dir, SANDBOX_OVERRIDE_FILE),
    sandboxOverride({ endpoint: moto().endpoint, region: "us-east-1" }),
  );
  const vars = ["-input=false", "-no-color", "-var-file=test.tfvars"];

  expectExit(await terraform(dir, ["init", "-input=false", "-no-color"]), 0);
  expectExit(await terraform(dir, ["plan", ...vars, "-out=tfplan", "-detailed-exitcode"]), 2);
  expectExit(await terraform(dir, ["apply", "-input=false", "-no-color", "tfplan"]), 0);
  const outputs = await terraform(dir, ["output", "-json"]);
  const replan = await terraform(dir, ["plan", ...vars, "-detailed-exitcode"]);
  const destroy = await terraform(dir, ["destroy", ...vars, "-auto-approve"]);
  const left = await terraform(dir, ["state", "list"]);

  expectExit(outputs, 0);
  expect(JSON.parse(outputs.stdout)).toMatchObject({
    function_name: { value: "shop-api-test-api" },
    function_arn: { value: "arn:aws:lambda:us-east-1:123456789012:function:shop-api-test-api" },
    alias_arn: { value: "arn:aws:lambda:us-east-1:123456789012:function:shop-api-test-api:live" },
    cluster_name: { value: "shop-api-test-cluster" },
    service_name: { value: "shop-api-test-worker" },
  });
  expectExit(replan, 0);
  expectExit(destroy, 0);
  expect(left.stdout.trim()).toBe("");
}, 600_000);
