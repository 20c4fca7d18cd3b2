// Plan summaries from real `terraform show -json` plans (Terraform 1.11, terraform_data), made from
// test/fixtures/terraform/plans/README-source.tf: create = first plan; mixed = -var v=two -var r=b
// -var keep=false after applying; destroy = plan -destroy.
import { describe, expect, it } from "vitest";
import { actionOf, changedAttributes, summarisePlan } from "../../../../src/handlers/iac/terraform/summary.js";
import { PlanJson } from "../../../../src/handlers/iac/terraform/schema.js";
import { readFixture } from "../../../helpers/project.js";

async function plan(name: string) {
  return PlanJson.parse(JSON.parse(await readFixture("terraform", "plans", `${name}.plan.json`)));
}

describe("a plan's scope (-target, -replace, -refresh=false)", () => {
  it("is absent for a full, refreshed plan, which hashes as without a scope", async () => {
    const json = await plan("create");

    const full = summarisePlan(json, { targets: [], replace: [], refresh: true });

    expect(full.scope).toBeUndefined();
    expect(full.planHash).toBe(summarisePlan(json).planHash);
  });

  it.each([
    [{ targets: ["terraform_data.b", "terraform_data.a"], replace: [], refresh: true }],
    [{ targets: [], replace: ["terraform_data.a"], refresh: true }],
    [{ targets: [], replace: [], refresh: false }],
  ])("%j is recorded (sorted) and changes the hash", async (scope) => {
    const json = await plan("create");

    const summary = summarisePlan(json, scope);

    expect(summary.scope).toEqual({ ...scope, targets: [...scope.targets].sort() });
    expect(summary.planHash).not.toBe(summarisePlan(json).planHash);
  });
});

describe("a plan that imports (an import block)", () => {
  it("lists what it imports, counts as a change, and the import is part of the hash", async () => {
    const json = await plan("create");
    const first = json.resource_changes[0]!;
    const importing = {
      ...json,
      resource_changes: [{ ...first, change: { ...first.change, importing: { id: "obj-1" } } }],
    };
    const plain = { ...json, resource_changes: [first] };

    const summary = summarisePlan(importing);

    expect(summary.imports).toEqual([{ address: first.address, id: "obj-1" }]);
    expect(summary.hasChanges).toBe(true);
    expect(summary.planHash).not.toBe(summarisePlan(plain).planHash);
    expect(summarisePlan(plain).imports).toBeUndefined();
  });
});

describe("summarisePlan", () => {
  it("counts a first deployment as creates", async () => {
    const summary = summarisePlan(await plan("create"));

    expect(summary.counts).toEqual({ create: 4, update: 0, delete: 0, replace: 0 });
    expect(summary.destructive).toEqual([]);
    expect(summary.outputs).toEqual([{ name: "value", action: "create", sensitive: false }]);
    expect(summary.hasChanges).toBe(true);
  });

  it("lists deletes and replacements first, with why a replacement happens", async () => {
    const summary = summarisePlan(await plan("mixed"));

    expect(summary.counts).toEqual({ create: 0, update: 1, delete: 1, replace: 1 });
    expect(summary.changes.map((c) => [c.action, c.address])).toEqual([
      ["delete", "terraform_data.deleted[0]"],
      ["replace", "terraform_data.replaced"],
      ["update", "terraform_data.updated"],
    ]);
    expect(summary.destructive.map((c) => c.address)).toEqual(["terraform_data.deleted[0]", "terraform_data.replaced"]);
    expect(summary.destructive[1]).toMatchObject({
      replacePaths: ["triggers_replace"],
      reason: "replace_because_cannot_update",
    });
    expect(summary.changes[2]).toMatchObject({ changedAttributes: ["input", "output"] });
  });

  it("summarises a destroy plan", async () => {
    const summary = summarisePlan(await plan("destroy"));

    expect(summary.counts).toEqual({ create: 0, update: 0, delete: 4, replace: 0 });
    expect(summary.destructive).toHaveLength(4);
  });

  it("gives the same plan the same hash, and a different plan a different one", async () => {
    const mixed = await plan("mixed");

    const again = summarisePlan(structuredClone(mixed)).planHash;
    const other = summarisePlan(await plan("create")).planHash;

    expect(summarisePlan(mixed).planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(again).toBe(summarisePlan(mixed).planHash);
    expect(other).not.toBe(again);
  });

  it("ignores the timestamp and key order when hashing", async () => {
    const mixed = await plan("mixed");
    const shuffled = {
      ...structuredClone(mixed),
      timestamp: "2000-01-01T00:00:00Z",
      resource_changes: [...mixed.resource_changes].reverse(),
    };

    expect(summarisePlan(PlanJson.parse(shuffled)).planHash).toBe(summarisePlan(mixed).planHash);
  });

  it("changes the hash when a planned value changes", async () => {
    const mixed = await plan("mixed");
    const tampered = structuredClone(mixed);
    (tampered.resource_changes[3]!.change.after as Record<string, unknown>).input = "three";

    expect(summarisePlan(tampered).planHash).not.toBe(summarisePlan(mixed).planHash);
  });
});

describe("change details", () => {
  it.each([
    [["create"], "create"],
    [["update"], "update"],
    [["delete"], "delete"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["read"], "read"],
    [["no-op"], "no-op"],
  ])("actions %j are a %s", (actions, expected) => {
    expect(actionOf(actions)).toBe(expected);
  });

  it("does not count tags: null → {} as a change (provider drift noise)", () => {
    expect(
      changedAttributes({
        actions: ["update"],
        before: { tags: null, memory_size: 128 },
        after: { tags: {}, memory_size: 256 },
      }),
    ).toEqual(["memory_size"]);
  });

  it("ignores drift that changes no attribute", () => {
    const summary = summarisePlan(
      PlanJson.parse({
        format_version: "1.2",
        resource_drift: [
          {
            address: "aws_lambda_function.f",
            mode: "managed",
            type: "aws_lambda_function",
            name: "f",
            change: { actions: ["update"], before: { tags: null }, after: { tags: {} } },
          },
        ],
      }),
    );

    expect(summary.drift).toEqual([]);
  });
});
