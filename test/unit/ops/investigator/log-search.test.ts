import { describe, expect, it } from "vitest";
import type { LogEvent } from "../../../../src/core/services/logs.js";
import { capMessage, logLevel, mergeBounded } from "../../../../src/skills/ops/investigator/log-search.js";

describe("logLevel", () => {
  it.each([
    ["2026-11-23T10:15:02.123Z\t3f9a1c2e-8b7d-4e21-9c3f-5a6b7c8d9e0f\tERROR\tInvoke Error", "error"],
    ["[ERROR] KeyError: 'order_id'", "error"],
    ["Traceback (most recent call last):", "error"],
    ["botocore.exceptions.ClientError: An error occurred (ThrottlingException)", "error"],
    ["java.lang.NullPointerException at com.example.Orders.handle", "error"],
    ["2026-11-23T10:15:02.123Z 3f9a1c2e Task timed out after 3.00 seconds", "error"],
    ["FATAL: could not connect to database", "error"],
    ['{"level":"error","msg":"payment failed"}', "error"],
    ['level=warn msg="slow query"', "warning"],
    ["WARNING: retrying in 2s", "warning"],
    ["[WARN] cache miss rate high", "warning"],
    ["START RequestId: 3f9a1c2e-8b7d-4e21-9c3f-5a6b7c8d9e0f Version: $LATEST", "info"],
    ["INFO processed 12 orders (0 errors)", "info"],
  ])("%s → %s", (message, expected) => {
    expect(logLevel(message)).toBe(expected);
  });
});

describe("capMessage", () => {
  it("keeps short messages and trims trailing whitespace", () => {
    expect(capMessage("hello\n")).toEqual({ message: "hello" });
  });

  it("cuts long messages and keeps their full length", () => {
    expect(capMessage("x".repeat(2_500))).toEqual({ message: `${"x".repeat(2_000)}…`, fullLength: 2_500 });
  });
});

describe("mergeBounded", () => {
  const event = (logGroup: string, timestamp: number): LogEvent => ({
    logGroup,
    timestamp,
    message: `${logGroup}@${timestamp}`,
  });

  it("merges groups oldest first and cuts at the limit, counting a lower bound of the rest", () => {
    const merged = mergeBounded(
      [
        [event("a", 1), event("a", 4), event("a", 6)],
        [event("b", 2), event("b", 3)],
      ],
      3,
    );

    expect(merged.events.map((e) => e.message)).toEqual(["a@1", "b@2", "b@3"]);
    expect(merged).toMatchObject({ truncated: true, more: 2 });
  });

  it("is not truncated at or under the limit", () => {
    expect(mergeBounded([[event("a", 1)], []], 1)).toEqual({ events: [event("a", 1)], truncated: false, more: 0 });
  });
});
