import { describe, expect, it } from "vitest";
import { timeAgo, whenWithAge } from "../../../src/core/format.js";

const NOW = new Date("2026-12-07T15:00:00.000Z");

describe("how long ago a failure was", () => {
  it.each([
    ["2026-12-07T15:00:00.000Z", "just now"],
    ["2026-12-07T14:59:30.000Z", "just now"],
    ["2026-12-07T14:59:00.000Z", "1 minute ago"],
    ["2026-12-07T14:40:00.000Z", "20 minutes ago"],
    ["2026-12-07T13:00:00.000Z", "2 hours ago"],
    ["2026-12-04T15:00:00.000Z", "3 days ago"],
    ["2026-12-07T15:05:00.000Z", "in the future (check the clock)"],
  ])("%s is %s", (at, expected) => {
    expect(timeAgo(new Date(at), NOW)).toBe(expected);
  });

  it("is shown with the absolute time", () => {
    expect(whenWithAge("2026-12-07T14:40:00.000Z", NOW)).toBe("2026-12-07T14:40:00.000Z (20 minutes ago)");
  });
});
