// A read-only command over several stacks folds into one result: the worst stack's status, and a
// failing verdict when any stack fails (so the exit code is the worst).
import { describe, expect, it } from "vitest";
import { foldStacks } from "../../../src/skills/infra/each-stack.js";

const STATUS = ["locked", "drift", "changes_pending", "in_sync"] as const;
const TEST = ["fail", "warn", "not_deployed", "pass"] as const;

describe("foldStacks", () => {
  it.each([
    [["in_sync", "in_sync"], "in_sync"],
    [["in_sync", "changes_pending"], "changes_pending"],
    [["drift", "changes_pending"], "drift"],
    [["changes_pending", "locked", "in_sync"], "locked"],
  ])("check-status %j is %s", (statuses, expected) => {
    const sections = statuses.map((status) => ({
      status,
      verdict: status === "in_sync" ? ("pass" as const) : ("fail" as const),
    }));

    const folded = foldStacks(sections, STATUS);

    expect(folded).toEqual({ status: expected, verdict: expected === "in_sync" ? "pass" : "fail" });
  });

  it.each([
    [["pass", "warn"], "warn", "pass"],
    [["warn", "fail"], "fail", "fail"],
    [["pass", "not_deployed"], "not_deployed", "pass"],
  ])("test-changes %j is %s with verdict %s", (statuses, expected, verdict) => {
    const sections = statuses.map((status) => ({
      status,
      verdict: status === "fail" ? ("fail" as const) : ("pass" as const),
    }));

    expect(foldStacks(sections, TEST)).toEqual({ status: expected, verdict });
  });

  it("a status the ranking does not know counts as the best; no verdicts means none", () => {
    expect(foldStacks([{ status: "shown" }, { status: "not_deployed" }], ["not_deployed"])).toEqual({
      status: "not_deployed",
    });
  });
});
