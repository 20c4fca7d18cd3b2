import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "../../../../src/records/history.js";
import { parseGitLog } from "../../../../src/skills/ops/investigator/git-commits.js";
import {
  alarmEntries,
  buildTimeline,
  countsText,
  ecsEntries,
  historyEntries,
  lambdaEntries,
  type DraftEntry,
} from "../../../../src/skills/ops/investigator/timeline.js";

const at = (time: string) => `2026-11-23T${time}:00.000Z`;
const window = { startMs: Date.parse(at("10:00")), endMs: Date.parse(at("12:00")) };

function deploy(id: string, time: string, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    schema_version: 1,
    id,
    kind: "deploy",
    environment: "test",
    at: at(time),
    actor: "tester",
    outcome: "applied",
    plan_id: `p-${id}`,
    counts: { create: 1, update: 2, delete: 0, replace: 0 },
    ...extra,
  };
}

describe("historyEntries", () => {
  it("keeps the window's entries and the last real deployment before it", () => {
    const history = [
      deploy("old", "08:00"),
      deploy("prev", "09:30"),
      deploy("noop", "09:45", { outcome: "no_changes", counts: { create: 0, update: 0, delete: 0, replace: 0 } }),
      deploy("d1", "10:30"),
      deploy("late", "12:30"),
    ];

    const entries = historyEntries(history, window);

    expect(entries).toEqual([
      {
        key: "deploy:prev",
        at: at("09:30"),
        source: "deployment",
        severity: "info",
        title: "deploy applied (plan p-prev, +1 ~2 -0)",
        detail: "the last deployment before the window",
      },
      {
        key: "deploy:d1",
        at: at("10:30"),
        source: "deployment",
        severity: "info",
        title: "deploy applied (plan p-d1, +1 ~2 -0)",
      },
    ]);
  });

  it("marks a failed deployment as an error with its message", () => {
    const [entry] = historyEntries(
      [deploy("f", "11:00", { outcome: "failed", error: { code: "APPLY_FAILED", message: "boom" } })],
      window,
    );

    expect(entry).toMatchObject({
      severity: "error",
      title: "deploy failed (plan p-f, +1 ~2 -0)",
      detail: "APPLY_FAILED: boom",
    });
  });
});

describe("countsText", () => {
  it.each([
    [{ create: 1, update: 2, delete: 3, replace: 0 }, "+1 ~2 -3"],
    [{ create: 0, update: 0, delete: 0, replace: 2 }, "+0 ~0 -0 ±2"],
    [undefined, undefined],
  ])("%j → %s", (counts, text) => {
    expect(countsText(counts)).toBe(text);
  });
});

describe("alarmEntries", () => {
  it("lists alarms in ALARM (even since before the window) and changes in the window, without telling one change twice", () => {
    const alarms = [
      {
        name: "api-errors",
        state: "ALARM",
        stateUpdatedAt: at("10:40"),
        metricName: "Errors",
        namespace: "AWS/Lambda",
        dimensions: {},
      },
      { name: "old-alarm", state: "ALARM", stateUpdatedAt: at("07:00"), dimensions: {} },
      { name: "quiet", state: "OK", stateUpdatedAt: at("06:00"), dimensions: {} },
    ];
    const transitions = [
      {
        alarmName: "api-errors",
        at: "2026-11-23T10:40:00.250Z",
        summary: "Alarm updated from OK to ALARM",
        oldState: "OK",
        newState: "ALARM",
      },
    ];

    const entries = alarmEntries(alarms, transitions, window);

    expect(entries.map((e) => [e.title, e.severity])).toEqual([
      ["alarm old-alarm is ALARM", "error"],
      ["alarm api-errors went from OK to ALARM", "error"],
    ]);
  });
});

describe("ecsEntries and lambdaEntries", () => {
  it("keeps service events and deployments inside the window, troubles as warnings", () => {
    const facts = {
      serviceName: "worker",
      events: [
        { id: "e1", at: at("10:50"), message: "(service worker) has reached a steady state." },
        { id: "e2", at: at("11:00"), message: "(service worker) (task abc) failed container health checks." },
        { id: "e0", at: at("09:00"), message: "(service worker) has started 1 tasks." },
      ],
      deployments: [
        {
          id: "ecs-svc/1",
          status: "PRIMARY",
          rolloutState: "FAILED",
          createdAt: at("10:45"),
          taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/worker:7",
        },
      ],
    };

    const entries = ecsEntries("worker", facts, window);

    expect(entries.map((e) => [e.at, e.severity, e.title])).toEqual([
      [at("10:50"), "info", "(service worker) has reached a steady state."],
      [at("11:00"), "warning", "(service worker) (task abc) failed container health checks."],
      [at("10:45"), "error", "ECS deployment ecs-svc/1 (PRIMARY, FAILED) of worker:7"],
    ]);
  });

  it("keeps versions published and configuration changed inside the window", () => {
    const facts = {
      functionName: "api",
      lastModified: at("11:10"),
      memoryMb: 128,
      timeoutSeconds: 3,
      versions: [
        { version: "1", lastModified: at("09:00") },
        { version: "2", lastModified: at("10:31"), description: "v2" },
      ],
    };

    expect(lambdaEntries("api", facts, window).map((e) => e.title)).toEqual([
      "version 2 of api published (v2)",
      "configuration of api changed (memory 128 MB, timeout 3 s)",
    ]);
  });
});

describe("buildTimeline", () => {
  it("orders by time, causes before effects at the same time, drops duplicate keys and numbers T1…", () => {
    const drafts: DraftEntry[] = [
      { key: "cluster:x", at: at("10:30"), source: "log-errors", severity: "error", title: "3× boom" },
      { key: "deploy:d1", at: at("10:30"), source: "deployment", severity: "info", title: "deploy applied" },
      { key: "commit:abc", at: "2026-11-23T11:00:00+01:00", source: "commit", severity: "info", title: "commit abc" },
      { key: "deploy:d1", at: at("10:30"), source: "deployment", severity: "info", title: "duplicate" },
      { key: "bad", at: "not a time", source: "commit", severity: "info", title: "dropped" },
    ];

    const timeline = buildTimeline(drafts);

    expect(timeline.map((e) => [e.id, e.key, e.at])).toEqual([
      ["T1", "commit:abc", at("10:00")],
      ["T2", "deploy:d1", at("10:30")],
      ["T3", "cluster:x", at("10:30")],
    ]);
  });
});

describe("parseGitLog", () => {
  it("reads sha, committer date, author, subject and files", () => {
    const stdout =
      "\x1e9fceb02d0ae598e95dc970b74767f19372d61af8\x1f2026-11-23T10:20:00+00:00\x1fAda\x1fRaise memory\n\ninfra/main.tf\nsrc/app.py\n\x1e1111111111111111111111111111111111111111\x1f2026-11-23T09:00:00+01:00\x1fBob\x1fEmpty\n";

    expect(parseGitLog(stdout)).toEqual([
      {
        sha: "9fceb02d0ae598e95dc970b74767f19372d61af8",
        at: at("10:20"),
        author: "Ada",
        subject: "Raise memory",
        files: ["infra/main.tf", "src/app.py"],
      },
      { sha: "1111111111111111111111111111111111111111", at: at("08:00"), author: "Bob", subject: "Empty", files: [] },
    ]);
  });

  it("is empty for no output and skips malformed records", () => {
    expect(parseGitLog("")).toEqual([]);
    expect(parseGitLog("\x1enot-a-sha\x1fwhen\x1fwho\x1fwhat\n")).toEqual([]);
  });
});
