import { describe, expect, it } from "vitest";
import { emptyIssueLog } from "../../../src/records/issue-log.js";
import type { IssueEntry, IssueLog, LoggedSolution } from "../../../src/records/issue-log.js";
import {
  confidenceOf,
  LEARNED_MIN_ATTEMPTS,
  LEARNED_MIN_SCORE,
  LEARNED_MIN_SUCCESS_PERCENTAGE,
  type RANKING_WEIGHTS,
  rankSolutions,
  searchIssueLog,
} from "../../../src/skills/infra/debugger/ranking.js";
import type { CatalogueMatch, IssueQuery } from "../../../src/skills/infra/debugger/ranking.js";

const DAY = 86_400_000;
const NOW = new Date("2027-06-01T12:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

const LOCK_MESSAGE =
  "error acquiring the state lock: conditionalcheckfailedexception: the conditional request failed lock info: id: <uuid>";

const query: IssueQuery = {
  normalizedMessage: LOCK_MESSAGE,
  code: "ConditionalCheckFailedException",
  resourceType: "aws_dynamodb_table",
  environment: "test",
  operation: "deploy",
};

function fix(
  description: string,
  attempts: number,
  successes: number,
  overrides: Partial<LoggedSolution> = {},
): LoggedSolution {
  return {
    solution_id: `sol-${description.replace(/\W+/g, "-")}`,
    description,
    category: "state_fix",
    steps: ["devops infra unlock --env {environment} --lock-id {lock_id}"],
    automation: { automated: true, operation: "force-unlock" },
    source: "learned",
    success_rate: {
      attempts,
      successes,
      failures: attempts - successes,
      percentage: attempts === 0 ? 0 : Math.round((successes / attempts) * 1000) / 10,
    },
    first_used: daysAgo(60),
    last_used: daysAgo(0),
    avg_resolution_time_seconds: null,
    resolution_time_samples: 0,
    ...overrides,
  };
}

/** An issue matching the query on exactly the factors named; everything else differs. */
function issue(
  id: string,
  matches: readonly (keyof typeof RANKING_WEIGHTS)[],
  solutions: LoggedSolution[],
): IssueEntry {
  const on = (factor: keyof typeof RANKING_WEIGHTS) => matches.includes(factor);
  return {
    issue_id: id,
    first_seen: daysAgo(90),
    last_seen: daysAgo(1),
    occurrence_count: 3,
    error: {
      category: "state",
      message: "…",
      normalized_message: on("exact") ? LOCK_MESSAGE : `unrelated failure ${id}`,
      code: on("code") ? "conditionalcheckfailedexception" : "ValidationException",
      http_status: 400,
      action: null,
      context: {
        environment: on("environment") ? "test" : "staging",
        operation: on("operation") ? "deploy" : "validate",
        resource_type: on("resource_type") ? "aws_dynamodb_table" : "aws_s3_bucket",
        resource_name: null,
        terraform_module: null,
      },
    },
    solutions,
    tags: [],
    related_issues: [],
    notes: [],
  };
}

const logOf = (...issues: IssueEntry[]): IssueLog => ({ ...emptyIssueLog(NOW), issues });

describe("searchIssueLog", () => {
  it.each([
    ["exact", 10],
    ["code", 5],
    ["resource_type", 3],
    ["environment", 2],
    ["operation", 1.5],
  ] as const)("weighs a %s match %d", (factor, weight) => {
    const log = logOf(issue("i1", [factor], [fix("Release the lock", 4, 0, { last_used: daysAgo(10) })]));

    const [ranked] = searchIssueLog(log, query, { now: NOW, filter: false });

    expect(ranked?.breakdown).toEqual({
      exact: 0,
      code: 0,
      resource_type: 0,
      environment: 0,
      operation: 0,
      [factor]: weight,
      success_rate: 0,
      recency: 0.05,
    });
    expect(ranked?.score).toBe(weight + 0.05);
  });

  it.each([
    [100, 1],
    [80, 0.8],
    [0, 0],
  ])("weighs a %d%% success rate %d", (percentage, contribution) => {
    const log = logOf(
      issue("i1", ["exact"], [fix("Release the lock", 10, percentage / 10, { last_used: daysAgo(10) })]),
    );

    const [ranked] = searchIssueLog(log, query, { now: NOW, filter: false });

    expect(ranked?.breakdown.success_rate).toBe(contribution);
  });

  it.each([
    [0, 0.5],
    [0.5, 0.5],
    [1, 0.5],
    [4, 0.125],
    [50, 0.01],
  ])("weighs a fix last used %d days ago %d for recency", (days, contribution) => {
    const log = logOf(issue("i1", ["exact"], [fix("Release the lock", 4, 0, { last_used: daysAgo(days) })]));

    const [ranked] = searchIssueLog(log, query, { now: NOW, filter: false });

    expect(ranked?.breakdown.recency).toBe(contribution);
  });

  it("gives no environment factor to a query without an environment", () => {
    const log = logOf(issue("i1", ["code", "environment"], [fix("Release the lock", 4, 4)]));

    const [ranked] = searchIssueLog(log, { ...query, environment: null }, { now: NOW, filter: false });

    expect(ranked?.breakdown).toMatchObject({ code: 5, environment: 0 });
  });

  it("gives no base score: an unrelated issue with a perfect fix is not returned, filters or not", () => {
    const log = logOf(issue("unrelated", [], [fix("Release the lock", 20, 20)]));

    expect(searchIssueLog(log, query, { now: NOW, filter: false })).toEqual([]);
    expect(searchIssueLog(log, query, { now: NOW })).toEqual([]);
  });

  it("keeps the seed's evidence filters", () => {
    expect([LEARNED_MIN_SCORE, LEARNED_MIN_SUCCESS_PERCENTAGE, LEARNED_MIN_ATTEMPTS]).toEqual([5, 50, 2]);
  });

  it.each([
    ["a code match, 2 attempts at 50%", ["code"], 2, 1, true],
    ["a code match, 1 attempt at 100%", ["code"], 1, 1, false],
    ["a code match, 10 attempts at 40%", ["code"], 10, 4, false],
    ["a resource type and environment match", ["resource_type", "environment"], 10, 10, true],
    ["a resource type and operation match (4.5)", ["resource_type", "operation"], 10, 10, false],
    // 2 + 1.5 + 1 + 0.5 reaches 5, but sharing the environment and operation says nothing about the error.
    ["an environment and operation match only", ["environment", "operation"], 10, 10, false],
  ] as const)("offers a fix with %s: %s", (_what, matches, attempts, successes, offered) => {
    const log = logOf(issue("i1", matches, [fix("Release the lock", attempts, successes)]));

    expect(searchIssueLog(log, query, { now: NOW }).length).toBe(offered ? 1 : 0);
  });

  it("does not count an exact text match when the issue names another IAM action", () => {
    const entry = issue("i1", ["exact"], [fix("Grant the action", 4, 4)]);
    entry.error.action = "s3:PutObject";

    const [ranked] = searchIssueLog(logOf(entry), { ...query, action: "s3:GetObject" }, { now: NOW, filter: false });
    const [same] = searchIssueLog(logOf(entry), { ...query, action: "s3:PutObject" }, { now: NOW, filter: false });

    expect(ranked).toBeUndefined();
    expect(same?.breakdown.exact).toBe(10);
  });

  it("sorts by score, then success rate, then id, and returns the top five", () => {
    const log = logOf(
      issue("i-exact", ["exact", "code"], [fix("Fix B", 10, 8), fix("Fix A", 10, 8), fix("Fix C", 10, 10)]),
      issue("i-code", ["code", "environment"], [fix("Fix D", 10, 10), fix("Fix E", 10, 9), fix("Fix F", 10, 5)]),
    );

    const ranked = searchIssueLog(log, query, { now: NOW });

    expect(ranked.map((r) => r.description)).toEqual(["Fix C", "Fix A", "Fix B", "Fix D", "Fix E"]);
  });

  it("returns the same ranking whatever the order of the log", () => {
    const issues = [
      issue("i1", ["exact"], [fix("Fix A", 4, 4), fix("Fix B", 4, 4)]),
      issue("i2", ["exact"], [fix("Fix C", 4, 4)]),
      issue("i3", ["code"], [fix("Fix D", 4, 4)]),
    ];

    const forward = searchIssueLog(logOf(...issues), query, { now: NOW });
    const backward = searchIssueLog(
      logOf(...[...issues].reverse().map((i) => ({ ...i, solutions: [...i.solutions].reverse() }))),
      query,
      { now: NOW },
    );

    expect(backward).toEqual(forward);
  });

  it("offers a fix recorded under two matching issues once, at its best score", () => {
    const log = logOf(
      issue("i1", ["exact", "code"], [fix("Release the lock", 4, 4)]),
      issue("i2", ["code"], [fix("release the  lock", 4, 4, { solution_id: "other" })]),
    );

    const ranked = searchIssueLog(log, query, { now: NOW });

    expect(ranked).toHaveLength(1);
    expect(ranked[0]).toMatchObject({ issue_id: "i1", score: 16.5 });
  });
});

describe("confidence", () => {
  it.each([
    [15, 90, "high"],
    [15, 89.9, "medium"],
    [14.9, 100, "medium"],
    [10, 70, "medium"],
    [10, 69.9, "low"],
    [5, 50, "low"],
    [4.9, 100, "very_low"],
    [20, 49.9, "very_low"],
  ] as const)("score %d with %d%% success is %s", (score, percentage, expected) => {
    expect(confidenceOf(score, percentage)).toBe(expected);
  });
});

const lockMatch = (matchedBy: CatalogueMatch["matchedBy"]): CatalogueMatch => ({
  entry: {
    id: "terraform-state-locked",
    title: "The Terraform state is locked",
    category: "state",
    codes: ["ConditionalCheckFailedException"],
    patterns: [/error acquiring the state lock/i],
    solutions: [
      {
        description: "Release the lock",
        category: "state_fix",
        steps: ["devops infra unlock"],
        automation: { automated: true, operation: "force-unlock" },
      },
      {
        description: "Wait for the other run to finish",
        category: "manual",
        steps: ["check running pipelines"],
        automation: { automated: false },
      },
    ],
  },
  matchedBy,
});

describe("rankSolutions", () => {
  it.each([
    [["pattern", "code"], 15, "medium"],
    [["pattern"], 10, "low"],
    [["code"], 5, "low"],
    [["resource_type"], 3, "very_low"],
  ] as const)("scores a catalogue match by %j at %d with confidence at most %s", (matchedBy, score, confidence) => {
    const ranked = rankSolutions({ log: logOf(), query, catalogue: [lockMatch(matchedBy)], now: NOW });

    expect(ranked.map((r) => [r.catalogue_id, r.source, r.score, r.confidence, r.success_rate])).toEqual([
      ["terraform-state-locked", "catalogue", score, confidence, null],
      ["terraform-state-locked#2", "catalogue", score, confidence, null],
    ]);
  });

  it("merges a learned fix into its catalogue entry, the learned statistics winning", () => {
    const learned = fix("Release the lock", 12, 12, { catalogue_id: "terraform-state-locked", source: "catalogue" });
    const log = logOf(issue("i1", ["exact", "code", "resource_type", "environment", "operation"], [learned]));

    const [first, second] = rankSolutions({ log, query, catalogue: [lockMatch(["pattern", "code"])], now: NOW });

    expect(first).toMatchObject({
      solution_id: learned.solution_id,
      issue_id: "i1",
      catalogue_id: "terraform-state-locked",
      source: "learned",
      score: 23,
      success_rate: { attempts: 12, successes: 12, failures: 0, percentage: 100 },
      confidence: "high",
    });
    expect(second).toMatchObject({ catalogue_id: "terraform-state-locked#2", source: "catalogue" });
  });

  it("keeps the catalogue's capped confidence until the fix has been tried enough here", () => {
    const learned = fix("Release the lock", 1, 1, { catalogue_id: "terraform-state-locked", source: "catalogue" });
    const log = logOf(issue("i1", ["exact", "code", "resource_type", "environment", "operation"], [learned]));

    const [first] = rankSolutions({ log, query, catalogue: [lockMatch(["pattern", "code"])], now: NOW });

    expect(first).toMatchObject({ source: "learned", success_rate: { attempts: 1 }, confidence: "medium" });
  });

  it("drops a catalogue fix that keeps failing here", () => {
    const learned = fix("Release the lock", 6, 1, { catalogue_id: "terraform-state-locked", source: "catalogue" });
    const log = logOf(issue("i1", ["exact", "code"], [learned]));

    const ranked = rankSolutions({ log, query, catalogue: [lockMatch(["pattern", "code"])], now: NOW });

    expect(ranked.map((r) => r.catalogue_id)).toEqual(["terraform-state-locked#2"]);
  });

  it("ignores the record a catalogue fix has on an issue that only shares the environment and operation", () => {
    const learned = fix("Release the lock", 12, 0, { catalogue_id: "terraform-state-locked", source: "catalogue" });
    const log = logOf(issue("elsewhere", ["environment", "operation"], [learned]));

    const [first] = rankSolutions({ log, query, catalogue: [lockMatch(["pattern", "code"])], now: NOW });

    expect(first).toMatchObject({
      source: "catalogue",
      catalogue_id: "terraform-state-locked",
      success_rate: null,
      confidence: "medium",
    });
  });

  it("ranks learned fixes and catalogue fixes together, filtering only the learned ones", () => {
    const log = logOf(
      issue(
        "i1",
        ["exact", "code", "environment"],
        [fix("Restart the pipeline", 10, 10), fix("Delete the lock item", 1, 1)],
      ),
    );

    const ranked = rankSolutions({ log, query, catalogue: [lockMatch(["code"])], now: NOW });

    expect(ranked.map((r) => [r.description, r.score])).toEqual([
      ["Restart the pipeline", 18.5],
      ["Release the lock", 5],
      ["Wait for the other run to finish", 5],
    ]);
  });

  it("returns at most the limit", () => {
    const log = logOf(
      issue(
        "i1",
        ["exact"],
        Array.from({ length: 8 }, (_, n) => fix(`Fix ${n}`, 4, 4)),
      ),
    );

    expect(rankSolutions({ log, query, catalogue: [lockMatch(["pattern"])], now: NOW })).toHaveLength(5);
    expect(rankSolutions({ log, query, catalogue: [], now: NOW, limit: 3 })).toHaveLength(3);
  });
});
