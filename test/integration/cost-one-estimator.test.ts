// One estimator for test-changes and the audit: the aws-small stack is planned and applied with plain
// Terraform against moto, then priced twice — from the plan, as test-changes does, and from the registry
// built from the applied state, as the audit does — and both must give the same lines and totals.
import { cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { expect, it } from "vitest";
import { plannedResourcesOf, stateResources } from "../../src/handlers/iac/terraform/index.js";
import { SANDBOX_OVERRIDE_FILE, sandboxOverride } from "../../src/handlers/iac/terraform/sandbox-override.js";
import { buildRegistry } from "../../src/records/registry.js";
import { estimatePlanCost } from "../../src/skills/infra/tester/cost.js";
import { estimateResources } from "../../src/skills/ops/auditor/cost.js";
import { fromRegistry } from "../../src/skills/ops/auditor/scope.js";
import { useMoto } from "../helpers/moto.js";
import { fixturePath, tempDir } from "../helpers/project.js";
import { terraformEnv, testTools } from "../helpers/tools.js";

const moto = useMoto();
const REGION = "us-east-1";

async function terraform(cwd: string, args: string[]) {
  const result = await execa(testTools().terraform, args, {
    cwd,
    env: terraformEnv(),
    extendEnv: false,
    reject: false,
    all: true,
    stdin: "ignore",
    timeout: 180_000,
  });
  expect(result.exitCode, `${result.command} exited ${result.exitCode}:\n${result.all}`).toBe(0);
  return result.stdout;
}

it("prices the aws-small plan (test-changes) and its applied state (audit) alike, usage-priced lines marked", async () => {
  const dir = await tempDir("devops-cost-");
  await cp(fixturePath("stacks", "aws-small"), dir, { recursive: true });
  await writeFile(join(dir, SANDBOX_OVERRIDE_FILE), sandboxOverride({ endpoint: moto().endpoint, region: REGION }));
  await terraform(dir, ["init", "-input=false", "-no-color"]);
  await terraform(dir, ["plan", "-input=false", "-no-color", "-var-file=test.tfvars", "-out=tfplan"]);
  const plan = JSON.parse(await terraform(dir, ["show", "-json", "tfplan"]));
  await terraform(dir, ["apply", "-input=false", "-no-color", "tfplan"]);
  const state = JSON.parse(await terraform(dir, ["show", "-json"]));
  const registry = buildRegistry({
    environment: "test",
    project: "shop",
    resources: stateResources(state),
    deploymentId: "d-1",
    now: new Date(),
    region: REGION,
    consoleUrl: () => undefined,
  });

  const beforeDeploy = await estimatePlanCost(plannedResourcesOf(plan), { region: REGION, pricing: "table" });
  const audited = estimateResources(registry.resources.map(fromRegistry), REGION);

  const lines = (estimate: typeof audited) =>
    estimate.lines.map((l) => ({ address: l.address, monthly: l.monthly, usage: l.usage_based }));
  expect(lines(audited)).toEqual(lines(beforeDeploy));
  expect(audited.not_priced).toEqual(beforeDeploy.not_priced);
  expect(audited.fixed_monthly).toBe(beforeDeploy.fixed_monthly);
  expect(audited.usage_based_monthly).toBe(beforeDeploy.usage_based_monthly);
  expect(lines(beforeDeploy)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ address: "aws_ecs_service.worker", usage: false }),
      expect.objectContaining({ address: "aws_cloudwatch_metric_alarm.api_errors", usage: false }),
      expect.objectContaining({ address: "aws_lambda_function.api", usage: true }),
      expect.objectContaining({ address: "aws_cloudwatch_log_group.api", usage: true }),
    ]),
  );
  expect(beforeDeploy.fixed_monthly).toBeGreaterThan(0);
}, 600_000);
