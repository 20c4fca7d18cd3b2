// Discovery by tags through `devops infra show-resources --refresh`, on the real engine and moto: a log
// group deployed with the hashicorp/aws provider is in the Terraform state; a function, a security group
// and a bucket created outside Terraform with the project's tags are listed as discovered; resources of
// another environment or without the tags are not.
import { readFile } from "node:fs/promises";
import { CloudWatchLogsClient, CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateSecurityGroupCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { fixturePath } from "../helpers/project.js";

const moto = useMoto();
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
let project: InfraProject;

const sdk = () => ({
  endpoint: moto().endpoint,
  region: REGION,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  forcePathStyle: true,
});

const MODULE = `
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region = "${REGION}"
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/shop-api-test-api"
  retention_in_days = 7
  tags = {
    Project     = "shop"
    Environment = "test"
  }
}
`;

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint), { "main.tf": MODULE });
});

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: project.env });
}

async function createOutsideTerraform(): Promise<{ groupId: string }> {
  await new IAMClient(sdk()).send(
    new CreateRoleCommand({
      RoleName: "legacy-role",
      AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
    }),
  );
  const zip = await readFile(fixturePath("stacks", "aws-small", "lambda.zip"));
  const lambda = new LambdaClient(sdk());
  const fn = (name: string, environment: string) =>
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "python3.12",
        Role: `arn:aws:iam::${ACCOUNT}:role/legacy-role`,
        Handler: "index.handler",
        Code: { ZipFile: zip },
        Tags: { Project: "shop", Environment: environment },
      }),
    );
  await fn("shop-api-test-legacy", "test");
  await fn("shop-api-prod-legacy", "prod");
  const group = await new EC2Client(sdk()).send(
    new CreateSecurityGroupCommand({
      GroupName: "shop-api-test-legacy",
      Description: "legacy",
      TagSpecifications: [
        {
          ResourceType: "security-group",
          Tags: [
            { Key: "Project", Value: "shop" },
            { Key: "Environment", Value: "test" },
            { Key: "Name", Value: "legacy-sg" },
          ],
        },
      ],
    }),
  );
  const s3 = new S3Client(sdk());
  await s3.send(new CreateBucketCommand({ Bucket: "shop-api-test-uploads" }));
  await s3.send(
    new PutBucketTaggingCommand({
      Bucket: "shop-api-test-uploads",
      Tagging: {
        TagSet: [
          { Key: "Project", Value: "shop" },
          { Key: "Environment", Value: "test" },
        ],
      },
    }),
  );
  await s3.send(new CreateBucketCommand({ Bucket: "untagged-bucket" }));
  return { groupId: group.GroupId ?? "" };
}

describe("show-resources --refresh", () => {
  it("lists tagged resources outside the Terraform state as discovered, and leaves the state's own out", async () => {
    const deploy = await cli("infra", "deploy", "--env", "test");
    expect(deploy.exitCode, JSON.stringify(deploy.json().error ?? deploy.json().data?.steps)).toBe(0);
    const { groupId } = await createOutsideTerraform();

    const run = await cli("infra", "show-resources", "--env", "test", "--refresh");

    expect(run.exitCode).toBe(0);
    const { data } = run.json();
    expect(data.registry.resources.map((r: { terraform_address: string }) => r.terraform_address)).toEqual([
      "aws_cloudwatch_log_group.api",
    ]);
    expect(data.discovered).toEqual([
      {
        arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${groupId}`,
        type: "aws_security_group",
        kind: "ec2:security-group",
        id: groupId,
        name: "legacy-sg",
        region: REGION,
        tags: { Project: "shop", Environment: "test", Name: "legacy-sg" },
      },
      expect.objectContaining({
        arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-api-test-legacy`,
        type: "aws_lambda_function",
        name: "shop-api-test-legacy",
      }),
      expect.objectContaining({
        arn: "arn:aws:s3:::shop-api-test-uploads",
        type: "aws_s3_bucket",
        name: "shop-api-test-uploads",
      }),
    ]);
    expect(run.json().next).toEqual([
      {
        command: "devops ops audit --env test",
        why: "3 tagged resource(s) outside the Terraform state: the audit covers them too",
      },
    ]);
  }, 180_000);

  it("without --refresh, reads the registry only and discovers nothing", async () => {
    await createOutsideTerraform();

    const run = await cli("infra", "show-resources", "--env", "test");

    expect(run.json()).toMatchObject({ status: "not_deployed" });
    expect(run.json().data.discovered).toBeUndefined();
  }, 60_000);

  it("renders the discovered resources for people", async () => {
    await createOutsideTerraform();

    const run = await runCli(["infra", "show-resources", "--env", "test", "--refresh"], {
      cwd: project.root,
      env: project.env,
    });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Discovered by tags, not in the Terraform state (3):");
    expect(run.stdout).toContain("arn:aws:lambda:us-east-1:123456789012:function:shop-api-test-legacy");
  }, 120_000);

  it("reads every page of the Tagging API (105 tagged log groups, 100 a page)", async () => {
    const logs = new CloudWatchLogsClient(sdk());
    for (let i = 0; i < 105; i++)
      await logs.send(
        new CreateLogGroupCommand({ logGroupName: `/shop/job-${i}`, tags: { Project: "shop", Environment: "test" } }),
      );

    const run = await cli("infra", "show-resources", "--env", "test", "--refresh");

    expect(run.json().data.discovered).toHaveLength(105);
    expect(run.json().data.discovered[0]).toMatchObject({
      type: "aws_cloudwatch_log_group",
      kind: "logs:log-group",
      id: "/shop/job-0",
    });
  }, 120_000);
});
