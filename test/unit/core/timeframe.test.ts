import { describe, expect, it } from "vitest";

import { formatDuration, parseTimeframe } from "../../../src/core/timeframe.js";

const NOW = Date.parse("2026-11-24T12:00:00Z");
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function errorFrom(action: () => unknown): { code?: string; message?: string; suggestion?: string } {
  try {
    action();
  } catch (error) {
    return error as { code?: string; message?: string; suggestion?: string };
  }
  throw new Error("expected an error");
}

describe("parseTimeframe", () => {
  describe("relative durations end now", () => {
    it.each([
      ["90s", 90 * SECOND],
      ["30m", 30 * MINUTE],
      ["2h", 2 * HOUR],
      ["24h", 24 * HOUR],
      ["7d", 7 * DAY],
      ["2w", 14 * DAY],
      ["30min", 30 * MINUTE],
      ["45 sec", 45 * SECOND],
      ["2 hours", 2 * HOUR],
      ["1 hour", HOUR],
      ["3 hrs", 3 * HOUR],
      ["7 days", 7 * DAY],
      ["1 week", 7 * DAY],
      ["2H", 2 * HOUR],
      ["7 DAYS", 7 * DAY],
      ["  15m \n", 15 * MINUTE],
      ["1h30m", 90 * MINUTE],
      ["1 hour 30 minutes", 90 * MINUTE],
    ])("%j covers %i ms", (text, durationMs) => {
      const range = parseTimeframe(text, NOW);

      expect(range).toEqual({ startMs: NOW - durationMs, endMs: NOW });
    });
  });

  describe("an instant runs from then until now", () => {
    it.each([
      ["2026-11-23T10:00:00Z", "2026-11-23T10:00:00.000Z"],
      ["2026-11-23t10:00:00z", "2026-11-23T10:00:00.000Z"],
      ["2026-11-23T10:00:00.250Z", "2026-11-23T10:00:00.250Z"],
      ["2026-11-23T10:00:00.123456789Z", "2026-11-23T10:00:00.123Z"],
      ["2026-11-23T10:00Z", "2026-11-23T10:00:00.000Z"],
      ["2026-11-23T10:00:00+02:00", "2026-11-23T08:00:00.000Z"],
      ["2026-11-23T10:00:00-0530", "2026-11-23T15:30:00.000Z"],
      ["2026-11-23T10:00:00", "2026-11-23T10:00:00.000Z"],
      ["2026-11-23 10:00:00Z", "2026-11-23T10:00:00.000Z"],
      ["2026-11-23", "2026-11-23T00:00:00.000Z"],
      ["2024-02-29", "2024-02-29T00:00:00.000Z"],
      ["1764000000000", "2025-11-24T16:00:00.000Z"],
    ])("%j starts at %s", (text, expectedStart) => {
      const range = parseTimeframe(text, NOW);

      expect(range).toEqual({ startMs: Date.parse(expectedStart), endMs: NOW });
    });
  });

  describe("a range gives both ends", () => {
    it.each([
      ["2026-11-23T10:00:00Z/2026-11-23T12:00:00Z", "2026-11-23T10:00:00Z", "2026-11-23T12:00:00Z"],
      ["2026-11-23T10:00:00Z..2026-11-23T12:00:00Z", "2026-11-23T10:00:00Z", "2026-11-23T12:00:00Z"],
      ["2026-11-23T10:00:00.5Z..2026-11-23T10:00:01.5Z", "2026-11-23T10:00:00.500Z", "2026-11-23T10:00:01.500Z"],
      [" 2026-11-20 / 2026-11-21 ", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"],
      ["2026-11-23T10:00:00+01:00/2026-11-23T10:00:00Z", "2026-11-23T09:00:00Z", "2026-11-23T10:00:00Z"],
      ["2026-11-30/2026-12-31", "2026-11-30T00:00:00Z", "2026-12-31T00:00:00Z"],
    ])("%j", (text, start, end) => {
      const range = parseTimeframe(text, NOW);

      expect(range).toEqual({ startMs: Date.parse(start), endMs: Date.parse(end) });
    });
  });

  describe("rejects with TIMEFRAME_INVALID, quoting the value", () => {
    it.each([
      ["", "is empty"],
      ["   ", "is empty"],
      ["yesterday", "is not a duration"],
      ["2 fortnights", 'unknown unit "fortnights"'],
      ["5x", 'unknown unit "x"'],
      ["constructor", "is not a duration"],
      ["1 constructor", 'unknown unit "constructor"'],
      ["0m", "is zero"],
      ["0h 0m", "is zero"],
      ["-2h", "is negative"],
      ["- 5m", "is negative"],
      ["2.5h", "is not"],
      ["1700000000", "is not a duration"],
      ["17000000000", "is not a duration"],
      ["2026-13-45", "not a real calendar date"],
      ["2026-02-30", "not a real calendar date"],
      ["2025-02-29", "not a real calendar date"],
      ["2026-11-23T24:00:00Z", "not a real time of day"],
      ["2026-11-23T10:60:00Z", "not a real time of day"],
      ["2026-11-23T10:00:00+25:00", "impossible UTC offset"],
      ["0050-01-01", "before 1970"],
      ["2026-1-5", "is not"],
      ["23/11/2026", "exactly one start and one end"],
      ["11/23", 'has a start "11"'],
      ["2026-11-25T00:00:00Z", "is not in the past"],
      ["2026-11-24T12:00:00Z", "is not in the past"],
      ["2026-11-23T12:00:00Z/2026-11-23T10:00:00Z", "the end must be after the start"],
      ["2026-11-23T10:00:00Z/2026-11-23T10:00:00Z", "the end must be after the start"],
      ["2026-11-23T10:00:00Z/", "exactly one start and one end"],
      ["..2026-11-23", "exactly one start and one end"],
      ["2026-11-21/2026-11-22/2026-11-23", "exactly one start and one end"],
      ["2h/1h", 'has a start "2h"'],
      ["2026-11-23/now", 'has an end "now"'],
      ["99999999999999999999w", "is too long"],
    ])("%j (%s)", (text, reason) => {
      const error = errorFrom(() => parseTimeframe(text, NOW));

      expect(error).toEqual(expect.objectContaining({ code: "TIMEFRAME_INVALID" }));
      expect(error.message).toContain(`timeframe "${text.trim()}"`);
      expect(error.message).toContain(reason);
    });

    it("suggests the accepted forms with examples", () => {
      const error = errorFrom(() => parseTimeframe("last tuesday", NOW));

      expect(error.suggestion).toContain(
        "30m, 2h, 24h, 7d, 2026-11-23T10:00:00Z, 2026-11-23T10:00:00Z/2026-11-23T12:00:00Z",
      );
    });
  });
});

describe("formatDuration", () => {
  it.each([
    [7_200_000, "2h"],
    [5_400_000, "1h30m"],
    [45_000, "45s"],
    [90_000, "1m30s"],
    [0, "0s"],
    [250, "250ms"],
    [1_999, "1s"],
    [DAY, "1d"],
    [7 * DAY + 2 * HOUR + 5 * SECOND, "7d2h5s"],
    [-HOUR, "-1h"],
  ])("%i ms → %s", (ms, expected) => {
    const text = formatDuration(ms);

    expect(text).toBe(expected);
  });

  it.each(["90s", "30m", "2h", "1h30m", "7d"])("round-trips %s through parseTimeframe", (duration) => {
    const { startMs, endMs } = parseTimeframe(duration, NOW);

    const text = formatDuration(endMs - startMs);

    expect(parseTimeframe(text, NOW)).toEqual({ startMs, endMs });
  });
});
