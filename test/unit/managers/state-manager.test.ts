// The state commands on the fake engine: what each plans and checks, where it needs a person, how the
// saved spec is re-checked, and the records it writes. The real engine's side is in
// test/integration/state-commands.test.ts and state-red-team.test.ts.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createContext } from "../../../src/core/context.js";
import type { DevopsError } from "../../../src/core/errors.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { importResource, stateList, stateMove, stateRemove } from "../../../src/managers/state-manager.js";
import { fakeState, handlersWithFakes, type FakeState } from "../../helpers/fake-handlers.js";
import { projectWith, userGuideConfig } from "../../helpers/project.js";
import { testTrust } from "../../helpers/infra-project.js";
import { tempDir } from "../../helpers/project.js";

async function setup(state: FakeState) {
  const config = await userGuideConfig();
  config.handlers.hosting.active = "fake-cloud";
  config.handlers.hosting["fake-cloud"] = { account: "210987654321", region: "local-1" };
  config.handlers.iac.active = "fake-iac";
  config.handlers.iac["fake-iac"] = { workdir: "./stacks/{environment}", flavour: "crisp" };
  const root = await projectWith(config);
  const trust = testTrust(await tempDir("devops-person-"));
  const ctx = createContext({
    cwd: root,
    env: {},
    io: new MemoryIoHost(),
    handlers: handlersWithFakes([], state),
    trust,
  });
  const history = async (env: string) =>
    (await readFile(join(root, ".devops", "deployments", env, "history.ndjson"), "utf8").catch(() => ""))
      .trim()
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line));
  return { root, ctx, history };
}

async function failure(work: Promise<unknown>): Promise<DevopsError> {
  return work.then(
    () => {
      throw new Error("expected an error");
    },
    (error: DevopsError) => error,
  );
}

describe("where no confirmation is required", () => {
  it("state rm applies and records the registry from the state and a history line", async () => {
    const state = fakeState({ "fake_thing.a": "id-a", "fake_thing.b": "id-b" });
    const { ctx, root, history } = await setup(state);

    const result = await stateRemove(ctx, { env: "test", addresses: ["fake_thing.b"] });

    expect(result).toMatchObject({ status: "applied", data: { operation: "state_rm", registry: { resources: 1 } } });
    expect([...state.resources.keys()]).toEqual(["fake_thing.a"]);
    const registry = JSON.parse(await readFile(join(root, ".devops/deployments/test/registry.json"), "utf8"));
    expect(registry.resources.map((r: { terraform_address: string }) => r.terraform_address)).toEqual(["fake_thing.a"]);
    expect(await history("test")).toEqual([
      expect.objectContaining({
        kind: "state_rm",
        outcome: "applied",
        change: "forget fake_thing.b (id id-b) without destroying it",
        approval: { by: "not_required" },
      }),
    ]);
  });

  it("declined at the terminal, nothing changes and nothing is recorded", async () => {
    const state = fakeState({ "fake_thing.a": "id-a" });
    const { ctx, history } = await setup(state);

    const result = await stateMove(ctx, {
      env: "test",
      addresses: ["fake_thing.a", "fake_thing.z"],
      approver: async () => false,
    });

    expect(result.status).toBe("cancelled");
    expect([...state.resources.keys()]).toEqual(["fake_thing.a"]);
    expect(await history("test")).toEqual([]);
  });

  it.each([
    [{ addresses: ["fake_thing.nope"] }, "STATE_ADDRESS_UNKNOWN"],
    [{ addresses: [] }, "ARGUMENT_MISSING"],
  ])("state rm %j is refused with %s", async (input, code) => {
    const { ctx } = await setup(fakeState({ "fake_thing.a": "id-a" }));

    const error = await failure(stateRemove(ctx, { env: "test", ...input }));

    expect(error).toMatchObject({ code, exitCode: 2 });
  });
});

describe("where a person must approve", () => {
  it("prod stops at needs_confirmation with the spec, the state untouched", async () => {
    const state = fakeState({ "fake_thing.a": "id-a" });
    const { ctx, history } = await setup(state);

    const result = await importResource(ctx, { env: "prod", words: ["fake_thing.b", "id-b"] });

    expect(result).toMatchObject({
      status: "needs_confirmation",
      data: {
        operation: "state_import",
        spec: { address: "fake_thing.b", id: "id-b", resources: [{ address: "fake_thing.b", id: null }] },
        approval: { command: `devops infra import --env prod --plan ${result.data.planId} fake_thing.b id-b` },
      },
    });
    expect([...state.resources.keys()]).toEqual(["fake_thing.a"]);
    expect(await history("prod")).toEqual([]);
  });

  it("a saved spec is re-checked: a resource changed since is STATE_CHANGED, the words must name the plan", async () => {
    const state = fakeState({ "fake_thing.a": "id-a", "fake_thing.b": "id-b" });
    const { ctx } = await setup(state);
    const asked = await stateRemove(ctx, { env: "prod", addresses: ["fake_thing.b"] });
    const planId = asked.data.planId!;

    const other = await failure(stateRemove(ctx, { env: "prod", plan: planId, addresses: ["fake_thing.a"] }));
    state.resources.set("fake_thing.b", "id-b2");
    const moved = await failure(stateRemove(ctx, { env: "prod", plan: planId }));

    expect(other).toMatchObject({ code: "FLAG_CONFLICT", exitCode: 2 });
    expect(moved).toMatchObject({ code: "STATE_CHANGED" });
    expect(moved.message).toContain("fake_thing.b is id id-b2 now");
  });

  it("state list reads the state with the environment's account", async () => {
    const { ctx } = await setup(fakeState({ "fake_thing.a": "id-a" }));

    const result = await stateList(ctx, { env: "prod" });

    expect(result.data).toEqual({
      environment: "prod",
      account: "210987654321",
      resources: [{ address: "fake_thing.a", type: "fake_thing", id: "id-a" }],
    });
  });
});
