// The permission manager against the moto server: grants written into a dedicated statement of the
// deploy user's customer-managed policy (5-version limit handled), idempotence, the audit trail, drift,
// and the plan-bound confirmation of confirmation-requiring environments, including a red-team set of
// attempts that must each leave the policy exactly as it was. (moto does not enforce IAM; what is
// tested here is what gets written, and when.)
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyVersionCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListPolicyVersionsCommand,
} from "@aws-sdk/client-iam";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createContext, type Context } from "../../src/core/context.js";
import { MemoryIoHost } from "../../src/core/io.js";
import {
  autoGrant,
  permissionsAudit,
  permissionsGrant,
  permissionsList,
  type PermissionsGrantInput,
} from "../../src/managers/infra-permissions.js";
import { openProject } from "../../src/skills/project.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();
const ACCOUNT = "123456789012";
const BASE = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "TerraformStateAccess",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: ["arn:aws:s3:::shop-tf-state/*"],
    },
  ],
};
let project: InfraProject;
let iam: IAMClient;
let attempts = 0;

const policyArn = (env: string) => `arn:aws:iam::${ACCOUNT}:policy/shop-api-${env}-deploy`;

afterAll(() => {
  console.log(
    `red team: ${attempts} attempts to grant in a confirmation-requiring environment without a fitting approval; every one left the policy as it was`,
  );
});

/** A deploy user per environment with its policy; test's policy already has all 5 versions, v1 the default. */
beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
  iam = new IAMClient({
    region: "us-east-1",
    endpoint: moto().endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  for (const env of ["test", "staging", "prod"]) {
    await iam.send(new CreateUserCommand({ UserName: `shop-api-${env}-deployer` }));
    await iam.send(
      new CreatePolicyCommand({ PolicyName: `shop-api-${env}-deploy`, PolicyDocument: JSON.stringify(BASE) }),
    );
    await iam.send(new AttachUserPolicyCommand({ UserName: `shop-api-${env}-deployer`, PolicyArn: policyArn(env) }));
  }
  for (let i = 2; i <= 5; i++) {
    const older = {
      ...BASE,
      Statement: [...BASE.Statement, { Sid: `Old${i}`, Effect: "Allow", Action: "sqs:ListQueues", Resource: "*" }],
    };
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: policyArn("test"),
        PolicyDocument: JSON.stringify(older),
        SetAsDefault: false,
      }),
    );
  }
});

function context(options: { clock?: Date; env?: Record<string, string> } = {}): Context {
  const clock = options.clock;
  return createContext({
    cwd: project.root,
    env: { ...project.env, ...options.env },
    io: new MemoryIoHost(),
    ...(clock === undefined ? {} : { clock: { now: () => clock } }),
  });
}

const grant = (input: PermissionsGrantInput, ctx = context()) => permissionsGrant(ctx, input);

async function versions(env: string): Promise<{ ids: string[]; default: string }> {
  const answer = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn(env) }));
  const list = answer.Versions ?? [];
  return { ids: list.map((v) => v.VersionId!).sort(), default: list.find((v) => v.IsDefaultVersion)!.VersionId! };
}

async function defaultDocument(env: string): Promise<{ Statement: Array<Record<string, any>> }> {
  const policy = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn(env) }));
  const version = await iam.send(
    new GetPolicyVersionCommand({ PolicyArn: policyArn(env), VersionId: policy.Policy!.DefaultVersionId! }),
  );
  const text = version.PolicyVersion!.Document!;
  return JSON.parse(text.startsWith("%7B") ? decodeURIComponent(text) : text);
}

async function auditEntries(): Promise<Array<Record<string, any>>> {
  return JSON.parse(await readFile(join(project.root, ".devops", "deployments", "iam-audit.json"), "utf8")).entries;
}

describe("granting in an environment without confirmation", () => {
  it("writes s3:PutObject into DevopsAutoGrantS3, scoped to the environment, after deleting the oldest non-default version", async () => {
    const result = await grant({
      env: "test",
      action: "s3:PutObject",
      sourceError:
        "User: arn:aws:sts::123456789012:user/moto is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::shop-api-test-uploads/a.txt",
    });

    expect(result).toMatchObject({
      status: "granted",
      data: {
        policyArn: policyArn("test"),
        statementSid: "DevopsAutoGrantS3",
        versionBefore: "v1",
        versionAfter: "v6",
        prunedVersion: "v2",
      },
    });
    expect(await versions("test")).toEqual({ ids: ["v1", "v3", "v4", "v5", "v6"], default: "v6" });
    expect((await defaultDocument("test")).Statement).toEqual([
      BASE.Statement[0],
      {
        Sid: "DevopsAutoGrantS3",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: ["arn:aws:s3:::shop-api-test-*/*", "arn:aws:s3:::shop-api-test-*"],
      },
    ]);
  }, 30_000);

  it("a second identical grant changes nothing (already_granted)", async () => {
    await grant({ env: "test", action: "s3:PutObject" });
    const before = await versions("test");

    const again = await grant({ env: "test", action: "s3:PutObject" });

    expect(again.status).toBe("already_granted");
    expect(await versions("test")).toEqual(before);
  }, 30_000);

  it("audits every attempt with the versions and hashes before and after", async () => {
    await grant({
      env: "test",
      action: "s3:PutObject",
      reason: "upload step",
      sourceError: "AccessDenied with key AKIAIOSFODNN7EXAMPLE",
    });
    await grant({ env: "test", action: "s3:PutObject" });
    await grant({ env: "test", action: "s3:PutObject", resource: "arn:aws:s3:::shop-api-prod-uploads/x" }).catch(
      () => undefined,
    );

    const entries = await auditEntries();

    expect(
      entries.map((e) => [
        e.id.slice(11),
        e.environment,
        e.outcome,
        e.policy_version_before,
        e.policy_version_after,
        e.approved_by,
      ]),
    ).toEqual([
      ["001", "test", "granted", "v1", "v6", "not_required"],
      ["002", "test", "already_granted", "v6", null, "not_required"],
      ["003", "test", "refused", null, null, null],
    ]);
    expect(entries[0]).toMatchObject({
      account_id: ACCOUNT,
      target_identity: `arn:aws:sts::${ACCOUNT}:user/moto`,
      granted_by_profile: "(emulator)",
      policy_arn: policyArn("test"),
      statement_sid: "DevopsAutoGrantS3",
      actions: ["s3:PutObject"],
      resource_scope: ["arn:aws:s3:::shop-api-test-*/*", "arn:aws:s3:::shop-api-test-*"],
      reason: "upload step",
      pruned_version: "v2",
      source_error: "AccessDenied with key AKIA[REDACTED]",
    });
    expect(entries[0]!.policy_hash_before).not.toBe(entries[0]!.policy_hash_after);
    expect(entries[1]!.policy_hash_before).toBe(entries[0]!.policy_hash_after);
    expect(entries[2]!.error.code).toBe("GRANT_OUT_OF_SCOPE");
  }, 30_000);

  it("lists the policy with the auto-granted statement marked, and the environment's audit", async () => {
    await grant({ env: "test", action: "lambda:CreateFunction" });

    const listed = await permissionsList(context(), { env: "test" });

    expect(listed.data.policy).toMatchObject({ policyArn: policyArn("test"), defaultVersion: "v6", sizeLimit: 6144 });
    expect(listed.data.policy.statements.map((s) => [s.sid, s.autoGranted])).toEqual([
      ["TerraformStateAccess", false],
      ["DevopsAutoGrantLambda", true],
    ]);
    expect(listed.data.audit).toHaveLength(1);
  }, 30_000);

  it("the audit finds a grant removed from the policy out of band (drift)", async () => {
    await grant({ env: "test", action: "s3:PutObject" });
    expect((await permissionsAudit(context(), { env: "test" })).verdict).toBe("pass");
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn("test"), VersionId: "v3" }));
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: policyArn("test"),
        PolicyDocument: JSON.stringify(BASE),
        SetAsDefault: true,
      }),
    );

    const audited = await permissionsAudit(context(), {});

    expect(audited.verdict).toBe("fail");
    expect(audited.data.drift).toEqual([
      expect.objectContaining({
        environment: "test",
        statementSid: "DevopsAutoGrantS3",
        missingActions: ["s3:PutObject"],
      }),
    ]);
  }, 30_000);

  it("a corrupt audit trail stops the grant before the policy is touched, and stays as it was", async () => {
    const path = join(project.root, ".devops", "deployments", "iam-audit.json");
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, "{ not json");

    await expect(grant({ env: "test", action: "s3:PutObject" })).rejects.toMatchObject({ code: "RECORD_CORRUPT" });

    expect(await versions("test")).toEqual({ ids: ["v1", "v2", "v3", "v4", "v5"], default: "v1" });
    expect(await readFile(path, "utf8")).toBe("{ not json");
  }, 30_000);
});

describe("environments that require confirmation", () => {
  const untouched = { ids: ["v1"], default: "v1" };

  it("protected staging: needs_confirmation with a code, nothing written; the code then applies exactly that grant", async () => {
    const asked = await grant({ env: "staging", action: "s3:PutObject" });

    expect(asked.status).toBe("needs_confirmation");
    expect(asked.data.approval?.command).toBe(
      `devops infra permissions grant --env staging --action s3:PutObject --plan ${asked.data.planId} --confirm ${asked.data.approval?.code}`,
    );
    expect(await versions("staging")).toEqual(untouched);

    const applied = await grant({
      env: "staging",
      action: "s3:PutObject",
      plan: asked.data.planId!,
      confirm: asked.data.approval!.code,
    });

    expect(applied).toMatchObject({ status: "granted", data: { versionAfter: "v2" } });
    expect((await defaultDocument("staging")).Statement.at(-1)).toMatchObject({
      Sid: "DevopsAutoGrantS3",
      Resource: ["arn:aws:s3:::shop-api-staging-*/*", "arn:aws:s3:::shop-api-staging-*"],
    });
    expect((await auditEntries()).map((e) => [e.outcome, e.approved_by, e.plan_id])).toEqual([
      ["needs_confirmation", null, asked.data.planId],
      ["granted", "code", asked.data.planId],
    ]);
  }, 30_000);

  it("a person at the terminal may approve instead, and decline", async () => {
    const declined = await grant({ env: "prod", action: "sqs:CreateQueue", approver: async () => false });
    expect(declined.status).toBe("cancelled");
    expect(await versions("prod")).toEqual(untouched);

    const approved = await grant({
      env: "prod",
      action: "sqs:CreateQueue",
      approver: async (request) =>
        request.environment === "prod" && request.resources[0] === `arn:aws:sqs:us-east-1:${ACCOUNT}:shop-api-prod-*`,
    });

    expect(approved).toMatchObject({ status: "granted", data: { versionAfter: "v2" } });
    expect((await auditEntries()).at(-1)).toMatchObject({ outcome: "granted", approved_by: "terminal" });
  }, 30_000);

  it("autoGrant (the deploy loop) never writes there: needs_confirmation with the command to run", async () => {
    await writeConfig((config) => (config.environments.prod.auto_fix_permissions = true));
    const opened = await openProject(context());

    const outcome = await autoGrant(opened, opened.environment("prod"), {
      action: "logs:CreateLogGroup",
      sourceError: "AccessDeniedException: logs:CreateLogGroup",
      reason: "deploy failed",
    });

    expect(outcome).toMatchObject({
      outcome: "needs_confirmation",
      command: expect.stringContaining(
        "devops infra permissions grant --env prod --action logs:CreateLogGroup --plan ",
      ),
    });
    expect(await versions("prod")).toEqual(untouched);
  }, 30_000);

  it("autoGrant grants in test when auto_fix_permissions is on, and refuses when it is off", async () => {
    const off = await openProject(context());
    expect(
      await autoGrant(off, off.environment("test"), {
        action: "s3:PutObject",
        sourceError: "denied",
        reason: "deploy",
      }),
    ).toMatchObject({ outcome: "refused", error: { code: "AUTO_FIX_DISABLED" } });
    await writeConfig((config) => (config.environments.test.auto_fix_permissions = true));
    const on = await openProject(context());

    const refused = await autoGrant(on, on.environment("test"), {
      action: "s3:GetObject",
      principal: "arn:aws:sts::123456789012:assumed-role/shop-api-test-fn-role/fn",
      sourceError: "denied",
      reason: "deploy",
    });
    const granted = await autoGrant(on, on.environment("test"), {
      action: "s3:PutObject",
      sourceError: "denied",
      reason: "deploy",
    });

    expect(refused).toMatchObject({
      outcome: "refused",
      error: { code: "RUNTIME_PERMISSION", suggestion: expect.stringContaining("aws_iam_role_policy") },
    });
    expect(granted).toMatchObject({ outcome: "granted", auditEntry: expect.stringMatching(/^\d{4}-\d{2}-\d{2}-002$/) });
  }, 30_000);
});

async function writeConfig(change: (config: Record<string, any>) => void): Promise<void> {
  const config = sandboxConfig(moto().endpoint) as Record<string, any>;
  change(config);
  await writeFile(join(project.root, ".devops", "devops.json"), JSON.stringify(config));
}

describe("red team: getting around the confirmation", () => {
  const untouched = { ids: ["v1"], default: "v1" };

  async function attempt(
    run: () => Promise<unknown>,
    expected: { code?: string; status?: string },
    env = "prod",
    since = untouched,
  ): Promise<void> {
    attempts += 1;
    const outcome = await run().then(
      (result) => ({ status: (result as { status: string }).status }),
      (error: { code: string }) => ({ code: error.code }),
    );
    expect(outcome).toEqual(expected);
    expect(await versions(env)).toEqual(since);
  }

  async function askForCode(
    env: string,
    action = "s3:PutObject",
    ctx = context(),
  ): Promise<{ code: string; plan: string }> {
    const asked = await grant({ env, action }, ctx);
    expect(asked.status).toBe("needs_confirmation");
    return { code: asked.data.approval!.code, plan: asked.data.planId! };
  }

  it.each(["prod", "Production", "PROD", "live"])(
    "--env %s asks for confirmation",
    async (word) => {
      await attempt(() => grant({ env: word, action: "s3:PutObject" }), { status: "needs_confirmation" });
    },
    30_000,
  );

  it.each([[{ DEVOPS_AUTO_APPROVE: "true", CI: "true" }], [{ DEVOPS_CONFIRM: "yes", AWS_PROFILE: "admin" }]])(
    "environment variables %j change nothing",
    async (env) => {
      await attempt(() => grant({ env: "prod", action: "s3:PutObject" }, context({ env })), {
        status: "needs_confirmation",
      });
    },
    30_000,
  );

  it("require_confirmation: false and auto_approve do not switch off a protected environment", async () => {
    await writeConfig((config) =>
      Object.assign(config.environments.staging, {
        require_confirmation: false,
        auto_approve: true,
        auto_fix_permissions: true,
      }),
    );

    await attempt(() => grant({ env: "staging", action: "s3:PutObject" }), { status: "needs_confirmation" }, "staging");
  }, 30_000);

  it("a made-up code is refused", async () => {
    await attempt(() => grant({ env: "prod", action: "s3:PutObject", confirm: "ABCDE-FGHJK" }), {
      code: "CONFIRMATION_INVALID",
    });
  }, 30_000);

  it("a code issued for staging does not approve prod", async () => {
    const { code } = await askForCode("staging");

    await attempt(() => grant({ env: "prod", action: "s3:PutObject", confirm: code }), {
      code: "CONFIRMATION_MISMATCH",
    });
  }, 30_000);

  it("a code issued for one action does not approve another", async () => {
    const { code, plan } = await askForCode("prod", "s3:PutObject");

    await attempt(() => grant({ env: "prod", action: "iam:CreateRole", plan, confirm: code }), {
      code: "CONFIRMATION_MISMATCH",
    });
  }, 30_000);

  it("a code with another resource is refused", async () => {
    const { code, plan } = await askForCode("prod");

    await attempt(
      () =>
        grant({ env: "prod", action: "s3:PutObject", resource: "arn:aws:s3:::shop-api-prod-x/y", plan, confirm: code }),
      { code: "CONFIRMATION_MISMATCH" },
    );
  }, 30_000);

  it("a code presented with another plan id is refused", async () => {
    const first = await askForCode("prod");
    const second = await askForCode("prod", "sqs:CreateQueue");

    await attempt(() => grant({ env: "prod", action: "s3:PutObject", plan: second.plan, confirm: first.code }), {
      code: "CONFIRMATION_MISMATCH",
    });
  }, 30_000);

  it("an edited plan record is refused", async () => {
    const { code, plan } = await askForCode("prod");
    const path = join(project.root, ".devops", "plans", "prod", `${plan}.json`);
    const record = JSON.parse(await readFile(path, "utf8"));
    record.grant.resources = ["*"];
    await writeFile(path, JSON.stringify(record));

    await attempt(() => grant({ env: "prod", action: "s3:PutObject", plan, confirm: code }), {
      code: "CONFIRMATION_INVALID",
    });
  }, 30_000);

  it("a code is used once", async () => {
    const { code, plan } = await askForCode("prod");
    await grant({ env: "prod", action: "s3:PutObject", plan, confirm: code });
    const after = await versions("prod");

    await attempt(
      () => grant({ env: "prod", action: "s3:PutObject", plan, confirm: code }),
      { status: "already_granted" },
      "prod",
      after,
    );
    await attempt(
      () => grant({ env: "prod", action: "sqs:CreateQueue", plan, confirm: code }),
      { code: "CONFIRMATION_USED" },
      "prod",
      after,
    );
  }, 30_000);

  it("an expired code is refused", async () => {
    const { code, plan } = await askForCode("prod");

    await attempt(
      () =>
        grant(
          { env: "prod", action: "s3:PutObject", plan, confirm: code },
          context({ clock: new Date(Date.now() + 16 * 60_000) }),
        ),
      { code: "CONFIRMATION_EXPIRED" },
    );
  }, 30_000);

  it("a policy changed after the code was issued is refused (the approved change no longer applies)", async () => {
    const { code, plan } = await askForCode("prod");
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: policyArn("prod"),
        PolicyDocument: JSON.stringify({
          ...BASE,
          Statement: [...BASE.Statement, { Sid: "Other", Effect: "Allow", Action: "sns:ListTopics", Resource: "*" }],
        }),
        SetAsDefault: true,
      }),
    );
    const changed = await versions("prod");

    await attempt(
      () => grant({ env: "prod", action: "s3:PutObject", plan, confirm: code }),
      { code: "GRANT_STALE" },
      "prod",
      changed,
    );
  }, 30_000);

  it("--plan without --confirm asks again", async () => {
    const { plan } = await askForCode("prod");

    await attempt(() => grant({ env: "prod", action: "s3:PutObject", plan }), { status: "needs_confirmation" });
  }, 30_000);

  it("a code from a remediation plan does not approve a grant", async () => {
    const { code } = await askForCode("prod");
    const path = join(project.root, ".devops", "plans", "prod");
    const [file] = (await readdir(path)).filter((name) => name.endsWith(".json"));
    const record = JSON.parse(await readFile(join(path, file!), "utf8"));
    await writeFile(
      join(path, file!),
      JSON.stringify({
        ...record,
        kind: "remediation",
        remediation: {
          resource: { kind: "lambda_function", name: "f", arn: "a" },
          action: "restart",
          params: {},
          before: {},
          target: {},
          action_key: "lambda.restart",
          risk: "confirm",
          changes: [],
          description: "",
        },
      }),
    );

    await attempt(() => grant({ env: "prod", action: "s3:PutObject", confirm: code }), {
      code: "CONFIRMATION_INVALID",
    });
  }, 30_000);
});
