import { describe, expect, it } from "vitest";
import { assignment, unwrap } from "../../../src/core/shell-programs.js";
import { parseShell } from "../../../src/core/shell-words.js";

function words(line: string) {
  return parseShell(line).commands[0]!.words;
}

describe("unwrap", () => {
  it.each([
    ["FOO=1 devops x", "devops", ["FOO=1"]],
    ["env A=1 B=2 nohup devops x", "devops", ["A=1", "B=2"]],
    ["sudo -u root env TF_WORKSPACE=prod terraform apply", "terraform", ["TF_WORKSPACE=prod"]],
    ["timeout 60 devops x", "devops", []],
    ["X=1", undefined, ["X=1"]],
  ])("finds the program of %j and the assignments it runs with", (line, program, assignments) => {
    const unwrapped = unwrap(words(line));

    expect(unwrapped.program?.text).toBe(program);
    expect(unwrapped.assignments.map((word) => word.text)).toEqual(assignments);
  });
});

describe("assignment", () => {
  it.each([
    ["A=1", ["A", "1"]],
    ["A+=x", ["A", "x"]],
    ["A[2]=y", ["A", "y"]],
    ["A=", ["A", ""]],
    ["1A=x", undefined],
    ["--env=prod", undefined],
  ])("reads %j", (text, expected) => {
    const pair = assignment({ text, dynamic: false });

    expect(pair === undefined ? undefined : [pair[0], pair[1].text]).toEqual(expected);
  });
});
