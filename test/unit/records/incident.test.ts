import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderIncidentMarkdown, writeIncident, type Incident } from "../../../src/records/incident.js";
import { tempDir } from "../../helpers/project.js";

const incident: Incident = {
  schemaVersion: 1,
  environment: "test",
  generatedAt: "2026-11-23T11:00:00.000Z",
  window: { start: "2026-11-23T09:00:00.000Z", end: "2026-11-23T11:00:00.000Z" },
  service: "api",
  resources: ["shop-api-test-api"],
  summary: "2 timeline entries. Most likely: the deployment.",
  lastDeployment: { id: "dep-1", at: "2026-11-23T10:00:00.000Z", outcome: "applied", planId: "plan-7" },
  timeline: [
    {
      id: "T1",
      key: "deploy:dep-1",
      at: "2026-11-23T10:00:00.000Z",
      source: "deployment",
      severity: "info",
      title: "deploy applied (plan plan-7, +0 ~2 -0)",
    },
    {
      id: "T2",
      key: "cluster:abc",
      at: "2026-11-23T10:07:00.000Z",
      source: "log-errors",
      severity: "error",
      resource: "shop-api-test-api",
      title: "3× a | b",
      detail: "line one\nline two",
    },
  ],
  clusters: [
    {
      fingerprint: "abc",
      pattern: "a | b",
      level: "error",
      count: 3,
      firstSeen: "2026-11-23T10:07:00.000Z",
      lastSeen: "2026-11-23T10:30:00.000Z",
      sample: "a | b password=hunter2",
      sources: ["/aws/lambda/shop-api-test-api"],
      resources: ["shop-api-test-api"],
    },
  ],
  clustersOmitted: 0,
  anomalies: [],
  hypotheses: [
    {
      kind: "deployment",
      statement: "the deployment preceded the first error cluster by 7 minutes",
      confidence: 0.85,
      evidence: ["T1", "T2"],
      lastEvidenceAt: "2026-11-23T10:07:00.000Z",
      recommendation: "roll back",
    },
  ],
  recommendations: ["roll back"],
  commits: [],
  logs: { groups: [], eventsRead: 3, truncated: false },
  sources: { available: ["logs"], unavailable: [{ source: "git", reason: "the project is not a git repository" }] },
};

describe("incident report", () => {
  it("renders hypotheses first, a timeline table with escaped cells, clusters and unavailable sources", () => {
    const markdown = renderIncidentMarkdown(incident);

    expect(markdown).toContain(
      "1. **the deployment preceded the first error cluster by 7 minutes** — confidence 0.85; evidence T1, T2",
    );
    expect(markdown).toContain(
      "| T2 | 2026-11-23T10:07:00.000Z | log-errors | error | shop-api-test-api | 3× a \\| b — line one line two |",
    );
    expect(markdown).toContain("- Not available: git — the project is not a git repository");
    expect(markdown.indexOf("## Hypotheses")).toBeLessThan(markdown.indexOf("## Timeline"));
  });

  it("writes JSON and markdown under incidents/<env>/ with secrets redacted", async () => {
    const stateDir = join(await tempDir(), ".devops");

    const written = await writeIncident(stateDir, incident, new Date("2026-11-23T11:00:00.123Z"));

    expect(written).toEqual({
      json: join(stateDir, "incidents", "test", "20261123T110000Z-incident.json"),
      markdown: join(stateDir, "incidents", "test", "20261123T110000Z-incident.md"),
    });
    const json = JSON.parse(await readFile(written.json, "utf8"));
    expect(json.hypotheses).toEqual(incident.hypotheses);
    expect(json.clusters[0].sample).not.toContain("hunter2");
    expect(await readFile(written.markdown!, "utf8")).not.toContain("hunter2");
  });

  it("refuses a malformed incident", async () => {
    await expect(
      writeIncident(
        "/nonexistent",
        { ...incident, hypotheses: [{ ...incident.hypotheses[0]!, confidence: 2 }] },
        new Date(),
      ),
    ).rejects.toThrow();
  });
});
