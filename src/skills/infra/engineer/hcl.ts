// A small HCL writer for generated Terraform: values are data (literal strings are always escaped,
// expressions are explicit), and the layout is what `terraform fmt` produces, so the output is canonical.

export type HclValue = string | number | boolean | null | HclExpr | HclTemplate | HclList | HclObject | HclCall;

/** An expression written as is: `var.region`, `aws_s3_bucket.uploads.arn`. */
export interface HclExpr {
  kind: "expr";
  text: string;
}
/** A quoted string mixing literal text (escaped) and interpolated expressions. */
export interface HclTemplate {
  kind: "template";
  parts: (string | HclExpr)[];
}
export interface HclList {
  kind: "list";
  items: HclValue[];
}
export interface HclObject {
  kind: "object";
  entries: [string, HclValue][];
  /** `{ a = 1, b = 2 }` on one line instead of one entry per line. */
  inline: boolean;
}
export interface HclCall {
  kind: "call";
  name: string;
  args: HclValue[];
}

export interface HclAttribute {
  kind: "attribute";
  name: string;
  value: HclValue;
}
export interface HclBlock {
  kind: "block";
  type: string;
  labels: string[];
  body: HclBodyItem[];
}
export interface HclBlank {
  kind: "blank";
}
export interface HclComment {
  kind: "comment";
  text: string;
}
export type HclBodyItem = HclAttribute | HclBlock | HclBlank | HclComment;

export const expr = (text: string): HclExpr => ({ kind: "expr", text });
/** A template from literals, expressions and other templates (whose parts are spliced in). */
export const template = (...parts: (string | HclExpr | HclTemplate)[]): HclTemplate => ({
  kind: "template",
  parts: parts.flatMap((part) => (typeof part === "object" && part.kind === "template" ? part.parts : [part])),
});
export const list = (...items: HclValue[]): HclList => ({ kind: "list", items });
export const object = (entries: Record<string, HclValue> | [string, HclValue][], inline = false): HclObject => ({
  kind: "object",
  entries: Array.isArray(entries) ? entries : Object.entries(entries),
  inline,
});
export const call = (name: string, ...args: HclValue[]): HclCall => ({ kind: "call", name, args });
export const attr = (name: string, value: HclValue): HclAttribute => ({ kind: "attribute", name, value });
export const blank: HclBlank = { kind: "blank" };
export const comment = (text: string): HclComment => ({ kind: "comment", text });
export const block = (type: string, labels: string[], body: HclBodyItem[]): HclBlock => ({
  kind: "block",
  type,
  labels,
  body,
});

/** Attributes from a record, skipping undefined values, in insertion order. */
export function attrs(values: Record<string, HclValue | undefined>): HclAttribute[] {
  return Object.entries(values).flatMap(([name, value]) => (value === undefined ? [] : [attr(name, value)]));
}

const INDENT = "  ";
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The text of an HCL quoted string without the quotes: HCL's escapes (no \b or \f, unlike JSON) plus
 * doubling of `${` and `%{`, which would otherwise start an interpolation or a directive.
 */
export function escapeLiteral(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "\\") out += "\\\\";
    else if (char === '"') out += '\\"';
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return out.replace(/([$%])\{/g, "$1$1{");
}

export function quote(text: string): string {
  return `"${escapeLiteral(text)}"`;
}

function renderTemplate(parts: readonly (string | HclExpr)[]): string {
  // Adjacent literals are merged first so an escape never straddles two parts.
  const merged: (string | HclExpr)[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === "string" && typeof last === "string") merged[merged.length - 1] = last + part;
    else if (part !== "") merged.push(part);
  }
  let out = "";
  merged.forEach((part, index) => {
    if (typeof part !== "string") {
      out += `\${${part.text}}`;
      return;
    }
    let literal = escapeLiteral(part);
    // A literal "$" or "%" right before an interpolation would turn "${" into the escape "$${";
    // interpolating the character itself keeps both meanings.
    if (typeof merged[index + 1] === "object" && /[$%]$/.test(part))
      literal = `${escapeLiteral(part.slice(0, -1))}\${${quote(part.slice(-1))}}`;
    out += literal;
  });
  return `"${out}"`;
}

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

/** Renders a value; `depth` is the indentation of the line the value starts on. */
export function renderValue(value: HclValue, depth = 0): string {
  if (value === null) return "null";
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as an HCL number`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  switch (value.kind) {
    case "expr":
      return value.text;
    case "template":
      return renderTemplate(value.parts);
    case "call":
      return `${value.name}(${value.args.map((arg) => renderValue(arg, depth)).join(", ")})`;
    case "list":
      return renderList(value, depth);
    case "object":
      return renderObject(value, depth);
  }
}

function renderList(value: HclList, depth: number): string {
  if (value.items.length === 0) return "[]";
  const items = value.items.map((item) => renderValue(item, depth + 1));
  if (items.every((item) => !item.includes("\n")) && !value.items.some((item) => isBlockObject(item)))
    return `[${items.join(", ")}]`;
  const pad = INDENT.repeat(depth + 1);
  return `[\n${items.map((item) => `${pad}${item},`).join("\n")}\n${INDENT.repeat(depth)}]`;
}

function isBlockObject(value: HclValue): boolean {
  return (
    typeof value === "object" && value !== null && value.kind === "object" && !value.inline && value.entries.length > 0
  );
}

function renderObject(value: HclObject, depth: number): string {
  if (value.entries.length === 0) return "{}";
  if (value.inline)
    return `{ ${value.entries.map(([name, item]) => `${key(name)} = ${renderValue(item, depth)}`).join(", ")} }`;
  const lines = alignedAssignments(
    value.entries.map(([name, item]) => [key(name), item]),
    depth + 1,
  );
  return `{\n${lines.join("\n")}\n${INDENT.repeat(depth)}}`;
}

/**
 * `name = value` lines as `terraform fmt` lays them out: the `=` of consecutive single-line
 * assignments lines up; a multi-line value ends the run and is not padded.
 */
function alignedAssignments(entries: readonly [string, HclValue][], depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const rendered = entries.map(([name, value]) => ({ name, text: renderValue(value, depth) }));
  const lines: string[] = [];
  let run: { name: string; text: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((item) => item.name.length));
    for (const item of run) lines.push(`${pad}${item.name.padEnd(width)} = ${item.text}`);
    run = [];
  };
  for (const item of rendered) {
    if (item.text.includes("\n")) {
      flush();
      lines.push(`${pad}${item.name} = ${item.text}`);
      continue;
    }
    run.push({ name: item.name, text: item.text });
  }
  flush();
  return lines;
}

function renderBody(items: readonly HclBodyItem[], depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const lines: string[] = [];
  let run: [string, HclValue][] = [];
  const flush = () => {
    if (run.length > 0) lines.push(...alignedAssignments(run, depth));
    run = [];
  };
  for (const item of items) {
    if (item.kind === "attribute") {
      run.push([item.name, item.value]);
      continue;
    }
    flush();
    if (item.kind === "blank") lines.push("");
    else if (item.kind === "comment") lines.push(...item.text.split("\n").map((line) => `${pad}# ${line}`.trimEnd()));
    else lines.push(...renderBlock(item, depth));
  }
  flush();
  return lines;
}

function renderBlock(value: HclBlock, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const head = [value.type, ...value.labels.map(quote)].join(" ");
  if (value.body.length === 0) return [`${pad}${head} {}`];
  return [`${pad}${head} {`, ...renderBody(value.body, depth + 1), `${pad}}`];
}

/**
 * A whole file: a leading comment, blocks separated by one blank line, consecutive top-level attributes
 * (a .tfvars file) kept together and aligned, and a final newline.
 */
export function renderFile(items: readonly HclBodyItem[], header?: string): string {
  const parts: string[] = [];
  if (header !== undefined)
    parts.push(
      header
        .split("\n")
        .map((line) => `# ${line}`.trimEnd())
        .join("\n"),
    );
  let run: HclBodyItem[] = [];
  const flush = () => {
    if (run.length > 0) parts.push(renderBody(run, 0).join("\n"));
    run = [];
  };
  for (const item of items) {
    if (item.kind === "attribute") {
      run.push(item);
      continue;
    }
    flush();
    parts.push(renderBody([item], 0).join("\n"));
  }
  flush();
  return `${parts.join("\n\n")}\n`;
}
