import { describe, expect, it } from "vitest";
import { JsonTextError, MAX_JSON_DEPTH, readJsonText } from "../../../src/core/config/json-text.js";

function problem(text: string): Pick<JsonTextError, "kind" | "message" | "line" | "column" | "path"> {
  try {
    readJsonText(text);
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error;
    return { kind: error.kind, message: error.message, line: error.line, column: error.column, path: error.path };
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe("reading a JSON text", () => {
  it.each([
    ["an object", '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {}}'],
    ["a scalar", ' "text" '],
    ["empty containers", '{"a": [], "b": {}, "c": [[]]}'],
    ["a key repeated in different objects", '{"a": {"k": 1}, "b": {"k": 2}}'],
  ])("reads %s as JSON.parse does", (_label, text) => {
    expect(readJsonText(text)).toEqual(JSON.parse(text));
  });

  it("skips a leading byte-order mark", () => {
    expect(readJsonText('\uFEFF{"a": 1}')).toEqual({ a: 1 });
  });

  it.each([
    ["a trailing comma", '{\n  "a": 1,\n}', 'a trailing comma before "}"', 3, 1],
    ["a missing comma", '{"a": 1 "b": 2}', 'expected "," or "}", found "\\""', 1, 9],
    ["an unquoted key", "{\n  a: 1}", 'expected a property name in double quotes, found "a"', 2, 3],
    ["a single-quoted string", "{\"a\": 'x'}", 'expected a value, found "\'"', 1, 7],
    ["an unclosed string", '{"a": "x}', "a string is not closed", 1, 7],
    [
      "a raw line break in a string",
      '{"a": "x\ny"}',
      "a string may not hold a raw line break or control character",
      1,
      9,
    ],
    ["a bad escape", '{"a": "\\x"}', '"x" cannot follow a backslash in a string', 1, 8],
    ["a truncated document", '{"a": [1, 2', 'expected "," or "]", found the end of the file', 1, 12],
    ["text after the document", '{"a": 1} x', 'unexpected "x" after the end of the document', 1, 10],
    ["an empty file", "", "expected a value, found the end of the file", 1, 1],
    ["a second byte-order mark", "\uFEFF\uFEFF{}", 'expected a value, found "\uFEFF"', 1, 2],
  ])("refuses %s with its line and column", (_label, text, message, line, column) => {
    expect(problem(text)).toMatchObject({ kind: "syntax", message, line, column });
  });

  it("refuses a repeated key, naming it and its path", () => {
    const text = '{"environments": {"prod": {\n  "require_confirmation": true,\n  "require_confirmation": false}}}';

    expect(problem(text)).toEqual({
      kind: "duplicate",
      message: 'the key "require_confirmation" appears more than once',
      line: 3,
      column: 3,
      path: ["environments", "prod", "require_confirmation"],
    });
  });

  it("reports a syntax error after a repeated key as the syntax error, since the text is not JSON at all", () => {
    expect(problem('{"a": 1, "a": 2,}')).toMatchObject({ kind: "syntax", message: 'a trailing comma before "}"' });
  });

  it("refuses nesting past the limit without overflowing the stack", () => {
    const deep = `{"a": ${"[".repeat(5000)}${"]".repeat(5000)}}`;

    expect(problem(deep)).toMatchObject({ kind: "depth", path: ["a", ...Array(MAX_JSON_DEPTH - 1).fill(0)] });
  });

  it("accepts nesting up to the limit", () => {
    const text = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH);

    expect(readJsonText(text)).toEqual(JSON.parse(text));
  });

  it("agrees with JSON.parse on every truncation of a real document", () => {
    const text = JSON.stringify({ a: [1, { b: 'c\\"d', e: -0.5e-2 }, null], f: { g: true, h: "\u00e9" } }, null, 1);

    for (let end = 0; end <= text.length; end += 1) {
      const part = text.slice(0, end);
      let expected: unknown = "refused";
      try {
        expected = JSON.parse(part);
      } catch {}
      let actual: unknown = "refused";
      try {
        actual = readJsonText(part);
      } catch {}
      expect(actual, JSON.stringify(part)).toEqual(expected);
    }
  });
});
