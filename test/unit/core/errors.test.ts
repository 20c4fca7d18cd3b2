import { describe, expect, it } from "vitest";
import {
  ConfirmationRequired,
  type ErrorCode,
  InternalError,
  ProviderError,
  RecordError,
  toDevopsError,
  UserError,
} from "../../../src/core/errors.js";
import { exitCodeOf } from "../../../src/core/result.js";

describe("exit codes", () => {
  it.each([
    ["UserError", new UserError("X" as ErrorCode, "m"), 2],
    ["ProviderError", new ProviderError("X" as ErrorCode, "m"), 1],
    ["RecordError", new RecordError("X" as ErrorCode, "m"), 1],
    ["ConfirmationRequired", new ConfirmationRequired("X" as ErrorCode, "m"), 3],
    ["InternalError", new InternalError("m"), 1],
  ])("%s exits %i", (_name, error, code) => {
    expect(error.exitCode).toBe(code);
  });

  it.each([
    [{ status: "valid", data: {} }, 0],
    [{ status: "needs_confirmation", data: {} }, 3],
    [{ status: "tested", verdict: "fail" as const, data: {} }, 4],
    [{ status: "tested", verdict: "pass" as const, data: {} }, 0],
  ])("result %j exits %i", (result, code) => {
    expect(exitCodeOf(result)).toBe(code);
  });

  it("wraps anything unexpected as an internal error that keeps the cause", () => {
    const cause = new TypeError("x is undefined");

    const error = toDevopsError(cause);

    expect(error).toMatchObject({ code: "INTERNAL", exitCode: 1, message: "x is undefined", cause });
    expect(error.suggestion).toMatch(/report/);
  });
});
