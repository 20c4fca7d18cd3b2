// End to end: the bundled CLI deploys a real AWS stack (IAM role and policy, Lambda function and
// alias, log group, metric alarm, ECS cluster, task definition and Fargate service) with the real
// hashicorp/aws provider into the moto server, then finds out-of-band drift and tears it down.
// The same Terraform code would deploy to AWS: devops points the provider at the emulator itself.
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LambdaClient, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMoto, type MotoServer } from "../helpers/moto.js";
import { fixturePath } from "../helpers/project.js";
import { runBundledCli } from "../helpers/bundled-cli.js";

// One emulator for the whole sequence: each step builds on the AWS state the previous one left.
let server: MotoServer;
const moto = () => server;
let root: string;

async function devops(...args: string[]) {
  return runBundledCli(root, args);
}

describe("the aws-small stack through devops infra deploy", () => {
  beforeAll(async () => {
    // One project for the whole sequence (tempDir() would remove it after each test).
    server = await startMoto();
    root = await mkdtemp(join(tmpdir(), "devops-e2e-aws-"));
    await cp(fixturePath("stacks", "aws-small"), join(root, "infrastructure", "terraform"), { recursive: true });
    const init = await devops(
      "init",
      "--sandbox",
      "--project",
      "shop",
      "--subsystem",
      "api",
      "--endpoint",
      moto().endpoint,
    );
    expect(init.exitCode).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it("deploys, recording the real ARNs from the state", async () => {
    const deploy = await devops("infra", "deploy", "--env", "test");

    expect(deploy.exitCode, JSON.stringify(deploy.json.error ?? deploy.json.data?.steps)).toBe(0);
    expect(deploy.json).toMatchObject({ status: "applied", data: { verification: { verified: true } } });
    const registry = JSON.parse(await readFile(join(root, ".devops/deployments/test/registry.json"), "utf8"));
    const byType = Object.fromEntries(registry.resources.map((r: { type: string }) => [r.type, r]));
    expect(Object.keys(byType)).toEqual(
      expect.arrayContaining([
        "aws_iam_role",
        "aws_lambda_function",
        "aws_lambda_alias",
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_metric_alarm",
        "aws_ecs_cluster",
        "aws_ecs_task_definition",
        "aws_ecs_service",
      ]),
    );
    expect(byType.aws_lambda_function).toMatchObject({
      name: "shop-api-test-api",
      arn: "arn:aws:lambda:us-east-1:123456789012:function:shop-api-test-api",
      console_url: expect.stringContaining("/lambda/home?region=us-east-1#/functions/shop-api-test-api"),
    });
    expect(byType.aws_iam_role.arn).toMatch(/^arn:aws:iam::123456789012:role\//);
    expect(byType.aws_ecs_cluster.arn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:cluster\//);
    expect(await readFile(join(root, ".devops/deployments/test/DEPLOYED.md"), "utf8")).toContain(
      "arn:aws:lambda:us-east-1:123456789012:function:shop-api-test-api",
    );
  }, 300_000);

  it("validates the stack's names and tags", async () => {
    const validate = await devops("infra", "validate-config", "--env", "test");

    expect(validate.exitCode).toBe(0);
    expect(validate.json.data.findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([]);
  }, 300_000);

  it("is in sync, then reports drift made outside Terraform (exit 4)", async () => {
    const before = await devops("infra", "check-status", "--env", "test");
    const lambda = new LambdaClient({
      region: "us-east-1",
      endpoint: moto().endpoint,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "shop-api-test-api", MemorySize: 512 }));

    const after = await devops("infra", "check-status", "--env", "test");

    expect(before.json.status, JSON.stringify(before.json.data?.summary)).toBe("in_sync");
    expect(after.exitCode).toBe(4);
    expect(after.json.status).toBe("drift");
    expect(after.json.data.summary.drift).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          address: "aws_lambda_function.api",
          changedAttributes: expect.arrayContaining(["memory_size"]),
        }),
      ]),
    );
  }, 300_000);

  it("tears the stack down after a state backup, leaving nothing in the state", async () => {
    const teardown = await devops("infra", "teardown", "--env", "test");

    expect(teardown.exitCode, JSON.stringify(teardown.json.error)).toBe(0);
    expect(teardown.json).toMatchObject({
      status: "destroyed",
      data: { verification: { verified: true, resources: 0 } },
    });
    expect(JSON.parse(await readFile(teardown.json.data.backup, "utf8")).resources.length).toBeGreaterThan(5);
  }, 300_000);
});
