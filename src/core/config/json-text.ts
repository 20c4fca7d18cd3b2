// Reads a person's JSON file more strictly than JSON.parse: a repeated key is an error (JSON.parse keeps
// the last one, so `"require_confirmation": true, …, false` reads as true to a reviewer and false to us),
// nesting is bounded (deep input would overflow the stack of every recursive reader after this one),
// and every problem has a line and column. The scan itself keeps its own stack, so any depth is safe to
// scan; a syntax error anywhere is reported before a repeated key or too deep a value. A leading byte-order mark, as some editors write, is skipped.

export const MAX_JSON_DEPTH = 64;

export type JsonProblemKind = "syntax" | "depth" | "duplicate";

export class JsonTextError extends Error {
  constructor(
    readonly kind: JsonProblemKind,
    message: string,
    /** 1-based, counted in characters of the text as given (a byte-order mark included). */
    readonly line: number,
    readonly column: number,
    /** Where in the document: object keys and array indices, outermost first. */
    readonly path: readonly Key[],
  ) {
    super(message);
    this.name = "JsonTextError";
  }
}

type Key = string | number;

interface Frame {
  kind: "object" | "array";
  /** The key (or index) of this value in its parent; absent at the top. Paths are built only for messages. */
  key?: Key;
  keys: Set<string>;
  /** Members (or items) started so far. */
  count: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ["true", "false", "null"] as const;
const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < position; at = text.indexOf("\n", at + 1)) {
    line += 1;
    start = at + 1;
  }
  return { line, column: position - start + 1 };
}

function describe(char: string | undefined): string {
  return char === undefined ? "the end of the file" : JSON.stringify(char);
}

/** Checks the text's structure without building values: the syntax, the depth and repeated keys. */
class Scanner {
  private position: number;
  private readonly stack: Frame[] = [];

  constructor(private readonly text: string) {
    this.position = text.startsWith("\uFEFF") ? 1 : 0;
  }

  /** The first repeated key or too-deep value; reported once the whole text is known to be JSON. */
  private structural: JsonTextError | undefined;

  private problem(kind: JsonProblemKind, message: string, at: number, path: Key[]): JsonTextError {
    const { line, column } = lineAndColumn(this.text, at);
    return new JsonTextError(kind, message, line, column, path);
  }

  private fail(kind: JsonProblemKind, message: string, at = this.position, path = this.here()): never {
    throw this.problem(kind, message, at, path);
  }

  /** A problem of structure: kept, and the scan goes on, since a syntax error further on comes first. */
  private note(kind: JsonProblemKind, message: string, at: number, path: Key[]): void {
    this.structural ??= this.problem(kind, message, at, path);
  }

  /** The path of the innermost open value, and then `key` in it when given. */
  private here(key?: Key): Key[] {
    const path = this.stack.flatMap((frame) => (frame.key === undefined ? [] : [frame.key]));
    return key === undefined ? path : [...path, key];
  }

  private skipWhitespace(): string | undefined {
    while (WHITESPACE.has(this.text[this.position] ?? "")) this.position += 1;
    return this.text[this.position];
  }

  /** A string starting at the current quote; returns its decoded text. */
  private string(): string {
    const start = this.position;
    for (let at = start + 1; at < this.text.length; at += 1) {
      const char = this.text[at]!;
      if (char === '"') {
        this.position = at + 1;
        return JSON.parse(this.text.slice(start, at + 1)) as string;
      }
      if (char.charCodeAt(0) < 0x20)
        this.fail("syntax", "a string may not hold a raw line break or control character", at);
      if (char !== "\\") continue;
      const escaped = this.text[at + 1];
      if (escaped === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(at + 2, at + 6)))
          this.fail("syntax", "\\u must be followed by 4 hex digits", at);
        at += 5;
      } else if (escaped !== undefined && ESCAPES.has(escaped)) at += 1;
      else this.fail("syntax", `${describe(escaped)} cannot follow a backslash in a string`, at);
    }
    return this.fail("syntax", "a string is not closed", start);
  }

  private scalar(): void {
    const char = this.text[this.position];
    if (char === '"') {
      this.string();
      return;
    }
    NUMBER.lastIndex = this.position;
    const number = NUMBER.exec(this.text);
    if (number !== null) {
      this.position += number[0].length;
      return;
    }
    const literal = LITERALS.find((word) => this.text.startsWith(word, this.position));
    if (literal !== undefined) {
      this.position += literal.length;
      return;
    }
    this.fail("syntax", `expected a value, found ${describe(char)}`);
  }

  private open(kind: Frame["kind"], key: Key | undefined): void {
    if (this.stack.length === MAX_JSON_DEPTH)
      this.note("depth", `nested more than ${MAX_JSON_DEPTH} levels deep (the limit)`, this.position, this.here(key));
    this.stack.push({ kind, ...(key === undefined ? {} : { key }), keys: new Set(), count: 0 });
    this.position += 1;
  }

  /** One value at the current position: a scalar, or the opening of an object or array. */
  private value(key: Key | undefined): void {
    const char = this.skipWhitespace();
    if (char === "{") this.open("object", key);
    else if (char === "[") this.open("array", key);
    else this.scalar();
  }

  /** In an object, after `{` or `,`: a key, its colon and the start of its value. */
  private member(frame: Frame): void {
    const start = this.position;
    if (this.text[this.position] !== '"')
      this.fail("syntax", `expected a property name in double quotes, found ${describe(this.text[this.position])}`);
    const key = this.string();
    if (frame.keys.has(key))
      this.note("duplicate", `the key ${JSON.stringify(key)} appears more than once`, start, this.here(key));
    frame.keys.add(key);
    if (this.skipWhitespace() !== ":")
      this.fail(
        "syntax",
        `expected ":" after the key ${JSON.stringify(key)}, found ${describe(this.text[this.position])}`,
      );
    this.position += 1;
    this.value(key);
  }

  run(): void {
    this.value(undefined);
    while (this.stack.length > 0) {
      const frame = this.stack.at(-1)!;
      const close = frame.kind === "object" ? "}" : "]";
      const char = this.skipWhitespace();
      if (char === close) {
        this.stack.pop();
        this.position += 1;
        continue;
      }
      if (frame.count > 0) {
        if (char !== ",") this.fail("syntax", `expected "," or "${close}", found ${describe(char)}`);
        this.position += 1;
        if (this.skipWhitespace() === close) this.fail("syntax", `a trailing comma before "${close}"`);
      }
      frame.count += 1;
      // A value that opens an object or array pushes its frame; the next turns read its members.
      if (frame.kind === "object") this.member(frame);
      else this.value(frame.count - 1);
    }
    const rest = this.skipWhitespace();
    if (rest !== undefined) this.fail("syntax", `unexpected ${describe(rest)} after the end of the document`);
    if (this.structural !== undefined) throw this.structural;
  }
}

/** The value of `text`, or a JsonTextError saying what is wrong and where. */
export function readJsonText(text: string): unknown {
  new Scanner(text).run();
  return JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text) as unknown;
}
