import { describe, expect, it } from "vitest";
import { minutesText, rankHypotheses, type Signals } from "../../../../src/skills/ops/investigator/hypotheses.js";

const t = (time: string) => Date.parse(`2026-11-23T${time}:00Z`);
const counts = { create: 1, update: 2, delete: 0, replace: 0 };

function signals(partial: Partial<Signals>): Signals {
  return {
    deployments: [],
    clusters: [],
    alarms: [],
    ecsEvents: [],
    anomalies: [],
    changes: [],
    commits: [],
    ...partial,
  };
}

const deploy = (ref: string, time: string, extra: Partial<Signals["deployments"][number]> = {}) => ({
  ref,
  at: t(time),
  id: `d-${ref}`,
  kind: "deploy" as const,
  outcome: "applied",
  planId: `plan-${ref}`,
  counts,
  ...extra,
});
const cluster = (
  ref: string,
  first: string,
  last: string,
  pattern: string,
  count = 5,
  level: "error" | "warning" = "error",
) => ({ ref, firstSeen: t(first), lastSeen: t(last), count, pattern, sample: pattern, level });

describe("rankHypotheses: the top hypothesis", () => {
  it.each([
    [
      "a deployment shortly before the first errors",
      signals({
        deployments: [deploy("T1", "10:00")],
        clusters: [cluster("T2", "10:07", "10:30", "KeyError: 'order_id'")],
      }),
      {
        kind: "deployment",
        statement:
          "the deployment at 2026-11-23T10:00:00.000Z (plan plan-T1, +1 ~2 -0) preceded the first error cluster by 7 minutes",
        confidence: 0.85,
        evidence: ["T1", "T2"],
      },
    ],
    [
      "the latest deployment that errors followed, weakened by errors already present",
      signals({
        deployments: [deploy("T1", "09:00"), deploy("T3", "10:00")],
        clusters: [cluster("T2", "09:50", "10:30", "KeyError: 'a'"), cluster("T4", "10:20", "10:40", "ValueError: b")],
      }),
      {
        kind: "deployment",
        statement:
          "the deployment at 2026-11-23T10:00:00.000Z (plan plan-T3, +1 ~2 -0) preceded a new error cluster by 20 minutes, though trouble had already begun before it",
        confidence: 0.5,
        evidence: ["T3", "T4"],
      },
    ],
    [
      "a deployment hours before an alarm, with no log errors",
      signals({
        deployments: [deploy("T1", "06:00")],
        alarms: [{ ref: "T2", at: t("10:00"), name: "api-errors", metric: "Errors" }],
      }),
      {
        kind: "alarm",
        statement: "alarm api-errors went to ALARM at 2026-11-23T10:00:00.000Z (Errors)",
        confidence: 0.4,
        evidence: ["T2"],
      },
    ],
    [
      "throttling from logs and the Throttles metric",
      signals({
        clusters: [
          cluster(
            "T1",
            "10:00",
            "10:20",
            "ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded.",
            12,
          ),
        ],
        anomalies: [{ ref: "T2", at: t("10:01"), resource: "api", metric: "Throttles", kind: "throttles", peak: 40 }],
      }),
      { kind: "throttling", confidence: 0.7, evidence: ["T1", "T2"] },
    ],
    [
      "an ECS task killed for memory",
      signals({
        ecsEvents: [
          {
            ref: "T1",
            at: t("10:00"),
            resource: "worker",
            message: "(service worker) (task 1) stopped: OutOfMemoryError: Container killed due to memory usage",
          },
        ],
      }),
      { kind: "out-of-memory", confidence: 0.45, evidence: ["T1"] },
    ],
    [
      "Lambda timeouts",
      signals({ clusters: [cluster("T1", "10:00", "10:10", "<time> <uuid> Task timed out after <n> seconds", 3)] }),
      {
        kind: "timeouts",
        statement: 'timeouts: 3 log events such as "<time> <uuid> Task timed out after <n> seconds"',
        confidence: 0.45,
        evidence: ["T1"],
      },
    ],
    [
      "a configuration change outside any deployment",
      signals({
        deployments: [deploy("T1", "08:00")],
        changes: [{ ref: "T2", at: t("10:00"), resource: "api", what: "the configuration of api changed" }],
        clusters: [cluster("T3", "10:05", "10:30", "boom")],
      }),
      {
        kind: "config-change",
        statement:
          "the configuration of api changed at 2026-11-23T10:00:00.000Z, outside a recorded deployment, preceded the first error cluster by 5 minutes",
        confidence: 0.55,
        evidence: ["T2", "T3"],
      },
    ],
  ])("%s", (_what, input, expected) => {
    const [top] = rankHypotheses(input);

    expect(top).toMatchObject(expected);
  });
});

describe("rankHypotheses: rules", () => {
  it("returns nothing when nothing went wrong", () => {
    expect(
      rankHypotheses(
        signals({
          deployments: [deploy("T1", "10:00")],
          commits: [{ ref: "T2", at: t("09:00"), sha: "a".repeat(40), subject: "x", files: [], touchesInfra: false }],
        }),
      ),
    ).toEqual([]);
  });

  it("ignores version publications made by a recorded deployment", () => {
    const ranked = rankHypotheses(
      signals({
        deployments: [deploy("T1", "10:00")],
        changes: [{ ref: "T2", at: t("10:01"), resource: "api", what: "version 2 of api was published" }],
        clusters: [cluster("T3", "10:05", "10:30", "boom")],
      }),
    );

    expect(ranked.map((h) => h.kind)).toEqual(["deployment"]);
  });

  it("names the commit and its files before the first errors, stronger when it touched the infrastructure", () => {
    const commit = {
      ref: "T1",
      at: t("09:30"),
      sha: "9fceb02d0ae598e95dc970b74767f19372d61af8",
      subject: "Lower memory",
      files: ["infra/main.tf"],
      touchesInfra: true,
    };

    const ranked = rankHypotheses(signals({ commits: [commit], clusters: [cluster("T2", "10:00", "10:10", "boom")] }));

    expect(ranked.find((h) => h.kind === "commit")).toMatchObject({
      statement: 'a commit touched infra/main.tf (9fceb02 "Lower memory") 30 minutes before the first error cluster',
      confidence: 0.35,
      evidence: ["T1", "T2"],
    });
  });

  it("falls back to the errors themselves when nothing explains them", () => {
    const [top] = rankHypotheses(signals({ clusters: [cluster("T1", "10:00", "10:10", "KeyError: 'order_id'", 4)] }));

    expect(top).toMatchObject({
      kind: "error-spike",
      statement: "new errors began at 2026-11-23T10:00:00.000Z: 4× \"KeyError: 'order_id'\"",
      confidence: 0.3,
    });
  });

  it("reports a failed deployment even when nothing followed it", () => {
    const ranked = rankHypotheses(
      signals({ deployments: [deploy("T1", "10:00", { outcome: "failed", error: "APPLY_FAILED: quota" })] }),
    );

    expect(ranked).toEqual([
      expect.objectContaining({
        kind: "failed-deployment",
        statement:
          "the deployment at 2026-11-23T10:00:00.000Z failed: APPLY_FAILED: quota; resources may be half-changed",
      }),
    ]);
  });

  it("orders by confidence, then by the most recent evidence", () => {
    const ranked = rankHypotheses(
      signals({
        alarms: [
          { ref: "T1", at: t("10:00"), name: "older" },
          { ref: "T2", at: t("11:00"), name: "newer" },
        ],
      }),
    );

    expect(ranked.map((h) => h.statement)).toEqual([
      "alarm newer went to ALARM at 2026-11-23T11:00:00.000Z",
      "alarm older went to ALARM at 2026-11-23T10:00:00.000Z",
    ]);
  });

  it("keeps every confidence within 0–1 and cites only known evidence", () => {
    const input = signals({
      deployments: [deploy("T1", "10:00", { outcome: "failed" })],
      clusters: [
        cluster(
          "T2",
          "10:01",
          "10:50",
          "Task timed out; ThrottlingException; AccessDenied; ECONNREFUSED; OutOfMemory",
          500,
        ),
      ],
      ecsEvents: [{ ref: "T3", at: t("10:02"), resource: "w", message: "(service w) failed container health checks" }],
      anomalies: [{ ref: "T4", at: t("10:03"), resource: "w", metric: "MemoryUtilization", kind: "memory", peak: 99 }],
    });

    const ranked = rankHypotheses(input);

    expect(ranked.length).toBeGreaterThan(5);
    for (const hypothesis of ranked) {
      expect(hypothesis.confidence).toBeGreaterThan(0);
      expect(hypothesis.confidence).toBeLessThanOrEqual(1);
      expect(hypothesis.evidence.every((ref) => ["T1", "T2", "T3", "T4"].includes(ref))).toBe(true);
    }
    expect(ranked[0]).toMatchObject({ kind: "deployment", confidence: 0.9 });
  });
});

describe("minutesText", () => {
  it.each([
    [20_000, "less than a minute"],
    [60_000, "1 minute"],
    [7 * 60_000, "7 minutes"],
    [3 * 3_600_000, "3 hours"],
  ])("%d ms → %s", (ms, text) => {
    expect(minutesText(ms)).toBe(text);
  });
});
