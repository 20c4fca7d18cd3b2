// The permission manager against the moto server: grants written into a dedicated statement of the
// deploy user's customer-managed policy (5-version limit handled), idempotence, the audit trail, drift,
// and the plan-bound approval of confirmation-requiring environments (a person's signature of the
// plan's statement), including a red-team set of attempts that must each leave the policy and the
// audit trail exactly as they were. (moto does not enforce IAM; what is tested here is what gets
// written, and when.)
import { access, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
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
  SetDefaultPolicyVersionCommand,
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
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { enrolPerson, guessingAskpass, personalKey, signAsPerson, type Person } from "../helpers/person.js";

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
let person: Person;
let iam: IAMClient;
let attempts = 0;

const policyArn = (env: string) => `arn:aws:iam::${ACCOUNT}:policy/shop-api-${env}-deploy`;

afterAll(() => {
  console.log(
    `red team: ${attempts} attempts to grant in a confirmation-requiring environment without a fitting approval; every one left the policy as it was and audited no grant`,
  );
});

/**
 * A deploy user per environment with its policy; test's policy already has all 5 versions, v1 the
 * default. Alice is the project's approver (her key, her passphrase, her trust folder).
 */
beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
  person = await enrolPerson(project.trust, "alice");
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
    trust: project.trust,
    ...(clock === undefined ? {} : { clock: { now: () => clock } }),
  });
}

/** The CLI in-process with --json, sharing the project's trust folder (Alice's approvers and state). */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: { ...project.env, ...env }, trust: project.trust });
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
  const text = await readFile(join(project.root, ".devops", "deployments", "iam-audit.json"), "utf8").catch(
    () => undefined,
  );
  return text === undefined ? [] : JSON.parse(text).entries;
}

function planPath(env: string, plan: string): string {
  return join(project.root, ".devops", "plans", env, `${plan}.json`);
}

async function editPlan(env: string, plan: string, change: (record: Record<string, any>) => void): Promise<void> {
  const record = JSON.parse(await readFile(planPath(env, plan), "utf8"));
  change(record);
  await writeFile(planPath(env, plan), JSON.stringify(record));
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

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

/** A policy no grant has touched: only the version it was created with. */
const untouched = { ids: ["v1"], default: "v1" };

describe("environments that require confirmation", () => {
  it("protected staging: needs_confirmation naming the statement to sign, nothing written; the person's signature then applies exactly that grant", async () => {
    const asked = await grant({ env: "staging", action: "s3:PutObject" });
    const planId = asked.data.planId!;

    expect(asked.status).toBe("needs_confirmation");
    expect(asked.data.approval).toEqual({
      statement: join(project.root, ".devops", "plans", "staging", `${planId}.approval`),
      signature: join(project.root, ".devops", "plans", "staging", `${planId}.approval.sig`),
      sign: `devops approval sign --env staging --plan ${planId}`,
      command: `devops infra permissions grant --env staging --action s3:PutObject --plan ${planId}`,
      expiresAt: expect.any(String),
      approvers: project.trust.approvers[0],
    });
    expect((asked.next ?? []).map((step) => step.command)).toEqual([
      asked.data.approval!.sign,
      asked.data.approval!.command,
    ]);
    expect(await versions("staging")).toEqual(untouched);

    await signAsPerson(person, asked.data.approval!.statement);
    const applied = await grant({ env: "staging", action: "s3:PutObject", plan: planId });

    expect(applied).toMatchObject({ status: "granted", data: { versionAfter: "v2" } });
    expect((await defaultDocument("staging")).Statement.at(-1)).toMatchObject({
      Sid: "DevopsAutoGrantS3",
      Resource: ["arn:aws:s3:::shop-api-staging-*/*", "arn:aws:s3:::shop-api-staging-*"],
    });
    expect((await auditEntries()).map((e) => [e.outcome, e.approved_by, e.plan_id])).toEqual([
      ["needs_confirmation", null, planId],
      ["granted", "signature", planId],
    ]);
  }, 30_000);

  it("a person at the terminal may approve instead, signing there, and decline", async () => {
    const declined = await grant({ env: "prod", action: "sqs:CreateQueue", approver: async () => false });
    expect(declined.status).toBe("cancelled");
    expect(await versions("prod")).toEqual(untouched);

    // Alice at her terminal: after her yes, ssh-keygen asks her for her passphrase.
    const approved = await grant(
      {
        env: "prod",
        action: "sqs:CreateQueue",
        approver: async (request) =>
          request.environment === "prod" &&
          request.signature === true &&
          request.resources[0] === `arn:aws:sqs:us-east-1:${ACCOUNT}:shop-api-prod-*`,
      },
      context({ env: person.env }),
    );

    expect(approved).toMatchObject({ status: "granted", data: { versionAfter: "v2" } });
    expect((await auditEntries()).at(-1)).toMatchObject({ outcome: "granted", approved_by: "signature" });
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

describe("the approved path through the CLI", () => {
  it("grant in prod stops with exit 3; Alice signs the statement; --plan then grants, audited as approved by signature", async () => {
    const asked = await cli(["infra", "permissions", "grant", "--env", "prod", "--action", "s3:PutObject"]);
    const { planId, approval } = asked.json().data;

    await signAsPerson(person, approval.statement);
    const applied = await cli([
      "infra",
      "permissions",
      "grant",
      "--env",
      "prod",
      "--action",
      "s3:PutObject",
      "--plan",
      planId,
    ]);

    expect(asked.exitCode).toBe(3);
    expect(asked.json()).toMatchObject({ ok: true, status: "needs_confirmation" });
    expect(asked.stdout).not.toMatch(/"code"/);
    expect(applied.exitCode).toBe(0);
    expect(applied.json()).toMatchObject({
      ok: true,
      status: "granted",
      data: { planId, versionBefore: "v1", versionAfter: "v2" },
    });
    expect(await versions("prod")).toEqual({ ids: ["v1", "v2"], default: "v2" });
    expect((await defaultDocument("prod")).Statement.at(-1)).toMatchObject({
      Sid: "DevopsAutoGrantS3",
      Action: ["s3:PutObject"],
      Resource: ["arn:aws:s3:::shop-api-prod-*/*", "arn:aws:s3:::shop-api-prod-*"],
    });
    expect((await auditEntries()).map((e) => [e.outcome, e.approved_by, e.plan_id])).toEqual([
      ["needs_confirmation", null, planId],
      ["granted", "signature", planId],
    ]);
  }, 60_000);
});

async function writeConfig(change: (config: Record<string, any>) => void): Promise<void> {
  const config = sandboxConfig(moto().endpoint) as Record<string, any>;
  change(config);
  await writeFile(join(project.root, ".devops", "devops.json"), JSON.stringify(config));
}

interface Outcome {
  status?: string;
  code?: string;
}

/** How a manager call ended: its status, or its error's code. */
function ended(work: Promise<{ status: string }>): Promise<Outcome> {
  return work.then(
    (result) => ({ status: result.status }),
    (error: { code: string }) => ({ code: error.code }),
  );
}

/** How a CLI run ended: its exit code with its status, or its error's code. */
function exited(run: CliRun): Outcome & { exitCode: number } {
  const json = run.json();
  return { exitCode: run.exitCode, ...(json.ok ? { status: json.status } : { code: json.error.code }) };
}

/**
 * One attempt to get a grant written without a fitting approval: it must end as expected, and leave
 * the deploy policy (versions, default version and its document) as `since`, and the audit trail with
 * its earlier entries as they were and no grant in the new ones.
 */
async function attempt(
  run: () => Promise<Outcome>,
  expected: Outcome & { exitCode?: number },
  env = "prod",
  since = untouched,
) {
  attempts += 1;
  const document = await defaultDocument(env);
  const audit = await auditEntries();

  const outcome = await run();

  expect(outcome).toEqual(expected);
  expect(await versions(env)).toEqual(since);
  expect(await defaultDocument(env)).toEqual(document);
  const after = await auditEntries();
  expect(after.slice(0, audit.length)).toEqual(audit);
  expect(after.slice(audit.length).filter((entry) => entry.outcome === "granted")).toEqual([]);
}

/** Asks for the approval of a grant: the plan id and the statement a person would sign. */
async function ask(env: string, action = "s3:PutObject", ctx = context()) {
  const asked = await grant({ env, action }, ctx);
  expect(asked.status).toBe("needs_confirmation");
  return {
    plan: asked.data.planId!,
    statement: asked.data.approval!.statement,
    signature: asked.data.approval!.signature,
  };
}

/** Asks, and Alice signs: a valid approval of exactly that grant. */
async function askSigned(env: string, action = "s3:PutObject") {
  const asked = await ask(env, action);
  await signAsPerson(person, asked.statement);
  return asked;
}

describe("red team: getting around the confirmation", () => {
  it.each(["prod", "Production", "PROD", "live"])(
    "--env %s asks for confirmation",
    async (word) => {
      await attempt(() => ended(grant({ env: word, action: "s3:PutObject" })), { status: "needs_confirmation" });
    },
    30_000,
  );

  it.each([[{ DEVOPS_AUTO_APPROVE: "true", CI: "true" }], [{ DEVOPS_CONFIRM: "yes", AWS_PROFILE: "admin" }]])(
    "environment variables %j change nothing",
    async (env) => {
      await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject" }, context({ env }))), {
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

    await attempt(
      () => ended(grant({ env: "staging", action: "s3:PutObject" })),
      { status: "needs_confirmation" },
      "staging",
    );
  }, 30_000);

  it("a made-up signature is refused, and --confirm is no flag any more", async () => {
    const { plan, signature } = await ask("prod");
    await writeFile(
      signature,
      "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg\n-----END SSH SIGNATURE-----\n",
    );

    await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject", plan })), {
      code: "APPROVAL_SIGNATURE_INVALID",
    });
    await attempt(
      async () =>
        exited(
          await cli([
            "infra",
            "permissions",
            "grant",
            "--env",
            "prod",
            "--action",
            "s3:PutObject",
            "--plan",
            plan,
            "--confirm",
            "ABCDE-FGHJK",
          ]),
        ),
      { exitCode: 2, code: "FLAG_UNKNOWN" },
    );
  }, 30_000);

  it("an approval signed for staging does not approve prod: neither its plan id nor its signature", async () => {
    const staging = await askSigned("staging");
    const prod = await ask("prod");
    await writeFile(prod.signature, await readFile(`${staging.statement}.sig`, "utf8"));

    await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject", plan: staging.plan })), {
      code: "PLAN_NOT_FOUND",
    });
    await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject", plan: prod.plan })), {
      code: "APPROVAL_SIGNATURE_INVALID",
    });
  }, 30_000);

  it("an approval signed for one action does not approve another", async () => {
    const { plan } = await askSigned("prod", "s3:PutObject");

    await attempt(() => ended(grant({ env: "prod", action: "iam:CreateRole", plan })), {
      code: "CONFIRMATION_MISMATCH",
    });
  }, 30_000);

  it("an approval with another resource is refused", async () => {
    const { plan } = await askSigned("prod");

    await attempt(
      () => ended(grant({ env: "prod", action: "s3:PutObject", resource: "arn:aws:s3:::shop-api-prod-x/y", plan })),
      { code: "CONFIRMATION_MISMATCH" },
    );
  }, 30_000);

  it("a signature of another plan's statement, copied to this plan, is refused", async () => {
    const first = await askSigned("prod");
    const second = await ask("prod", "sqs:CreateQueue");
    await writeFile(second.signature, await readFile(`${first.statement}.sig`, "utf8"));

    await attempt(() => ended(grant({ env: "prod", action: "sqs:CreateQueue", plan: second.plan })), {
      code: "APPROVAL_SIGNATURE_INVALID",
    });
  }, 30_000);

  it("a plan record edited after it was signed is refused", async () => {
    const { plan } = await askSigned("prod");
    await editPlan("prod", plan, (record) => (record.grant.resources = ["*"]));

    await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject", plan })), { code: "PLAN_CHANGED" });
  }, 30_000);

  it("an approval is used once: the plan is consumed, and the signature is remembered", async () => {
    const { plan } = await askSigned("prod");
    await grant({ env: "prod", action: "s3:PutObject", plan });
    const after = await versions("prod");

    await attempt(
      () => ended(grant({ env: "prod", action: "s3:PutObject", plan })),
      { status: "already_granted" },
      "prod",
      after,
    );
    await attempt(
      () => ended(grant({ env: "prod", action: "sqs:CreateQueue", plan })),
      { code: "PLAN_ALREADY_USED" },
      "prod",
      after,
    );
    // The policy rolled back to the approved base and the record reset: only the ledger of used
    // signatures (outside the project) still knows the approval was spent.
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn("prod"), VersionId: "v1" }));
    await editPlan("prod", plan, (record) => {
      delete record.consumed_at;
      delete record.outcome;
    });
    const rolledBack = await versions("prod");
    expect(rolledBack).toEqual({ ids: ["v1", "v2"], default: "v1" });

    await attempt(
      () => ended(grant({ env: "prod", action: "s3:PutObject", plan })),
      { code: "CONFIRMATION_USED" },
      "prod",
      rolledBack,
    );
  }, 30_000);

  it("an expired approval is asked for again (the old signature dropped); an expired plan is refused", async () => {
    const { plan, signature } = await askSigned("prod");

    await attempt(
      () =>
        ended(
          grant({ env: "prod", action: "s3:PutObject", plan }, context({ clock: new Date(Date.now() + 31 * 60_000) })),
        ),
      { status: "needs_confirmation" },
    );
    expect(await exists(signature)).toBe(false);
    await attempt(
      () =>
        ended(
          grant({ env: "prod", action: "s3:PutObject", plan }, context({ clock: new Date(Date.now() + 61 * 60_000) })),
        ),
      { code: "PLAN_EXPIRED" },
    );
  }, 30_000);

  it("a policy changed after the approval was signed is refused (the approved change no longer applies)", async () => {
    const { plan } = await askSigned("prod");
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
      () => ended(grant({ env: "prod", action: "s3:PutObject", plan })),
      { code: "GRANT_STALE" },
      "prod",
      changed,
    );
  }, 30_000);

  it("--plan without a signature asks again", async () => {
    const { plan } = await ask("prod");

    await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject", plan })), { status: "needs_confirmation" });
  }, 30_000);

  it("a signed plan rewritten as a remediation plan approves no grant", async () => {
    const { plan } = await askSigned("prod");
    await editPlan("prod", plan, (record) =>
      Object.assign(record, {
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

    await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject", plan })), { code: "PLAN_NOT_FOUND" });
  }, 30_000);
});

describe("red team: the caller approving its own grant in prod (issue 14)", () => {
  it("a signature with the caller's own key (not an approver's) is refused", async () => {
    const { plan, statement } = await ask("prod");
    const caller = await personalKey("caller");
    await signAsPerson(caller, statement);

    await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject", plan })), {
      code: "APPROVAL_SIGNATURE_INVALID",
    });
  }, 30_000);

  it("moving the approval's expiry in the plan record breaks the signature", async () => {
    const { plan, statement } = await askSigned("prod");
    const later = new Date(Date.now() + 31 * 60_000);
    await editPlan("prod", plan, (record) => {
      record.approval.expires_at = new Date(Date.now() + 24 * 60 * 60_000).toISOString();
    });
    // Also rewriting the statement file beside it changes nothing: the statement is rebuilt from the record.
    await writeFile(statement, (await readFile(statement, "utf8")).replace(/expires: .*/, "expires: 2099-01-01"));

    await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject", plan })), {
      code: "APPROVAL_SIGNATURE_INVALID",
    });
    await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject", plan }, context({ clock: later }))), {
      code: "APPROVAL_SIGNATURE_INVALID",
    });
  }, 30_000);

  it.each(["yes", ""])(
    "a program answering the terminal's yes (and %j at the passphrase prompt) cannot sign: APPROVAL_SIGNING_FAILED",
    async (guess) => {
      const driven = context({ env: await guessingAskpass(guess) });

      await attempt(() => ended(grant({ env: "prod", action: "s3:PutObject", approver: async () => true }, driven)), {
        code: "APPROVAL_SIGNING_FAILED",
      });
      const plans = join(project.root, ".devops", "plans", "prod");
      const [saved] = (await readdir(plans)).filter((name) => name.endsWith(".json"));
      expect(JSON.parse(await readFile(join(plans, saved!), "utf8")).consumed_at).toBeUndefined();
      expect(await exists(join(plans, saved!.replace(/\.json$/, ".approval.sig")))).toBe(false);
    },
    30_000,
  );

  it("replaying the needs_confirmation output (its sign step, then its command) approves nothing", async () => {
    const asked = await cli(["infra", "permissions", "grant", "--env", "prod", "--action", "s3:PutObject"]);
    const steps: string[] = asked.json().next.map((step: { command: string }) => step.command);
    const argv = (command: string) => command.split(" ").slice(1);
    const program = await guessingAskpass("yes");

    expect(asked.exitCode).toBe(3);
    expect(steps).toEqual([asked.json().data.approval.sign, asked.json().data.approval.command]);
    await attempt(async () => exited(await cli(argv(steps[0]!), program)), {
      exitCode: 2,
      code: "APPROVAL_SIGNING_FAILED",
    });
    await attempt(async () => exited(await cli(argv(steps[1]!), program)), {
      exitCode: 3,
      status: "needs_confirmation",
    });
    await attempt(async () => exited(await cli(argv(steps[1]!))), { exitCode: 3, status: "needs_confirmation" });
  }, 60_000);

  it("a second config making prod unconfirmed, once prod was used, is refused (TARGET_PROTECTED)", async () => {
    const used = await cli(["infra", "permissions", "grant", "--env", "prod", "--action", "s3:PutObject"]);
    const config = sandboxConfig(moto().endpoint) as Record<string, any>;
    config.environments.prod.require_confirmation = false;
    const alt = join(project.root, ".devops", "alt.json");
    await writeFile(alt, JSON.stringify(config, null, 2));

    expect(used.exitCode).toBe(3);
    await attempt(
      async () =>
        exited(
          await cli(["infra", "permissions", "grant", "--env", "prod", "--action", "s3:PutObject", "--config", alt]),
        ),
      { exitCode: 2, code: "TARGET_PROTECTED" },
    );
    await attempt(
      async () =>
        exited(
          await cli([
            "infra",
            "permissions",
            "grant",
            "--env",
            "prod",
            "--action",
            "s3:PutObject",
            "--plan",
            used.json().data.planId,
            "--config",
            alt,
          ]),
        ),
      { exitCode: 2, code: "TARGET_PROTECTED" },
    );
  }, 60_000);
});
