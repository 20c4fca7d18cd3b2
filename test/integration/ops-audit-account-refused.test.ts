// An account control whose read AWS refuses: moto enforcing IAM (after the few unauthenticated calls
// that create the auditing user), with that user denied every GuardDuty action. The audit must say
// what it could not read, as a warning, even under "enforce": never a crash, never a silent pass.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { afterEach, expect, it, vi } from "vitest";
import { runCli } from "../helpers/cli.js";
import { infraProject, sandboxConfig } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { tempDir } from "../helpers/project.js";

// CreateUser, CreateAccessKey and PutUserPolicy go through unauthenticated; every later call is checked.
const moto = useMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: "3" } });

afterEach(() => {
  vi.unstubAllEnvs();
});

async function auditorDeniedGuardDuty(): Promise<string> {
  const iam = new IAMClient({
    endpoint: moto().endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  await iam.send(new CreateUserCommand({ UserName: "auditor" }));
  const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: "auditor" }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: "auditor",
      PolicyName: "audit",
      PolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "*", Resource: "*" },
          { Effect: "Deny", Action: "guardduty:*", Resource: "*" },
        ],
      }),
    }),
  );
  const home = await tempDir("devops-aws-");
  const credentials = join(home, "credentials");
  await writeFile(
    credentials,
    `[auditor]\naws_access_key_id = ${key?.AccessKeyId}\naws_secret_access_key = ${key?.SecretAccessKey}\n`,
  );
  return credentials;
}

it("enforce: a refused GuardDuty read is a warning naming what could not be read, and the other controls are judged", async () => {
  const credentials = await auditorDeniedGuardDuty();
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", credentials);
  vi.stubEnv("AWS_CONFIG_FILE", join(credentials, "..", "config"));
  const config = sandboxConfig(moto().endpoint, { audit: { account_controls: "enforce" } });
  const environments = config.environments as Record<string, Record<string, unknown>>;
  environments.test = { ...environments.test, profile: "auditor" };
  const project = await infraProject(config);

  const run = await runCli(["ops", "audit", "--env", "test", "--focus", "security", "--json"], {
    cwd: project.root,
    env: { ...project.env, AWS_SHARED_CREDENTIALS_FILE: credentials },
  });

  const checks: { id: string; status: string; detail: string; recommendation: string }[] = run.json().data.checks;
  expect(checks.find((check) => check.id === "account.guardduty")).toMatchObject({
    status: "warn",
    title: "GuardDuty checked",
    // moto answers a JSON service's denial in XML, so the SDK reports a deserialisation error; the
    // HTTP 403 still makes it a refusal, and the recommendation names the permission.
    detail: expect.stringMatching(/^could not be checked: guardduty:ListDetectors failed in "test": /),
    recommendation: 'the credentials of "test" lack the permission for guardduty:ListDetectors',
  });
  expect(checks.find((check) => check.id === "account.config-recorder")).toMatchObject({ status: "fail" });
  expect(run.exitCode).toBe(4);
}, 60_000);
