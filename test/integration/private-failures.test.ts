// What a failed plan leaves behind, on the real engine: a precondition whose error_message carries
// secrets reaches the --json error, last-failure.json and the issue log with the secrets removed, those
// records are owner-only, and no plan file (which holds the variables' values) stays on disk. Plan files
// that are kept are owner-only from the start.
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { IacTarget } from "../../src/core/handler-contract.js";
import { terraformIac } from "../../src/handlers/iac/terraform/index.js";
import { runCli } from "../helpers/cli.js";
import { infraProject, sandboxConfig, terraformDataModule } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();

const SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const STRIPE_KEY = `${"sk"}_live_4eC39HqLyjWDarjtT1zdp7dc`;
const CONNECTION = "Server=db;User Id=app;Password=Zq9x;Xr7w";
const SECRETS = [SECRET_ACCESS_KEY, STRIPE_KEY, "Zq9x", "Xr7w"];

// The secrets are ordinary (not sensitive) variables, so the engine prints them in the error message.
const LEAKY_PRECONDITION = `
variable "connection" {
  type    = string
  default = "${CONNECTION}"
}

variable "signing_key" {
  type    = string
  default = "${SECRET_ACCESS_KEY}"
}

variable "stripe_key" {
  type    = string
  default = "${STRIPE_KEY}"
}

resource "terraform_data" "guarded" {
  input = "x"

  lifecycle {
    precondition {
      condition     = length(var.connection) < 10
      error_message = "cannot reach \${var.connection} with key \${var.signing_key} (billing \${var.stripe_key})"
    }
  }
}
`;

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

describe("a failed plan whose precondition message carries secrets", () => {
  it("keeps them out of the --json error, last-failure.json and the issue log, and leaves no plan file", async () => {
    const project = await infraProject(sandboxConfig(moto().endpoint));
    await project.writeModule({ "guarded.tf": LEAKY_PRECONDITION });
    const stateDir = join(project.root, ".devops");

    const run = await runCli(["infra", "deploy", "--env", "test", "--json"], {
      cwd: project.root,
      env: project.env,
      trust: project.trust,
    });

    expect(run.exitCode).toBe(1);
    const error = run.json().error;
    expect(error.message).toContain("Resource precondition failed");
    expect(error.message).toContain("Password=[REDACTED]");
    const lastFailure = join(stateDir, "runs", "last-failure.json");
    const issueLog = join(stateDir, "deployments", "issue-log.json");
    const written = [run.stdout, run.stderr, await readFile(lastFailure, "utf8"), await readFile(issueLog, "utf8")];
    for (const text of written) for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(await readFile(lastFailure, "utf8")).toContain("[REDACTED]");
    expect((await stat(lastFailure)).mode & 0o777).toBe(0o600);
    expect((await stat(issueLog)).mode & 0o777).toBe(0o600);
    expect((await filesUnder(stateDir)).filter((file) => file.endsWith(".tfplan"))).toEqual([]);
  }, 180_000);
});

describe("plan files", () => {
  async function setup() {
    const project = await infraProject(sandboxConfig("http://127.0.0.1:1"));
    const ctx = await project.open();
    const target: IacTarget = {
      env: ctx.environment("test"),
      credentials: {},
      runsDir: join(project.root, ".devops", "runs"),
    };
    await terraformIac.prepare(ctx, target);
    return { project, ctx, target };
  }

  it("are owner-only, even where a readable file of the same name was before", async () => {
    const { project, ctx, target } = await setup();
    const fresh = join(project.root, "fresh.tfplan");
    const reused = join(project.root, "reused.tfplan");
    await writeFile(reused, "old", { mode: 0o644 });

    await terraformIac.plan(ctx, target, fresh);
    await terraformIac.plan(ctx, target, reused);

    expect((await stat(fresh)).mode & 0o777).toBe(0o600);
    expect((await stat(reused)).mode & 0o777).toBe(0o600);
  }, 120_000);

  it("are removed when the plan fails, though the engine saves an errored plan", async () => {
    const { project, ctx, target } = await setup();
    await project.writeModule({ "main.tf": terraformDataModule(1), "guarded.tf": LEAKY_PRECONDITION });
    const planFile = join(project.root, "failed.tfplan");

    const failure = await terraformIac.plan(ctx, target, planFile).catch((error: unknown) => error);

    expect(failure).toMatchObject({ code: "TERRAFORM_PLAN_FAILED" });
    expect(await filesUnder(project.root).then((files) => files.filter((f) => f.endsWith(".tfplan")))).toEqual([]);
  }, 120_000);
});
