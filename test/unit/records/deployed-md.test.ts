import { describe, expect, it } from "vitest";
import type { StateResource } from "../../../src/core/handler-contract.js";
import { consoleUrlFor } from "../../../src/handlers/hosting/aws/console-urls.js";
import { renderDeployedMd } from "../../../src/records/deployed-md.js";
import type { HistoryEntry } from "../../../src/records/history.js";
import { buildRegistry, type Registry } from "../../../src/records/registry.js";
import { stateResources } from "../../../src/handlers/iac/terraform/index.js";
import { readFixture } from "../../helpers/project.js";

// Golden file: test/fixtures/records/DEPLOYED.aws-stack.md. After an intended change to the rendering,
// regenerate it with `npx vitest run test/unit/records/deployed-md.test.ts -u` and review the diff.

function registryOf(
  resources: StateResource[],
  deploymentId: string,
  now: string,
  previous?: Registry,
  environment = "test",
): Registry {
  return buildRegistry({
    environment,
    project: "shop-orders",
    resources,
    deploymentId,
    now: new Date(now),
    region: "us-east-1",
    consoleUrl: (resource) => consoleUrlFor(resource.type, resource.values, "us-east-1"),
    ...(previous === undefined ? {} : { previous }),
  });
}

function historyEntry(n: number, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    schema_version: 1,
    id: `dep-${n}`,
    kind: "deploy",
    environment: "test",
    at: new Date(Date.UTC(2026, 10, 1, 12, n)).toISOString(),
    actor: "deployer",
    outcome: "applied",
    ...overrides,
  };
}

const emptyRegistry = (environment = "test"): Registry =>
  registryOf([], "dep-9", "2026-11-25T10:00:00.000Z", undefined, environment);

describe("renderDeployedMd", () => {
  it("renders the recorded AWS stack (golden file)", async () => {
    const state = JSON.parse(await readFixture("terraform", "aws-stack.state.json"));
    const resources = stateResources(state);
    // A first deploy without the child module, then the full stack: created and last seen differ.
    const first = registryOf(
      resources.filter((r) => r.module === undefined),
      "20261123T163000Z-a1b2c3",
      "2026-11-23T16:30:00.000Z",
    );
    const registry = registryOf(resources, "20261124T090000Z-d4e5f6", "2026-11-24T09:00:00.000Z", first);
    const history: HistoryEntry[] = [
      historyEntry(0, {
        id: "20261123T163000Z-a1b2c3",
        at: "2026-11-23T16:30:00.000Z",
        plan_hash: "9f2c4e1ab37d5e60c8a1f0b2d3e4f5a6",
        counts: { create: 12, update: 0, delete: 0, replace: 0 },
        actor: "arn:aws:iam::123456789012:user/deployer",
      }),
      historyEntry(1, {
        id: "20261124T084500Z-0b0b0b",
        at: "2026-11-24T08:45:00.000Z",
        outcome: "failed",
        plan_hash: "17aa03c9be55d2e8",
        counts: { create: 1, update: 0, delete: 0, replace: 0 },
        error: { code: "TERRAFORM_APPLY_FAILED", message: "CreateQueue: AccessDenied" },
        actor: "ci",
      }),
      historyEntry(2, {
        id: "20261124T090000Z-d4e5f6",
        at: "2026-11-24T09:00:00.000Z",
        plan_hash: "17aa03c9be55d2e8",
        counts: { create: 1, update: 0, delete: 0, replace: 0 },
        actor: "ci",
      }),
    ];

    const markdown = renderDeployedMd({
      registry,
      history,
      status: { state: "deployed", checkedAt: "2026-11-24T09:01:00.000Z" },
    });

    await expect(markdown).toMatchFileSnapshot("../../fixtures/records/DEPLOYED.aws-stack.md");
  });

  it("is deterministic", () => {
    const input = { registry: emptyRegistry(), history: [historyEntry(1)], status: { state: "deployed" as const } };

    expect(renderDeployedMd(input)).toBe(renderDeployedMd(structuredClone(input)));
  });

  it("shows a torn-down environment with no resources", () => {
    const markdown = renderDeployedMd({
      registry: emptyRegistry("staging"),
      history: [historyEntry(1, { kind: "teardown" })],
      status: { state: "torn_down" },
    });

    expect(markdown).toContain("# Deployed Resources - Staging Environment\n");
    expect(markdown).toContain("- **Status:** Torn down\n");
    expect(markdown).toContain("No resources are recorded for this environment.");
  });

  it("lists the 20 newest history entries, newest first", () => {
    const history = Array.from({ length: 25 }, (_, n) => historyEntry(n));

    const markdown = renderDeployedMd({ registry: emptyRegistry(), history, status: { state: "deployed" } });

    const rows = markdown.split("\n").filter((line) => /^\| 2026-/.test(line));
    expect(rows).toHaveLength(20);
    expect(rows[0]).toContain("2026-11-01T12:24:00.000Z");
    expect(rows[19]).toContain("2026-11-01T12:05:00.000Z");
    expect(markdown).toContain("Showing the 20 most recent of 25 entries");
  });

  it("escapes pipes and backticks in table cells", () => {
    const history = [historyEntry(1, { actor: "ci|bot `x`", outcome: "failed", error: { code: "A|B", message: "m" } })];

    const markdown = renderDeployedMd({ registry: emptyRegistry(), history, status: { state: "failed" } });

    const row = markdown.split("\n").find((line) => line.startsWith("| 2026-"));
    expect(row).toBe("| 2026-11-01T12:01:00.000Z | deploy | failed (A\\|B) | – | – | ci\\|bot \\`x\\` |");
  });

  it("escapes Markdown in names and keeps code spans intact around backticks", () => {
    const registry = registryOf(
      [
        {
          address: 'aws_sqs_queue.q["a`b"]',
          type: "aws_sqs_queue",
          name: "q",
          providerName: "registry.terraform.io/hashicorp/aws",
          values: { name: "*q*_[x]", id: "q" },
        },
      ],
      "dep-1",
      "2026-11-25T10:00:00.000Z",
    );

    const markdown = renderDeployedMd({ registry, history: [], status: { state: "deployed" } });

    expect(markdown).toContain("#### \\*q\\*\\_\\[x\\]\n");
    expect(markdown).toContain('- **Address:** `` aws_sqs_queue.q["a`b"] ``\n');
  });

  it("labels unknown types by their Terraform type", () => {
    const registry = registryOf(
      [
        {
          address: "aws_glue_job.etl",
          type: "aws_glue_job",
          name: "etl",
          providerName: "registry.terraform.io/hashicorp/aws",
          values: { name: "etl", id: "etl" },
        },
      ],
      "dep-1",
      "2026-11-25T10:00:00.000Z",
    );

    const markdown = renderDeployedMd({ registry, history: [], status: { state: "deployed" } });

    expect(markdown).toContain("### `aws_glue_job`\n");
  });

  it("names no commands", () => {
    const markdown = renderDeployedMd({
      registry: emptyRegistry(),
      history: [historyEntry(1)],
      status: { state: "deployed" },
    });

    expect(markdown).not.toMatch(/--env|devops (infra|ops)|\/[\w-]+:[\w-]+|terraform (apply|destroy|plan)/);
  });
});
