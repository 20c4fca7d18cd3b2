import { describe, expect, it } from "vitest";
import { commandLine, placeholder, shellQuote } from "../../../src/core/commands/command-line.js";
import type { CommandId } from "../../../src/core/commands/index.js";

describe("commandLine", () => {
  it.each([
    [
      commandLine("ops check-health", { env: "prod", service: "api" }),
      "devops ops check-health --env prod --service api",
    ],
    [commandLine("config validate"), "devops config validate"],
    [
      commandLine("infra show-resources", { env: "test", refresh: true }),
      "devops infra show-resources --env test --refresh",
    ],
    [
      commandLine("infra architect", { feature: "store user uploads", force: false }),
      'devops infra architect --feature "store user uploads"',
    ],
    [commandLine("ops check-health", { env: "test", service: undefined }), "devops ops check-health --env test"],
    [commandLine("ops query-logs", { env: "test", limit: 50 }), "devops ops query-logs --env test --limit 50"],
    [
      commandLine("infra debug", { recordOutcome: true, issue: placeholder("<id>") }),
      "devops infra debug --record-outcome --issue <id>",
    ],
    [commandLine("route", { text: "deploy to test" }), 'devops route "deploy to test"'],
    [
      commandLine("infra deploy", { env: "prod", target: ["aws_s3_bucket.a", 'module.m["x"]'], refresh: "false" }),
      `devops infra deploy --env prod --target aws_s3_bucket.a --target 'module.m["x"]' --refresh false`,
    ],
    [
      commandLine("infra state rm", { env: "prod", plan: "p1", addresses: ["a.b[0]", 'a.c["k y"]'] }),
      `devops infra state rm --env prod --plan p1 "a.b[0]" 'a.c["k y"]'`,
    ],
  ])("%s", (line, expected) => {
    expect(line).toBe(expected);
  });

  it("refuses a flag the command does not declare", () => {
    const values = { env: "test", timeframe: "1h" };

    expect(() => commandLine("ops check-health" as CommandId, values)).toThrow(/declares no flag --timeframe/);
  });
});

describe("shellQuote", () => {
  it.each([
    ["prod", "prod"],
    ["s3:PutObject", "s3:PutObject"],
    ["arn:aws:s3:::bucket/*", '"arn:aws:s3:::bucket/*"'],
    ["Database timeout", '"Database timeout"'],
    ["", '""'],
    ["$(rm -rf ~)", "'$(rm -rf ~)'"],
    ["it's `x`", `'it'\\''s \`x\`'`],
    ['say "hi"', `'say "hi"'`],
  ])("%s → %s", (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
  });
});
