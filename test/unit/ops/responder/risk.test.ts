// The rules of the ops-responder as tables: risk classes from the configuration, when a person must
// approve, and the pure choices behind a rollback and a stale plan.
import { describe, expect, it } from "vitest";
import { factDifferences, remediationHash } from "../../../../src/skills/ops/responder/actions.js";
import { previousRevision } from "../../../../src/skills/ops/responder/ecs-actions.js";
import { previousVersion, rollbackAlias } from "../../../../src/skills/ops/responder/lambda-actions.js";
import {
  actionKey,
  confirmationPolicy,
  riskClassOf,
  type RemediationActionKey,
} from "../../../../src/skills/ops/responder/risk.js";

const DEFAULTS = {
  auto: ["lambda.restart"],
  confirm: ["lambda.scale", "lambda.rollback", "ecs.restart", "ecs.scale", "ecs.rollback"],
  never: [],
} as { auto: RemediationActionKey[]; confirm: RemediationActionKey[]; never: RemediationActionKey[] };

describe("actionKey", () => {
  it.each([
    ["ecs_service", "restart", "ecs.restart"],
    ["ecs_service", "scale", "ecs.scale"],
    ["lambda_function", "rollback", "lambda.rollback"],
  ] as const)("%s + %s → %s", (kind, action, key) => {
    expect(actionKey(kind, action)).toBe(key);
  });
});

describe("riskClassOf", () => {
  it.each([
    ["lambda.restart", DEFAULTS, "auto"],
    ["ecs.scale", DEFAULTS, "confirm"],
    ["lambda.rollback", DEFAULTS, "confirm"],
    ["ecs.restart", { auto: ["ecs.restart"], confirm: [], never: [] }, "auto"],
    ["ecs.restart", { auto: [], confirm: [], never: [] }, "confirm"],
    ["ecs.rollback", { auto: ["ecs.rollback"], confirm: [], never: ["ecs.rollback"] }, "never"],
    ["ecs.scale", { auto: ["ecs.scale"], confirm: ["ecs.scale"], never: [] }, "confirm"],
  ] as const)("%s with %j is %s", (key, lists, expected) => {
    expect(riskClassOf(lists as typeof DEFAULTS, key)).toBe(expected);
  });
});

describe("confirmationPolicy", () => {
  const test = { name: "test", requireConfirmation: false, protected: false };
  const prod = { name: "prod", requireConfirmation: true, protected: false };
  const staging = { name: "staging", requireConfirmation: true, protected: true };

  it.each([
    ["auto action in test", { risk: "auto", key: "lambda.restart", environment: test, action: "restart" }, "auto"],
    ["auto action in prod", { risk: "auto", key: "lambda.restart", environment: prod, action: "restart" }, "confirm"],
    [
      "auto action in a protected environment",
      { risk: "auto", key: "lambda.restart", environment: staging, action: "restart" },
      "confirm",
    ],
    [
      "confirm action in test",
      { risk: "confirm", key: "ecs.scale", environment: test, action: "scale", count: 3 },
      "confirm",
    ],
    [
      "never action in test",
      { risk: "never", key: "ecs.rollback", environment: test, action: "rollback" },
      "forbidden",
    ],
    [
      "never action in prod",
      { risk: "never", key: "ecs.rollback", environment: prod, action: "rollback" },
      "forbidden",
    ],
    [
      "auto scale to 0 in test",
      { risk: "auto", key: "ecs.scale", environment: test, action: "scale", count: 0 },
      "confirm",
    ],
    [
      "auto scale to 1 in test",
      { risk: "auto", key: "ecs.scale", environment: test, action: "scale", count: 1 },
      "auto",
    ],
  ] as const)("%s → %s", (_name, input, decision) => {
    expect(confirmationPolicy(input).decision).toBe(decision);
  });

  it("says every reason a person must approve", () => {
    const policy = confirmationPolicy({
      risk: "confirm",
      key: "ecs.scale",
      environment: staging,
      action: "scale",
      count: 0,
    });

    expect(policy.reasons).toEqual([
      '"staging" is protected',
      "ecs.scale is a confirm-class action (remediation.confirm, or not listed in remediation.auto)",
      "scaling to 0 stops the service",
    ]);
  });
});

describe("previousRevision (ECS rollback)", () => {
  const arn = (rev: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/worker:${rev}`;

  it.each([
    [7, [7, 6, 5], 6],
    [7, [7, 5, 3], 5],
    [7, [9, 8, 7], undefined],
    [1, [1], undefined],
    [7, [], undefined],
    [10, [10, 9, 2], 9],
  ])("current %i, ACTIVE %j → %s", (current, active, expected) => {
    expect(previousRevision(arn(current), active.map(arn))).toBe(expected === undefined ? undefined : arn(expected));
  });
});

describe("previousVersion (Lambda rollback)", () => {
  it.each([
    ["3", ["1", "2", "3"], "2"],
    ["3", ["1", "3", "4"], "1"],
    ["10", ["2", "9", "10"], "9"],
    ["1", ["1", "2"], undefined],
    ["$LATEST", ["1", "2"], undefined],
  ])("alias at %s, published %j → %s", (current, published, expected) => {
    expect(previousVersion(current, published)).toBe(expected);
  });
});

describe("rollbackAlias", () => {
  it.each([
    [[], "live"],
    [["prod"], "prod"],
    [["canary", "live"], "live"],
    [["blue", "green"], undefined],
  ])("registry aliases %j → %s", (aliases, expected) => {
    expect(rollbackAlias(aliases)).toBe(expected);
  });
});

describe("remediationHash and factDifferences", () => {
  const spec = {
    resource: { kind: "ecs_service" as const, name: "svc", arn: "arn:aws:ecs:us-east-1:1:service/c/svc", cluster: "c" },
    action: "scale" as const,
    params: { count: 5 },
    before: { desiredCount: 2, status: "ACTIVE" },
    target: { desiredCount: 5 },
  };

  it("ignores key order but not values, environments or parameters", () => {
    const reordered = { ...spec, before: { status: "ACTIVE", desiredCount: 2 } };

    expect(remediationHash("prod", reordered)).toBe(remediationHash("prod", spec));
    expect(remediationHash("staging", spec)).not.toBe(remediationHash("prod", spec));
    expect(remediationHash("prod", { ...spec, params: { count: 50 } })).not.toBe(remediationHash("prod", spec));
    expect(remediationHash("prod", { ...spec, before: { desiredCount: 3, status: "ACTIVE" } })).not.toBe(
      remediationHash("prod", spec),
    );
  });

  it.each([
    [{ desiredCount: 2 }, { desiredCount: 2 }, []],
    [{ desiredCount: 2 }, { desiredCount: 3 }, ["desiredCount: 2 → 3"]],
    [{ previous: "worker:6" }, { previous: null }, ["previous: worker:6 → none"]],
    [{ a: 1 }, { a: 1, b: "x" }, ["b: none → x"]],
  ])("%j vs %j → %j", (planned, current, expected) => {
    expect(factDifferences(planned, current)).toEqual(expected);
  });
});
