// Post-deployment "matches the plan": what AWS and the provider echo back differently from the plan
// (JSON documents reformatted, empty defaults added, unset settings left empty) is not a mismatch.
import { describe, expect, it } from "vitest";
import type { ResourceChange, StateResource } from "../../../src/core/handler-contract.js";
import { compareWithPlan } from "../../../src/skills/infra/tester/post-deployment.js";

const resource = (values: Record<string, unknown>): StateResource => ({
  address: "aws_ecs_task_definition.worker",
  type: "aws_ecs_task_definition",
  name: "worker",
  providerName: "registry.terraform.io/hashicorp/aws",
  values,
});
const created: ResourceChange[] = [
  { address: "aws_ecs_task_definition.worker", type: "aws_ecs_task_definition", name: "worker", action: "create" },
];
const planned = JSON.stringify([
  {
    name: "worker",
    image: "busybox:1.36",
    essential: true,
    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "g", "awslogs-region": "us-east-1" } },
  },
]);

describe("compareWithPlan", () => {
  it.each([
    [
      "the same JSON, keys reordered and empty defaults added",
      JSON.stringify([
        {
          environment: [],
          essential: true,
          image: "busybox:1.36",
          logConfiguration: { logDriver: "awslogs", options: { "awslogs-region": "us-east-1", "awslogs-group": "g" } },
          mountPoints: [],
          name: "worker",
          volumesFrom: [],
        },
      ]),
    ],
    ["an empty value the API leaves unset", ""],
  ])("accepts %s", (_case, actual) => {
    expect(
      compareWithPlan(
        [resource({ container_definitions: planned })],
        [resource({ container_definitions: actual })],
        created,
      ),
    ).toEqual([]);
  });

  it("reports a document that says something else", () => {
    const other = planned.replace("busybox:1.36", "busybox:1.37");

    expect(
      compareWithPlan(
        [resource({ container_definitions: planned })],
        [resource({ container_definitions: other })],
        created,
      ),
    ).toEqual([
      { address: "aws_ecs_task_definition.worker", attribute: "container_definitions", planned, actual: other },
    ]);
  });

  it("reports a resource missing from the state", () => {
    expect(compareWithPlan([resource({ family: "worker" })], [], created)).toEqual([
      {
        address: "aws_ecs_task_definition.worker",
        attribute: "(resource)",
        planned: "present",
        actual: "absent from the state",
      },
    ]);
  });
});
