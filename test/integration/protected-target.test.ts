// Protection belongs to the target, on the real engine and moto: once prod's account and state
// location are recorded, a second config that makes prod unprotected (or names prod's workspace and
// var file under another environment) is refused, and nothing is written.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createContext, type ProjectContext } from "../../src/core/context.js";
import type { DevopsError } from "../../src/core/errors.js";
import { MemoryIoHost } from "../../src/core/io.js";
import { guardAccount, openInfra } from "../../src/skills/infra/target.js";
import { openProject } from "../../src/skills/project.js";
import { guardTarget } from "../../src/skills/protected-target.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();
let project: InfraProject;

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
});

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: project.env, trust: project.trust });
}

/** A second config file beside the project's, for --config. */
async function altConfig(config: Record<string, unknown>): Promise<string> {
  const path = join(project.root, ".devops", "alt.json");
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}

function openWith(configPath: string): Promise<ProjectContext> {
  return openProject(
    createContext({ cwd: project.root, env: project.env, io: new MemoryIoHost(), trust: project.trust, configPath }),
  );
}

/** The account check (STS on moto), then the target check, as every changing flow runs them. */
async function guard(opened: ProjectContext, environment: string): Promise<void> {
  const infra = await openInfra(opened, environment);
  const identity = await guardAccount(opened, infra);
  await guardTarget(opened, infra.env, infra.iac, identity.account);
}

async function failure(work: Promise<unknown>): Promise<DevopsError> {
  return work.then(
    () => {
      throw new Error("expected an error");
    },
    (error: DevopsError) => error,
  );
}

/** Everything a refused run could have written: both target copies, plans, the module's state folders. */
async function written(): Promise<Record<string, unknown>> {
  const read = (path: string) => readFile(path, "utf8").catch(() => undefined);
  const list = (path: string) => readdir(path, { recursive: true }).catch(() => []);
  return {
    project: await read(join(project.root, ".devops", "protected-targets.json")),
    personal: await read(join(project.trust.stateDir, "protected-targets.json")),
    plans: (await list(join(project.root, ".devops", "plans"))).sort(),
    state: (await list(join(project.moduleDir, "terraform.tfstate.d"))).sort(),
  };
}

const prodState = () => `local state ${join(project.moduleDir, "terraform.tfstate.d", "prod", "terraform.tfstate")}`;

describe("a second config that makes prod unprotected (attack 4)", () => {
  it("is refused once preview-changes has recorded prod", async () => {
    const preview = await cli("infra", "preview-changes", "--env", "prod");
    const recorded = JSON.parse((await written()).personal as string);
    const config = sandboxConfig(moto().endpoint) as Record<string, any>;
    config.environments.prod.require_confirmation = false;
    const alt = await altConfig(config);
    const before = await written();

    const error = await failure(guard(await openWith(alt), "prod"));
    const again = await cli("infra", "preview-changes", "--env", "prod", "--config", alt);

    expect(preview.exitCode).toBe(0);
    expect(recorded.targets).toEqual([
      {
        account: "123456789012",
        location: prodState(),
        environment: "prod",
        config: join(project.root, ".devops", "devops.json"),
        recorded_at: expect.any(String),
      },
    ]);
    expect(error).toMatchObject({ code: "TARGET_PROTECTED", exitCode: 2 });
    expect(error.message).toContain(`"prod" (config ${alt}) does not require confirmation`);
    expect(error.message).toContain(`${prodState()} in AWS account 123456789012`);
    expect(error.message).toContain(`protected target of "prod" on ${recorded.targets[0].recorded_at}`);
    expect(again.exitCode).toBe(2);
    expect(again.json()).toMatchObject({ ok: false, error: { code: "TARGET_PROTECTED" } });
    expect(await written()).toEqual(before);
  }, 60_000);

  it("passes for an environment whose target was never protected", async () => {
    await cli("infra", "preview-changes", "--env", "prod");
    const before = await written();

    await guard(await project.open(), "test");

    expect(await written()).toEqual(before);
  }, 60_000);
});

describe("an environment named staging on prod's workspace and var file (attack 5)", () => {
  function attackConfig(): Record<string, unknown> {
    const endpoint = moto().endpoint;
    return sandboxConfig(endpoint, {
      environments: {
        staging: {
          require_confirmation: false,
          endpoint,
          account_id: "123456789012",
          workspace: "prod",
          var_file: "prod.tfvars",
        },
      },
    });
  }

  // prod's own var file, which the attacking environment names.
  beforeEach(() => project.writeModule({ "prod.tfvars": "" }));

  it("is warned about by config validate before prod was ever used", async () => {
    const alt = await altConfig(attackConfig());

    const run = await cli("config", "validate", "--config", alt);

    expect(run.exitCode).toBe(0);
    expect(run.json().data.warnings).toEqual([
      {
        path: "environments.staging",
        message: `"staging" uses workspace "prod" / var file "prod.tfvars", named for production ("prod"); it would change a production state without an approval`,
        suggestion:
          'give "staging" a workspace, var file and backend key of its own, or make it require confirmation (environments.staging.require_confirmation: true)',
      },
    ]);
  });

  it("is refused once prod was recorded, and config validate then fails", async () => {
    await cli("infra", "preview-changes", "--env", "prod");
    const alt = await altConfig(attackConfig());
    const before = await written();

    const error = await failure(guard(await openWith(alt), "staging"));
    const validate = await cli("config", "validate", "--config", alt);

    expect(error).toMatchObject({ code: "TARGET_PROTECTED" });
    expect(error.message).toContain(
      `"staging" (config ${alt}) does not require confirmation, but it reaches ${prodState()}`,
    );
    expect(error.message).toContain('recorded as a protected target of "prod"');
    expect(error.suggestion).toContain("environments.staging.require_confirmation: true");
    expect(validate.exitCode).toBe(2);
    expect(validate.json().error).toMatchObject({ code: "CONFIG_INVALID" });
    expect(validate.json().error.message).toContain(
      `"staging" does not require confirmation, but its state (${prodState()}) is a protected target: recorded for "prod"`,
    );
    expect(await written()).toEqual(before);
  }, 60_000);
});
