// ops audit against a real moto server: IAM policies, access keys, S3 bucket settings, security
// groups, Lambda runtimes and CloudTrail seeded with SDK calls, the project's resources recorded in the
// registry; Cost Explorer seeded through moto's static results or left empty (then the estimate).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient, type Runtime } from "@aws-sdk/client-lambda";
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { beforeEach, describe, expect, it } from "vitest";
import { createContext } from "../../src/core/context.js";
import type { StateResource } from "../../src/core/handler-contract.js";
import { MemoryIoHost } from "../../src/core/io.js";
import { audit } from "../../src/managers/ops-audit.js";
import { buildRegistry, registryPaths, writeRegistry } from "../../src/records/registry.js";
import { seedAccountControls } from "../helpers/account-controls.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { fixturePath } from "../helpers/project.js";

const moto = useMoto();
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const PREFIX = "shop-api-test";
const TAGS = { Project: "shop", Environment: "test" };
let project: InfraProject;

const sdk = () => ({
  endpoint: moto().endpoint,
  region: REGION,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  forcePathStyle: true,
});
const json = (value: unknown) => JSON.stringify(value);

async function useProject(extra: Record<string, unknown> = {}): Promise<void> {
  project = await infraProject(sandboxConfig(moto().endpoint, extra));
}

beforeEach(async () => {
  await useProject();
});

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: project.env });
}

/** The manager with the audit's clock set: moto stamps keys and resources with the real time. */
async function auditAt(now: Date, focus?: "cost" | "security" | "compliance") {
  const ctx = createContext({ cwd: project.root, env: project.env, io: new MemoryIoHost(), clock: { now: () => now } });
  return audit(ctx, focus === undefined ? { env: "test" } : { env: "test", focus });
}

const aws = (type: string, name: string, values: Record<string, unknown>): StateResource => ({
  address: `${type}.${name}`,
  type,
  name,
  providerName: "registry.terraform.io/hashicorp/aws",
  values,
});

async function recordRegistry(resources: StateResource[]): Promise<void> {
  const registry = buildRegistry({
    environment: "test",
    project: "shop",
    resources,
    deploymentId: "d-1",
    now: new Date(),
    region: REGION,
    consoleUrl: () => undefined,
  });
  await writeRegistry(registryPaths(join(project.root, ".devops"), "test").registry, registry);
}

interface Stack {
  policy: string;
  groupId: string;
}

/** A role with a given inline policy, a customer-managed policy, a bucket, a security group and a function. */
async function seedStack(options: {
  policy: unknown;
  inline: unknown;
  ingressPort: number;
  runtime: Runtime;
  publicBucket: boolean;
}): Promise<Stack> {
  const iam = new IAMClient(sdk());
  const role = `${PREFIX}-app-role`;
  await iam.send(
    new CreateRoleCommand({
      RoleName: role,
      AssumeRolePolicyDocument: json({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
      Tags: Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: "app", PolicyDocument: json(options.inline) }));
  const policy = await iam.send(
    new CreatePolicyCommand({ PolicyName: `${PREFIX}-app-policy`, PolicyDocument: json(options.policy) }),
  );

  const s3 = new S3Client(sdk());
  const bucket = `${PREFIX}-assets`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  if (options.publicBucket) {
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: json({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` },
          ],
        }),
      }),
    );
  } else {
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
      }),
    );
  }

  const ec2 = new EC2Client(sdk());
  const group = await ec2.send(new CreateSecurityGroupCommand({ GroupName: `${PREFIX}-app`, Description: "app" }));
  const groupId = group.GroupId ?? "";
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [
        {
          IpProtocol: "tcp",
          FromPort: options.ingressPort,
          ToPort: options.ingressPort,
          IpRanges: [{ CidrIp: "0.0.0.0/0" }],
        },
      ],
    }),
  );

  await new LambdaClient(sdk()).send(
    new CreateFunctionCommand({
      FunctionName: `${PREFIX}-api`,
      Runtime: options.runtime,
      Role: `arn:aws:iam::${ACCOUNT}:role/${role}`,
      Handler: "index.handler",
      Code: { ZipFile: await readFile(fixturePath("stacks", "aws-small", "lambda.zip")) },
    }),
  );

  await recordRegistry([
    aws("aws_iam_role", "app", { name: role, id: role, arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, tags: TAGS }),
    aws("aws_iam_policy", "app", {
      name: `${PREFIX}-app-policy`,
      id: policy.Policy?.Arn,
      arn: policy.Policy?.Arn,
      tags: TAGS,
    }),
    aws("aws_s3_bucket", "assets", { bucket, id: bucket, arn: `arn:aws:s3:::${bucket}`, tags: TAGS }),
    aws("aws_security_group", "app", {
      name: `${PREFIX}-app`,
      id: groupId,
      arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${groupId}`,
      tags: TAGS,
    }),
    aws("aws_lambda_function", "api", {
      function_name: `${PREFIX}-api`,
      id: `${PREFIX}-api`,
      arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${PREFIX}-api`,
      runtime: options.runtime,
      memory_size: 128,
      tags: TAGS,
    }),
  ]);
  return { policy: policy.Policy?.Arn ?? "", groupId };
}

async function trail(logging: boolean): Promise<void> {
  await new S3Client(sdk()).send(new CreateBucketCommand({ Bucket: "org-trail-logs" }));
  const cloudtrail = new CloudTrailClient(sdk());
  await cloudtrail.send(
    new CreateTrailCommand({ Name: "org-trail", S3BucketName: "org-trail-logs", IsMultiRegionTrail: true }),
  );
  if (logging) await cloudtrail.send(new StartLoggingCommand({ Name: "org-trail" }));
}

async function passwordPolicy(): Promise<void> {
  await new IAMClient(sdk()).send(
    new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, PasswordReusePrevention: 24 }),
  );
}

const RISKY = {
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
  inline: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] },
  ingressPort: 22,
  runtime: "python3.8" as Runtime,
  publicBucket: true,
};
const CLEAN = {
  policy: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${PREFIX}-api:*`,
      },
    ],
  },
  inline: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${PREFIX}-assets/*` }],
  },
  ingressPort: 443,
  runtime: "python3.12" as Runtime,
  publicBucket: false,
};

const byId = (checks: { id: string; status: string; resource?: string }[], id: string) =>
  checks.filter((c) => c.id === id).map((c) => c.status);

describe("security", () => {
  it("fails (exit 4) on Action *, a public bucket, SSH open to the world and python3.8, and writes the report", async () => {
    await seedStack(RISKY);
    await trail(false);

    const run = await cli("ops", "audit", "--env", "test", "--focus", "security");

    expect(run.exitCode).toBe(4);
    const { data } = run.json();
    expect(run.json()).toMatchObject({ ok: true, status: "failed", environment: "test" });
    expect(byId(data.checks, "security.iam-policy").sort()).toEqual(["fail", "fail"]);
    expect(
      data.checks.find(
        (c: { id: string; resource?: string }) => c.id === "security.iam-policy" && /inline/.test(c.resource ?? ""),
      ),
    ).toMatchObject({
      resource: `${PREFIX}-app-role/app (inline)`,
      detail: expect.stringContaining("every action of s3:*"),
    });
    expect(byId(data.checks, "security.s3-public")).toEqual(["fail"]);
    expect(byId(data.checks, "security.s3-encryption")).toEqual(["fail"]);
    expect(byId(data.checks, "security.sg-open-ingress")).toEqual(["fail"]);
    expect(byId(data.checks, "security.lambda-runtime")).toEqual(["fail"]);
    expect(data.checks.find((c: { id: string }) => c.id === "account.cloudtrail")).toMatchObject({
      area: "account",
      status: "warn",
      detail:
        'CloudTrail is off: none of org-trail is logging (reported, not enforced: audit.account_controls is "report")',
    });
    expect(data.skipped.map((s: { check: string }) => s.check)).toContain("security.rds-encryption");
    const written = JSON.parse(await readFile(data.report.json, "utf8"));
    expect(written).toMatchObject({
      environment: "test",
      account: ACCOUNT,
      focus: "security",
      verdict: "fail",
      summary: data.summary,
    });
    expect(data.report.json).toMatch(/\.devops\/audits\/test\/\d{8}T\d{6}Z-audit\.json$/);
    const markdown = await readFile(data.report.markdown, "utf8");
    expect(markdown).toContain("# Audit - test");
    expect(markdown).toMatch(
      /\| FAIL \| security \| Security group not open to the world on non-web ports \| shop-api-test-app \(sg-/,
    );
  }, 60_000);

  it("passes a scoped policy, a private encrypted bucket, HTTPS only, a current runtime and a logging trail", async () => {
    await seedStack(CLEAN);
    await trail(true);
    await passwordPolicy();
    await seedAccountControls(sdk(), ACCOUNT);

    const run = await cli("ops", "audit", "--env", "test", "--focus", "security");

    const { data } = run.json();
    expect(data.checks.filter((c: { status: string }) => c.status !== "pass")).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.json().status).toBe("passed");
    expect(data.checks.map((c: { id: string }) => c.id).sort()).toEqual([
      "account.cloudtrail",
      "account.config-recorder",
      "account.guardduty",
      "account.password-policy",
      "account.s3-public-access-block",
      "security.access-key-age",
      "security.iam-policy",
      "security.iam-policy",
      "security.lambda-runtime",
      "security.s3-encryption",
      "security.s3-public",
      "security.sg-open-ingress",
    ]);
  }, 60_000);

  it("fails an access key older than 180 days (moto stamps keys now, so the audit's clock runs 200 days ahead)", async () => {
    const iam = new IAMClient(sdk());
    await iam.send(new CreateUserCommand({ UserName: "ci" }));
    await iam.send(new CreateAccessKeyCommand({ UserName: "ci" }));
    await iam.send(new CreateUserCommand({ UserName: "deployer" }));

    const result = await auditAt(new Date(Date.now() + 200 * 86_400_000), "security");

    expect(result.verdict).toBe("fail");
    expect(result.data.checks.filter((c) => c.id === "security.access-key-age")).toEqual([
      expect.objectContaining({
        status: "fail",
        resource: expect.stringMatching(/^ci \(key ending \w{4}\)$/),
        detail: expect.stringMatching(/^active key is 20\d days old/),
      }),
    ]);
  }, 60_000);

  it("audits a tagged function the registry does not hold (found by tags)", async () => {
    await trail(true);
    const iam = new IAMClient(sdk());
    await iam.send(
      new CreateRoleCommand({
        RoleName: "legacy-role",
        AssumeRolePolicyDocument: json({ Version: "2012-10-17", Statement: [] }),
      }),
    );
    await new LambdaClient(sdk()).send(
      new CreateFunctionCommand({
        FunctionName: `${PREFIX}-legacy`,
        Runtime: "nodejs16.x",
        Role: `arn:aws:iam::${ACCOUNT}:role/legacy-role`,
        Handler: "index.handler",
        Code: { ZipFile: await readFile(fixturePath("stacks", "aws-small", "lambda.zip")) },
        Tags: TAGS,
      }),
    );

    const run = await cli("ops", "audit", "--env", "test", "--focus", "security");

    expect(run.exitCode).toBe(4);
    expect(run.json().data.scope).toEqual({ registryResources: 0, discoveredResources: 1 });
    expect(run.json().data.checks.find((c: { id: string }) => c.id === "security.lambda-runtime")).toMatchObject({
      status: "fail",
      resource: `${PREFIX}-legacy`,
    });
    expect(run.json().next[0].command).toBe("devops infra show-resources --env test --refresh");
  }, 60_000);

  it("prints failures first, each with its recommendation, for people", async () => {
    await seedStack(RISKY);
    await trail(false);

    const run = await runCli(["ops", "audit", "--env", "test"], { cwd: project.root, env: project.env });

    expect(run.exitCode).toBe(4);
    expect(run.stdout).toMatch(/^Audit of test \(account 123456789012\), all: FAIL — \d+ fail, \d+ warn, \d+ pass/);
    expect(run.stdout).toContain(
      "FAIL [security.lambda-runtime] shop-api-test-api: python3.8 is deprecated since 2024-10-14",
    );
    expect(run.stdout).toContain("→ move the function to a supported runtime version and redeploy");
    expect(run.stdout).toContain("Estimate from the registry and a price table");
    expect(run.stdout).toMatch(/Report: .*-audit\.json and .*-audit\.md/);
  }, 60_000);
});

describe("account-level controls", () => {
  it("an account without any account control: account-scope warnings, exit 0, advice for the account owner", async () => {
    await seedStack(CLEAN);

    const run = await cli("ops", "audit", "--env", "test", "--focus", "security");

    expect(run.exitCode).toBe(0);
    const { data } = run.json();
    expect(data.verdict).toBe("pass");
    expect(data.accountControls).toBe("report");
    const account = data.checks.filter((c: { area: string }) => c.area === "account");
    expect(account).toEqual([
      expect.objectContaining({
        id: "account.cloudtrail",
        status: "warn",
        detail: expect.stringContaining("no CloudTrail trail exists"),
      }),
      expect.objectContaining({ id: "account.guardduty", status: "warn" }),
      expect.objectContaining({ id: "account.config-recorder", status: "warn" }),
      expect.objectContaining({ id: "account.s3-public-access-block", status: "warn" }),
      expect.objectContaining({ id: "account.password-policy", status: "warn" }),
    ]);
    for (const check of account) expect(check.recommendation).toContain("not a change to this project's Terraform");
    expect(
      run
        .json()
        .next.map((n: { why: string }) => n.why)
        .join("\n"),
    ).not.toMatch(/Terraform code/);
    expect(data.skipped.map((s: { check: string }) => s.check)).not.toContain("account.guardduty");
  }, 60_000);

  it('with audit.account_controls "enforce" the missing trail fails the audit (exit 4)', async () => {
    await useProject({ audit: { account_controls: "enforce" } });
    await seedStack(CLEAN);
    await passwordPolicy();
    await seedAccountControls(sdk(), ACCOUNT);

    const run = await cli("ops", "audit", "--env", "test", "--focus", "security");

    expect(run.exitCode).toBe(4);
    expect(run.json().data.checks.filter((c: { status: string }) => c.status === "fail")).toEqual([
      expect.objectContaining({ id: "account.cloudtrail", area: "account", detail: "no CloudTrail trail exists" }),
    ]);
  }, 60_000);
});

describe("when AWS cannot be reached", () => {
  it("stops with exit 1 rather than passing an audit that checked nothing", async () => {
    const closed = new URL(moto().endpoint);
    closed.port = "9";
    await useProject({
      environments: { test: { endpoint: closed.origin, account_id: ACCOUNT, require_confirmation: false } },
    });

    const run = await cli("ops", "audit", "--env", "test", "--focus", "security");

    expect(run.exitCode).toBe(1);
    expect(run.json()).toMatchObject({
      ok: false,
      error: { code: "AWS_CREDENTIALS", suggestion: expect.stringContaining("start the local AWS emulator") },
    });
  }, 60_000);
});

describe("cost", () => {
  const NOW = new Date("2026-11-10T12:00:00Z");

  async function seedCostExplorer(results: unknown[]): Promise<void> {
    const response = await fetch(`${moto().endpoint}/moto-api/static/ce/cost-and-usage-results`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: json({ results }),
    });
    expect(response.status).toBe(201);
  }

  const usd = (amount: number) => ({ UnblendedCost: { Amount: String(amount), Unit: "USD" } });
  const days = (first: string, count: number) =>
    Array.from({ length: count }, (_, i) =>
      new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
    );

  it("reads Cost Explorer: month to date by service, projected over the month, daily trend; warns at 80 % of cost_threshold", async () => {
    await useProject({
      environments: {
        test: { endpoint: moto().endpoint, account_id: ACCOUNT, require_confirmation: false, cost_threshold: 100 },
      },
    });
    // moto hands queued results out in request order: the by-service month first, then the daily series.
    await seedCostExplorer([
      {
        ResultsByTime: [
          {
            TimePeriod: { Start: "2026-11-01", End: "2026-11-11" },
            Total: {},
            Groups: [
              { Keys: ["Amazon Elastic Container Service"], Metrics: usd(18) },
              { Keys: ["AWS Lambda"], Metrics: usd(9) },
            ],
            Estimated: true,
          },
        ],
      },
      {
        ResultsByTime: days("2026-10-27", 14).map((start, i, all) => ({
          TimePeriod: { Start: start, End: all[i + 1] ?? "2026-11-10" },
          Total: usd(i < 7 ? 2 : 3),
          Groups: [],
        })),
      },
    ]);

    const result = await auditAt(NOW, "cost");

    expect(result.data.cost).toMatchObject({
      source: "cost-explorer",
      scope: "account",
      period: { start: "2026-11-01", end: "2026-11-11" },
      monthToDate: 27,
      projectedMonthly: 81,
      limits: { cost_threshold: 100, max_monthly_cost: 1000 },
      drivers: [
        { name: "Amazon Elastic Container Service", amount: 18, share: 0.667 },
        { name: "AWS Lambda", amount: 9, share: 0.333 },
      ],
      trend: "rising",
      costExplorer: { used: true },
    });
    expect(result.data.cost?.daily).toHaveLength(14);
    expect(result.data.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      "cost.threshold:warn",
      "cost.max-monthly-cost:pass",
      "cost.trend:warn",
    ]);
    expect(result.verdict).toBe("pass");
  }, 60_000);

  it("estimates from the registry when Cost Explorer has no data, says so, and fails (exit 4) over the threshold", async () => {
    await useProject({
      environments: {
        test: { endpoint: moto().endpoint, account_id: ACCOUNT, require_confirmation: false, cost_threshold: 5 },
      },
    });
    await recordRegistry([
      aws("aws_ecs_service", "web", {
        name: `${PREFIX}-web`,
        id: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${PREFIX}/${PREFIX}-web`,
        desired_count: 2,
        launch_type: "FARGATE",
      }),
      aws("aws_ecs_task_definition", "web", {
        family: `${PREFIX}-web`,
        id: `${PREFIX}-web`,
        cpu: "256",
        memory: "512",
      }),
      aws("aws_lambda_function", "api", { function_name: `${PREFIX}-api`, id: `${PREFIX}-api`, memory_size: 128 }),
      aws("aws_cloudwatch_log_group", "api", { name: `/aws/lambda/${PREFIX}-api`, id: `/aws/lambda/${PREFIX}-api` }),
    ]);

    const run = await cli("ops", "audit", "--env", "test", "--focus", "cost");

    expect(run.exitCode).toBe(4);
    const { cost, checks } = run.json().data;
    expect(cost).toMatchObject({
      source: "estimate",
      scope: "project-resources",
      projectedMonthly: 19.17,
      costExplorer: { used: false, reason: "no cost data for this month yet" },
    });
    expect(cost.estimate.lines.map((l: { resource: string; monthly: number }) => [l.resource, l.monthly])).toEqual([
      [`${PREFIX}-web`, 18.02],
      [`${PREFIX}-api`, 0.62],
      [`/aws/lambda/${PREFIX}-api`, 0.53],
    ]);
    expect(cost.estimate.assumptions[0]).toMatch(/^Prices: us-east-1 on-demand list prices/);
    expect(cost.suggestions.join("\n")).toMatch(/retention period on \/aws\/lambda\/shop-api-test-api/);
    expect(checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual([
      "cost.threshold:fail",
      "cost.max-monthly-cost:pass",
    ]);
  }, 60_000);
});

describe("compliance", () => {
  it("fails resources missing a required tag and warns on names off the pattern", async () => {
    await useProject({ tagging: { required: ["Project", "Environment", "Owner"], defaults: { ManagedBy: "devops" } } });
    await recordRegistry([
      aws("aws_lambda_function", "api", {
        function_name: `${PREFIX}-api`,
        id: `${PREFIX}-api`,
        tags: { Project: "shop", Environment: "test", Owner: "team-a", ManagedBy: "devops" },
      }),
      aws("aws_s3_bucket", "legacy", {
        bucket: "legacy-uploads",
        id: "legacy-uploads",
        tags: { Project: "shop", Environment: "test" },
      }),
    ]);

    const run = await cli("ops", "audit", "--env", "test", "--focus", "compliance");

    expect(run.exitCode).toBe(4);
    const checks = run
      .json()
      .data.checks.map((c: { id: string; status: string; resource: string }) => `${c.id}:${c.status}:${c.resource}`);
    expect(checks).toEqual([
      `compliance.naming:pass:${PREFIX}-api (aws_lambda_function.api)`,
      "compliance.naming:warn:legacy-uploads (aws_s3_bucket.legacy)",
      `compliance.required-tags:pass:${PREFIX}-api (aws_lambda_function.api)`,
      "compliance.required-tags:fail:legacy-uploads (aws_s3_bucket.legacy)",
      `compliance.default-tags:pass:${PREFIX}-api (aws_lambda_function.api)`,
      "compliance.default-tags:warn:legacy-uploads (aws_s3_bucket.legacy)",
    ]);
  }, 60_000);
});
