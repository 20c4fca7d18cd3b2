import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { evaluateToolUse } from "../../../src/managers/tool-gate.js";
import { projectWith, tempDir, userGuideConfig } from "../../helpers/project.js";

// The documented config (prod requires a human approval, test does not; profiles
// my-project-{prod,test,discover}-deploy) with its Terraform module in infrastructure/terraform.
let project: string;
const MODULE = "infrastructure/terraform";
const TF = `terraform -chdir=${MODULE}`;
const PROD = "--profile my-project-prod-deploy";

async function selectWorkspace(dir: string, workspace: string | undefined): Promise<void> {
  await mkdir(join(dir, MODULE, ".terraform"), { recursive: true });
  const file = join(dir, MODULE, ".terraform/environment");
  if (workspace === undefined) await rm(file, { force: true });
  else await writeFile(file, `${workspace}\n`);
}

beforeEach(async () => {
  project = await projectWith(await userGuideConfig());
  await selectWorkspace(project, "prod");
});

async function decide(command: string, options: { cwd?: string; env?: Record<string, string>; mode?: string } = {}) {
  const cwd = options.cwd ?? project;
  const ctx = createContext({ cwd, env: options.env ?? {}, io: new MemoryIoHost() });
  return evaluateToolUse(ctx, {
    cwd,
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command },
    ...(options.mode === undefined ? {} : { permission_mode: options.mode }),
  });
}

describe("the production gate: raw terraform and tofu", () => {
  it.each([
    [`cd ${MODULE} && terraform apply`, 'terraform apply changes the Terraform state of "prod" (workspace "prod" in'],
    [`${TF} apply -auto-approve`, 'terraform apply changes the Terraform state of "prod"'],
    [`${TF} destroy`, "terraform destroy"],
    [`${TF} import aws_s3_bucket.b b`, "terraform import"],
    [`${TF} state rm aws_s3_bucket.b`, "terraform state rm"],
    [`${TF} state mv aws_s3_bucket.a aws_s3_bucket.b`, "terraform state mv"],
    [`${TF} state push backup.tfstate`, "terraform state push"],
    [`${TF} state replace-provider a b`, "terraform state replace-provider"],
    [`${TF} taint aws_s3_bucket.b`, "terraform taint"],
    [`${TF} untaint aws_s3_bucket.b`, "terraform untaint"],
    [`${TF} force-unlock 1234`, "terraform force-unlock"],
    [`${TF} refresh`, "terraform refresh"],
    [`${TF} init -migrate-state`, "terraform init"],
    [`tofu -chdir=${MODULE} apply`, "tofu apply"],
    [`/usr/local/bin/terraform -chdir=${MODULE} apply`, "terraform apply"],
    [`${TF} $VERB`, "the subcommand is only known when the shell runs"],
    [`terraform -chdir=$DIR apply`, "-chdir is only known when the shell runs"],
    [`cd $DIR && terraform apply`, "a cd hides which Terraform directory"],
    [`TF_WORKSPACE=$W ${TF} apply`, "the workspace is only known when it runs"],
  ])("asks for %j in the prod workspace", async (command, reason) => {
    const result = await decide(command);

    expect(result).toMatchObject({ decision: "ask", reason: expect.stringContaining(reason) });
  });

  it.each([
    ["TF_WORKSPACE on the call", `TF_WORKSPACE=prod ${TF} apply`],
    ["TF_WORKSPACE exported first", `export TF_WORKSPACE=prod; ${TF} apply`],
    ["TF_WORKSPACE that may not be exported", `TF_WORKSPACE=prod; ${TF} apply`],
    ["a workspace selected earlier in the command", `${TF} workspace select prod && ${TF} apply`],
    ["the named workspace of a delete", `${TF} workspace delete prod`],
    ["an alias of the environment as the workspace", `TF_WORKSPACE=production ${TF} destroy`],
  ])("asks for %s from the test workspace", async (_what, command) => {
    await selectWorkspace(project, "test");

    expect((await decide(command)).decision).toBe("ask");
  });

  it("asks when the shell's own TF_WORKSPACE is prod", async () => {
    await selectWorkspace(project, "test");

    expect((await decide(`${TF} apply`, { env: { TF_WORKSPACE: "prod" } })).decision).toBe("ask");
  });

  it("asks for a non-exported TF_WORKSPACE=test while the module is in prod", async () => {
    expect((await decide(`TF_WORKSPACE=test; ${TF} apply`)).decision).toBe("ask");
  });

  it.each([
    ["the test workspace", "test", `${TF} apply -auto-approve`],
    ["the default workspace (no environment uses it)", undefined, `${TF} destroy`],
    ["TF_WORKSPACE=test on the call", "prod", `TF_WORKSPACE=test ${TF} apply`],
    ["a read-only command", "prod", `${TF} plan -destroy`],
    ["state list", "prod", `${TF} state list`],
    ["help", "prod", `${TF} apply -help`],
    ["a module that is not the project's", "prod", "terraform -chdir=/tmp/scratch apply"],
  ])("stays out of the way for %s", async (_what, workspace, command) => {
    await selectWorkspace(project, workspace);

    expect(await decide(command)).toMatchObject({ decision: "none" });
  });

  it("stays out of the way where no environment requires approval", async () => {
    const config = await userGuideConfig();
    config.environments.prod.require_confirmation = false;
    const relaxed = await projectWith(config);
    await selectWorkspace(relaxed, "prod");

    expect((await decide(`${TF} apply`, { cwd: relaxed })).decision).toBe("none");
  });

  it("asks when workspaces are off, since the workspace then names no environment", async () => {
    const config = await userGuideConfig();
    config.handlers.iac.terraform.workspace = false;
    config.handlers.iac.terraform.backend.key = "{environment}/terraform.tfstate";
    const unworkspaced = await projectWith(config);
    await selectWorkspace(unworkspaced, undefined);

    expect((await decide(`${TF} apply`, { cwd: unworkspaced })).decision).toBe("ask");
  });
});

describe("the production gate: raw aws calls", () => {
  it.each([
    `aws s3 rm s3://b/x ${PROD}`,
    `aws s3 cp ./x s3://b/x ${PROD}`,
    "aws s3 sync ./site s3://b --profile=my-project-prod-deploy",
    `aws s3 mv s3://b/a s3://b/c ${PROD}`,
    `aws s3 rb s3://b --force ${PROD}`,
    `aws s3api put-object --bucket b --key k ${PROD}`,
    `aws s3api delete-bucket --bucket b ${PROD}`,
    "AWS_PROFILE=my-project-prod-deploy aws ec2 terminate-instances --instance-ids i-1",
    "export AWS_PROFILE=my-project-prod-deploy; aws lambda update-function-code --function-name f --zip-file fileb://x.zip",
    `aws ${PROD} ecs update-service --cluster c --service s --force-new-deployment`,
    "aws iam attach-role-policy --role-name r --policy-arn arn:aws:iam::aws:policy/x --profile my-project-discover-deploy",
    "aws s3 rm s3://b/x --profile $P",
    "AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=y aws s3 rm s3://b/x",
    `aws lambda $OP --function-name f ${PROD}`,
  ])("asks for %j", async (command) => {
    const result = await decide(command);

    expect(result, JSON.stringify(result)).toMatchObject({ decision: "ask" });
  });

  it("names the profile and its environment", async () => {
    expect(await decide(`aws s3 rm s3://b/x ${PROD}`)).toMatchObject({
      reason:
        'aws s3 rm changes AWS resources with the profile "my-project-prod-deploy" of "prod", which requires a human approval',
    });
  });

  it("asks when the shell's own AWS_PROFILE is prod's", async () => {
    expect((await decide("aws s3 rm s3://b/x", { env: { AWS_PROFILE: "my-project-prod-deploy" } })).decision).toBe(
      "ask",
    );
  });

  it.each([
    `aws s3 ls ${PROD}`,
    `aws s3 cp s3://b/x ./x ${PROD}`,
    `aws ec2 describe-instances ${PROD}`,
    `aws logs tail /aws/lambda/f ${PROD}`,
    `aws cloudwatch get-metric-data --cli-input-json file://q.json ${PROD}`,
    `aws ecs list-services --cluster c ${PROD}`,
    `aws sts get-caller-identity ${PROD}`,
    `aws ec2 wait instance-running ${PROD}`,
    `aws ec2 terminate-instances help ${PROD}`,
    "aws s3 rm s3://b/x --profile my-project-test-deploy",
    "aws s3 rm s3://b/x --profile someone-else",
    "aws s3 rm s3://b/x",
    "aws configure list",
  ])("stays out of the way for %j", async (command) => {
    expect(await decide(command)).toMatchObject({ decision: "none" });
  });

  it("stays out of the way for prod's profile where no environment requires approval", async () => {
    const config = await userGuideConfig();
    config.environments.prod.require_confirmation = false;
    const relaxed = await projectWith(config);

    expect((await decide(`aws s3 rm s3://b/x ${PROD}`, { cwd: relaxed })).decision).toBe("none");
  });
});

describe("the production gate: permission modes", () => {
  it.each(["bypassPermissions", "dontAsk", "auto", "a-mode-from-the-future"])(
    "denies what it would ask in %s, where nobody is asked",
    async (mode) => {
      const result = await decide("devops infra deploy --env prod", { mode });

      expect(result).toMatchObject({
        decision: "deny",
        reason: expect.stringMatching(
          new RegExp(`^devops infra deploy targets "prod".*permission mode "${mode}" cannot ask a person`),
        ),
      });
    },
  );

  it.each(["default", "manual", "acceptEdits", "plan", undefined])("asks in %s", async (mode) => {
    expect((await decide(`${TF} apply`, { mode })).decision).toBe("ask");
  });

  it("stays out of the way for unrelated work in bypassPermissions", async () => {
    expect(await decide("ls -la", { mode: "bypassPermissions" })).toEqual({ decision: "none", invocations: [] });
  });

  it("denies an unreadable Bash input in bypassPermissions", async () => {
    const ctx = createContext({ cwd: await tempDir(), env: {}, io: new MemoryIoHost() });

    const result = await evaluateToolUse(ctx, {
      tool_name: "Bash",
      permission_mode: "bypassPermissions",
      tool_input: {},
    });

    expect(result.decision).toBe("deny");
  });
});
