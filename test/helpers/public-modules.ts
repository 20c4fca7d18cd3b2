// Public terraform-aws-modules examples (test/fixtures/public-modules) stand in for a team's existing stack:
// copied to a temporary folder and applied with plain Terraform against moto, before devops ever sees them.
import { cp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { fixturePath, tempDir } from "./project.js";
import { terraformEnv, testTools } from "./tools.js";

export interface PublicModule {
  /** Folder under test/fixtures/public-modules. */
  name: string;
  /** The example applied, relative to the folder (upstream paths are kept so `source` resolves unchanged). */
  root: string;
  /** The region the example's own provider block sets; an adopting config must use the same one. */
  region: string;
}

export const PUBLIC_MODULES = [
  { name: "iam-policy", root: "examples/iam-policy", region: "eu-west-1" },
  { name: "security-group-computed", root: "examples/computed", region: "eu-west-1" },
  { name: "security-group-rules-only", root: "examples/rules-only", region: "eu-west-1" },
  { name: "vpc-simple", root: "examples/simple", region: "eu-west-1" },
] as const satisfies readonly PublicModule[];

export type PublicModuleName = (typeof PUBLIC_MODULES)[number]["name"];

export const PLAIN_OVERRIDE_FILE = "plain_terraform_override.tf";

// The services the fixtures reach, and STS, which the provider calls for the caller identity. A service
// missing here would be sent to real AWS with the fake keys below.
const EMULATED_SERVICES = ["cloudwatch", "ec2", "iam", "kms", "logs", "s3", "sns", "sqs", "ssm", "sts"] as const;

const STEP_TIMEOUT_MS = 300_000;

/** A writable copy of the fixture in a temporary folder; returns the example's root module directory. */
export async function copyPublicModule(name: PublicModuleName): Promise<string> {
  const fixture = PUBLIC_MODULES.find((candidate) => candidate.name === name);
  if (fixture === undefined) throw new Error(`no public module fixture named "${name}"`);
  const dir = await tempDir(`devops-public-${name}-`);
  await cp(fixturePath("public-modules", name), dir, { recursive: true });
  return join(dir, fixture.root);
}

/**
 * An override in the shape a team would write by hand for an emulator: the example's provider block keeps
 * its region; only credentials, the account checks and the endpoints are replaced.
 */
export function plainTerraformOverride(endpoint: string): string {
  const width = Math.max(...EMULATED_SERVICES.map((service) => service.length));
  return [
    'provider "aws" {',
    '  access_key                  = "test"',
    '  secret_key                  = "test"',
    "  skip_credentials_validation = true",
    "  skip_metadata_api_check     = true",
    "  skip_region_validation      = true",
    "  skip_requesting_account_id  = true",
    "  s3_use_path_style           = true",
    "",
    "  endpoints {",
    ...EMULATED_SERVICES.map((service) => `    ${service.padEnd(width)} = ${JSON.stringify(endpoint)}`),
    "  }",
    "}",
    "",
  ].join("\n");
}

export interface PlainApply {
  /** Every resource address in the state after apply, as `terraform state list` prints them. */
  addresses: string[];
  /** `terraform plan -detailed-exitcode` right after apply: 0 when the emulator read back what was written. */
  planExitCode: number;
  /** The plan's text when it was not 0, for the failure message. */
  planOutput: string;
  /** Wall-clock milliseconds of init, apply and the follow-up plan. */
  durations: { init: number; apply: number; plan: number };
}

/**
 * `terraform init && terraform apply -auto-approve` in `fixtureDir` (a copy: state is written there) with
 * the provider pointed at the emulator at `endpoint`, then a detailed-exit-code plan. Throws, with
 * Terraform's output, when init or apply fails. The override is removed afterwards, so the folder holds
 * what an existing team has: the code, `.terraform`, the lock file and a local state in the default
 * workspace.
 */
export async function applyWithPlainTerraform(fixtureDir: string, endpoint: string): Promise<PlainApply> {
  const overridePath = join(fixtureDir, PLAIN_OVERRIDE_FILE);
  await writeFile(overridePath, plainTerraformOverride(endpoint));
  try {
    const init = await timed(() => terraform(fixtureDir, ["init", "-input=false", "-no-color"]));
    if (init.result.exitCode !== 0) throw stepFailed(fixtureDir, init.result);
    const apply = await timed(() => terraform(fixtureDir, ["apply", "-auto-approve", "-input=false", "-no-color"]));
    if (apply.result.exitCode !== 0) throw stepFailed(fixtureDir, apply.result);
    const plan = await timed(() => terraform(fixtureDir, ["plan", "-detailed-exitcode", "-input=false", "-no-color"]));
    const list = await terraform(fixtureDir, ["state", "list"]);
    if (list.exitCode !== 0) throw stepFailed(fixtureDir, list);
    return {
      addresses: list.stdout.split("\n").filter((line) => line.trim() !== ""),
      planExitCode: plan.result.exitCode ?? -1,
      planOutput: plan.result.exitCode === 0 ? "" : plan.result.all,
      durations: { init: init.ms, apply: apply.ms, plan: plan.ms },
    };
  } finally {
    await rm(overridePath, { force: true });
  }
}

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

type TerraformRun = Awaited<ReturnType<typeof terraform>>;

async function timed(run: () => Promise<TerraformRun>): Promise<{ result: TerraformRun; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: Math.round(performance.now() - started) };
}

function stepFailed(dir: string, result: TerraformRun): Error {
  return new Error(`${result.command} in ${dir} exited ${result.exitCode}:\n${result.all}`);
}
