import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createContext, type ProjectContext } from "../../../src/core/context.js";
import type { DevopsError } from "../../../src/core/errors.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { loadIacHandler } from "../../../src/handlers/registry.js";
import { validateConfig } from "../../../src/managers/setup-manager.js";
import { openProject } from "../../../src/skills/project.js";
import { guardTarget, protectedTargetOf } from "../../../src/skills/protected-target.js";
import { sandboxConfig, testTrust } from "../../helpers/infra-project.js";
import { projectWith, readyMachine, tempDir } from "../../helpers/project.js";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const RECORDED_AT = new Date("2026-12-01T09:00:00.000Z");

/** The sandbox config at .devops/devops.json, and a second one beside it that `--config` can name. */
async function projectWithTwoConfigs(alternative: (config: Record<string, any>) => void) {
  const root = await projectWith(sandboxConfig("http://127.0.0.1:5000"));
  const altPath = join(root, ".devops", "alt.json");
  const alt = sandboxConfig("http://127.0.0.1:5000") as Record<string, any>;
  alternative(alt);
  await writeFile(altPath, JSON.stringify(alt, null, 2));
  const trust = testTrust(await tempDir("devops-person-"));
  const machine = await readyMachine(root, alt);
  const open = (configPath?: string, now = RECORDED_AT): Promise<ProjectContext> =>
    openProject(
      createContext({
        cwd: root,
        env: {},
        io: new MemoryIoHost(),
        trust,
        clock: { now: () => now },
        ...(configPath === undefined ? {} : { configPath }),
      }),
    );
  return { root, altPath, trust, open, machine };
}

async function guard(project: ProjectContext, environment: string, account = ACCOUNT): Promise<void> {
  const iac = await loadIacHandler(project, "terraform");
  await guardTarget(project, project.environment(environment), iac, account);
}

async function recordFiles(root: string, stateDir: string): Promise<Record<string, string | undefined>> {
  const read = (path: string) => readFile(path, "utf8").catch(() => undefined);
  return {
    project: await read(join(root, ".devops", "protected-targets.json")),
    personal: await read(join(stateDir, "protected-targets.json")),
  };
}

async function failure(work: Promise<unknown>): Promise<DevopsError> {
  return work.then(
    () => {
      throw new Error("expected an error");
    },
    (error: DevopsError) => error,
  );
}

const prodOff = (config: Record<string, any>) => (config.environments.prod.require_confirmation = false);

describe("guardTarget", () => {
  it("records the target of an environment that requires confirmation, in both copies", async () => {
    const { root, trust, open } = await projectWithTwoConfigs(prodOff);
    const project = await open();

    await guard(project, "prod");

    const location = `local state ${join(root, "infra", "terraform.tfstate.d", "prod", "terraform.tfstate")}`;
    const expected = {
      schema_version: 1,
      targets: [
        {
          account: ACCOUNT,
          location,
          environment: "prod",
          config: join(root, ".devops", "devops.json"),
          recorded_at: RECORDED_AT.toISOString(),
        },
      ],
    };
    const files = await recordFiles(root, trust.stateDir);
    expect(JSON.parse(files.project!)).toEqual(expected);
    expect(JSON.parse(files.personal!)).toEqual(expected);
  });

  it("records a protected environment's target too", async () => {
    const { root, trust, open } = await projectWithTwoConfigs(() => {});

    await guard(await open(), "staging");

    const { personal } = await recordFiles(root, trust.stateDir);
    expect(JSON.parse(personal!).targets).toMatchObject([{ environment: "staging" }]);
  });

  it("records a target once", async () => {
    const { root, trust, open } = await projectWithTwoConfigs(prodOff);
    await guard(await open(), "prod");
    const before = await recordFiles(root, trust.stateDir);

    await guard(await open(undefined, new Date("2026-12-05T09:00:00.000Z")), "prod");

    expect(await recordFiles(root, trust.stateDir)).toEqual(before);
  });

  it("lets an environment without confirmation through when its target was never protected, writing nothing", async () => {
    const { root, trust, open } = await projectWithTwoConfigs(prodOff);

    await guard(await open(), "test");

    expect(await recordFiles(root, trust.stateDir)).toEqual({ project: undefined, personal: undefined });
  });

  it("refuses a config that makes a recorded target unprotected, and writes nothing", async () => {
    const { root, altPath, trust, open } = await projectWithTwoConfigs(prodOff);
    await guard(await open(), "prod");
    const before = await recordFiles(root, trust.stateDir);
    const entriesBefore = await readdir(join(root, ".devops"));

    const error = await failure(guard(await open(altPath), "prod"));

    const location = `local state ${join(root, "infra", "terraform.tfstate.d", "prod", "terraform.tfstate")}`;
    expect(error).toMatchObject({ code: "TARGET_PROTECTED", exitCode: 2 });
    expect(error.message).toBe(
      `"prod" (config ${altPath}) does not require confirmation, but it reaches ${location} in AWS account ${ACCOUNT}, recorded as a protected target of "prod" on 2026-12-01T09:00:00.000Z (config ${join(root, ".devops", "devops.json")}); nothing was changed`,
    );
    expect(error.suggestion).toBe(
      'make "prod" require confirmation (environments.prod.require_confirmation: true): a target once protected stays protected',
    );
    expect(await recordFiles(root, trust.stateDir)).toEqual(before);
    expect(await readdir(join(root, ".devops"))).toEqual(entriesBefore);
  });

  it("refuses from the person's copy alone when the project's was deleted", async () => {
    const { root, altPath, open } = await projectWithTwoConfigs(prodOff);
    await guard(await open(), "prod");
    await writeFile(
      join(root, ".devops", "protected-targets.json"),
      JSON.stringify({ schema_version: 1, targets: [] }),
    );

    const error = await failure(guard(await open(altPath), "prod"));

    expect(error.code).toBe("TARGET_PROTECTED");
  });

  it("does not refuse the same location in another account", async () => {
    const { root, altPath, trust, open } = await projectWithTwoConfigs(prodOff);
    await guard(await open(), "prod");
    const before = await recordFiles(root, trust.stateDir);

    await guard(await open(altPath), "prod", OTHER_ACCOUNT);

    expect(await recordFiles(root, trust.stateDir)).toEqual(before);
  });

  it("heals a deleted copy on a run that passes", async () => {
    const { root, trust, open } = await projectWithTwoConfigs(prodOff);
    await guard(await open(), "prod");
    const before = await recordFiles(root, trust.stateDir);
    await writeFile(join(trust.stateDir, "protected-targets.json"), JSON.stringify({ schema_version: 1, targets: [] }));

    await guard(await open(), "test");

    expect(JSON.parse((await recordFiles(root, trust.stateDir)).personal!)).toEqual(JSON.parse(before.personal!));
  });
});

describe("protectedTargetOf", () => {
  it("finds the recorded target at an environment's state location, in any account", async () => {
    const { altPath, open } = await projectWithTwoConfigs(prodOff);
    await guard(await open(), "prod", OTHER_ACCOUNT);
    const alt = await open(altPath);
    const iac = await loadIacHandler(alt, "terraform");

    const found = await protectedTargetOf(alt, alt.environment("prod"), iac);
    const other = await protectedTargetOf(alt, alt.environment("test"), iac);

    expect(found).toMatchObject({ account: OTHER_ACCOUNT, environment: "prod" });
    expect(other).toBeUndefined();
  });
});

describe("config validate and protected targets", () => {
  it("reports an environment without confirmation whose state is a recorded protected target", async () => {
    const { root, altPath, trust, open, machine } = await projectWithTwoConfigs(prodOff);
    await guard(await open(), "prod");
    const before = await recordFiles(root, trust.stateDir);
    const ctx = createContext({ cwd: root, env: machine, io: new MemoryIoHost(), trust, configPath: altPath });

    const error = await failure(validateConfig(ctx));

    const location = `local state ${join(root, "infra", "terraform.tfstate.d", "prod", "terraform.tfstate")}`;
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain(
      `"prod" does not require confirmation, but its state (${location}) is a protected target: recorded for "prod" in AWS account ${ACCOUNT} on 2026-12-01T09:00:00.000Z`,
    );
    expect(await recordFiles(root, trust.stateDir)).toEqual(before);
  });

  it("accepts the config that recorded it", async () => {
    const { root, trust, open, machine } = await projectWithTwoConfigs(prodOff);
    await guard(await open(), "prod");
    const ctx = createContext({ cwd: root, env: machine, io: new MemoryIoHost(), trust });

    const result = await validateConfig(ctx);

    expect(result.status).toBe("valid");
  });
});

describe("a protected environment's identity and resources", () => {
  /** Real AWS (no emulator endpoint): every environment has its own profile. */
  const realAws = (config: Record<string, any>) => {
    for (const [name, env] of Object.entries<Record<string, unknown>>(config.environments)) {
      delete env.endpoint;
      env.profile = `shop-${name}-deploy`;
    }
  };
  const PROD_ARN = `arn:aws:iam::${ACCOUNT}:user/shop-prod-deployer`;

  async function realProject() {
    const setup = await projectWithTwoConfigs(realAws);
    const project = await setup.open(setup.altPath);
    const iac = await loadIacHandler(project, "terraform");
    return { ...setup, project, iac };
  }

  it("records the identity prod's credentials reach, and refuses an unconfirmed environment that reaches it", async () => {
    const { project, iac, trust, root } = await realProject();

    await guardTarget(project, project.environment("prod"), iac, ACCOUNT, PROD_ARN);
    const borrowed = await failure(guardTarget(project, project.environment("test"), iac, ACCOUNT, PROD_ARN));
    const before = await recordFiles(root, trust.stateDir);
    await guardTarget(
      project,
      project.environment("test"),
      iac,
      ACCOUNT,
      `arn:aws:iam::${ACCOUNT}:user/shop-test-deployer`,
    );

    expect(borrowed).toMatchObject({ code: "TARGET_PROTECTED", exitCode: 2 });
    expect(borrowed.message).toContain(
      `its credentials reach ${PROD_ARN}, the identity of protected environment "prod"`,
    );
    expect(JSON.parse(before.personal ?? "{}").targets[0].identities).toEqual([PROD_ARN]);
    expect(await recordFiles(root, trust.stateDir)).toEqual(before);
  });

  it("does not record an emulator's identity, which every environment shares", async () => {
    const { root, trust, open } = await projectWithTwoConfigs(() => undefined);
    const project = await open();
    const iac = await loadIacHandler(project, "terraform");
    const shared = `arn:aws:sts::${ACCOUNT}:user/moto`;

    await guardTarget(project, project.environment("prod"), iac, ACCOUNT, shared);
    await guardTarget(project, project.environment("test"), iac, ACCOUNT, shared);

    expect(
      JSON.parse((await recordFiles(root, trust.stateDir)).personal ?? "{}").targets[0].identities,
    ).toBeUndefined();
  });

  it("refuses an unconfirmed environment changing a resource prod deployed, and lets prod's own runs through", async () => {
    const { project, iac } = await realProject();
    const service = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/shop/api`;
    const { guardResource, protectResources } = await import("../../../src/skills/protected-target.js");
    await guardTarget(project, project.environment("prod"), iac, ACCOUNT, PROD_ARN);
    await protectResources(project, project.environment("prod"), iac, ACCOUNT, [service]);

    const fromTest = await failure(guardResource(project, project.environment("test"), ACCOUNT, service));

    expect(fromTest).toMatchObject({ code: "TARGET_PROTECTED" });
    expect(fromTest.message).toContain(`${service} was deployed by "prod"`);
    await guardResource(project, project.environment("prod"), ACCOUNT, service);
    await guardResource(project, project.environment("test"), OTHER_ACCOUNT, service);
    await guardResource(
      project,
      project.environment("test"),
      ACCOUNT,
      `arn:aws:ecs:us-east-1:${ACCOUNT}:service/shop/api-test`,
    );
  });
});
