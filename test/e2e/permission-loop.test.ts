// End to end: the permission loop. moto enforces IAM here (its /moto-api/reset-auth switch), so the
// denial is moto's own: the deploy identity's policy lacks logs:DescribeLogGroups, Terraform's apply
// fails with AccessDenied, the debugger names the action, the permission manager grants it through the
// discover identity into a dedicated statement of the deploy policy, and the deploy is retried once.
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
} from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMoto, type MotoServer } from "../helpers/moto.js";
import { runBundledCli } from "../helpers/bundled-cli.js";

const ACCOUNT = "123456789012";
let server: MotoServer;
let root: string;

const DEPLOY_ACTIONS = [
  "logs:CreateLogGroup",
  "logs:DeleteLogGroup",
  "logs:PutRetentionPolicy",
  "logs:TagResource",
  "logs:TagLogGroup",
  "logs:ListTagsForResource",
  "logs:ListTagsLogGroup",
];

async function setUpIdentities(endpoint: string): Promise<string> {
  const iam = new IAMClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const keys: string[] = ["[default]", "aws_access_key_id = unused", "aws_secret_access_key = unused"];
  const policies = {
    "shop-test-deploy": {
      Version: "2012-10-17",
      Statement: [{ Sid: "Logs", Effect: "Allow", Action: DEPLOY_ACTIONS, Resource: "*" }],
    },
    "shop-discover": {
      Version: "2012-10-17",
      Statement: [{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }],
    },
  };
  for (const [user, document] of Object.entries(policies)) {
    await iam.send(new CreateUserCommand({ UserName: user }));
    const policy = await iam.send(
      new CreatePolicyCommand({ PolicyName: user, PolicyDocument: JSON.stringify(document) }),
    );
    await iam.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: policy.Policy!.Arn! }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: user }));
    keys.push(
      `[${user}]`,
      `aws_access_key_id = ${key.AccessKey!.AccessKeyId}`,
      `aws_secret_access_key = ${key.AccessKey!.SecretAccessKey}`,
    );
  }
  const file = join(root, "aws-credentials");
  await writeFile(file, `${keys.join("\n")}\n`, { mode: 0o600 });
  return file;
}

async function enforceIam(on: boolean): Promise<void> {
  const response = await fetch(`${server.endpoint}/moto-api/reset-auth`, { method: "POST", body: on ? "0" : "inf" });
  expect(response.ok).toBe(true);
}

async function devops(credentials: string, ...args: string[]) {
  return runBundledCli(root, args, {
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_CONFIG_FILE: join(root, "aws-config"),
  });
}

describe("a deploy denied a permission by an IAM-enforcing moto", () => {
  let credentials: string;

  beforeAll(async () => {
    server = await startMoto();
    root = await mkdtemp(join(tmpdir(), "devops-e2e-permissions-"));
    credentials = await setUpIdentities(server.endpoint);
    await writeFile(join(root, "aws-config"), "");
    await mkdir(join(root, ".devops"), { recursive: true });
    await writeFile(
      join(root, ".devops", "devops.json"),
      JSON.stringify(
        {
          version: "1.0",
          project: { name: "shop" },
          resource_naming: { pattern: "{project}-{environment}-{resource}" },
          handlers: {
            hosting: {
              active: "aws",
              aws: {
                region: "us-east-1",
                endpoint: server.endpoint,
                profiles: { test: "shop-test-deploy", discover: "shop-discover" },
              },
            },
            iac: { active: "terraform", terraform: { directory: "./infra", backend: { type: "local" } } },
          },
          environments: { test: { require_confirmation: false, account_id: ACCOUNT, auto_fix_permissions: true } },
        },
        null,
        2,
      ),
    );
    await mkdir(join(root, "infra"), { recursive: true });
    await writeFile(
      join(root, "infra", "main.tf"),
      [
        'provider "aws" {',
        '  region = "us-east-1"',
        "}",
        "",
        'resource "aws_cloudwatch_log_group" "app" {',
        '  name              = "shop-test-app"',
        "  retention_in_days = 7",
        "}",
        "",
      ].join("\n"),
    );
    await enforceIam(true);
  }, 60_000);

  afterAll(async () => {
    if (server !== undefined) await enforceIam(false).catch(() => undefined);
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it("is diagnosed, fixed with a scoped grant through the discover identity, retried, and audited", async () => {
    const deploy = await devops(credentials, "infra", "deploy", "--env", "test", "--skip-tests");

    expect(deploy.exitCode, JSON.stringify(deploy.json.error ?? deploy.json.data?.steps)).toBe(0);
    const steps = deploy.json.data.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`);
    expect(steps).toEqual(
      expect.arrayContaining(["apply:failed", "permission fix:done", "retry:done", "apply:done", "verify:passed"]),
    );
    expect(steps.indexOf("permission fix:done")).toBeLessThan(steps.lastIndexOf("apply:done"));

    const audit = JSON.parse(await readFile(join(root, ".devops", "deployments", "iam-audit.json"), "utf8"));
    expect(audit.entries).toEqual([
      expect.objectContaining({
        environment: "test",
        outcome: "granted",
        actions: ["logs:DescribeLogGroups"],
        policy_version_before: "v1",
        policy_version_after: "v2",
        approved_by: "not_required",
      }),
    ]);
    await enforceIam(false);
    const iam = new IAMClient({
      endpoint: server.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    const arn = `arn:aws:iam::${ACCOUNT}:policy/shop-test-deploy`;
    const version = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId!;
    const document = JSON.parse(
      decodeURIComponent(
        (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }))).PolicyVersion!.Document!,
      ),
    );
    expect(document.Statement).toEqual(
      expect.arrayContaining([
        { Sid: "Logs", Effect: "Allow", Action: DEPLOY_ACTIONS, Resource: "*" },
        expect.objectContaining({
          Sid: expect.stringMatching(/^DevopsAutoGrant/),
          Action: expect.arrayContaining(["logs:DescribeLogGroups"]),
        }),
      ]),
    );
    const logs = new CloudWatchLogsClient({
      endpoint: server.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    expect(
      (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "shop-test-app" }))).logGroups?.map(
        (g) => g.logGroupName,
      ),
    ).toEqual(["shop-test-app"]);

    const log = JSON.parse(await readFile(join(root, ".devops", "deployments", "issue-log.json"), "utf8"));
    const issue = log.issues.find(
      (i: { error: { category: string; action: string } }) =>
        i.error.category === "permission" && i.error.action === "logs:DescribeLogGroups",
    );
    expect(issue.solutions).toEqual([
      expect.objectContaining({
        category: "permission_grant",
        success_rate: expect.objectContaining({ attempts: 1, successes: 1 }),
      }),
    ]);
    await enforceIam(true);
  }, 300_000);
});
