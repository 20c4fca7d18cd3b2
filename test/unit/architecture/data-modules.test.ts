import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// A data module (`*.data.ts`) holds constants, `as const` tables and their types; logic imports it. The only
// code allowed in one is a trivial helper: an arrow function whose body is an object or array literal, used
// to fill in repeated entries (a solution template, an ARN kind). Predicates are logic, not data.

interface Finding {
  line: number;
  what: string;
}

const ALLOWED_STATEMENTS = new Set([
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.VariableStatement,
]);

const FORBIDDEN_NODES = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.FunctionDeclaration, "function declaration"],
  [ts.SyntaxKind.FunctionExpression, "function expression"],
  [ts.SyntaxKind.ClassDeclaration, "class"],
  [ts.SyntaxKind.ClassExpression, "class"],
  [ts.SyntaxKind.MethodDeclaration, "method"],
  [ts.SyntaxKind.GetAccessor, "getter"],
  [ts.SyntaxKind.SetAccessor, "setter"],
]);

function unparenthesised(node: ts.Node): ts.Node {
  return ts.isParenthesizedExpression(node) ? unparenthesised(node.expression) : node;
}

function isTrivialHelper(arrow: ts.ArrowFunction): boolean {
  const body = unparenthesised(arrow.body);
  return ts.isObjectLiteralExpression(body) || ts.isArrayLiteralExpression(body);
}

/** What in `source` is more than data, by line. */
function logicIn(fileName: string, source: string): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, what: string) =>
    findings.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, what });

  for (const statement of file.statements) {
    if (!ALLOWED_STATEMENTS.has(statement.kind)) report(statement, `statement: ${ts.SyntaxKind[statement.kind]}`);
    else if (ts.isVariableStatement(statement) && (statement.declarationList.flags & ts.NodeFlags.Const) === 0)
      report(statement, "let or var");
  }
  const visit = (node: ts.Node): void => {
    const forbidden = FORBIDDEN_NODES.get(node.kind);
    if (forbidden !== undefined) report(node, forbidden);
    else if (ts.isArrowFunction(node) && !isTrivialHelper(node)) report(node, "arrow function with logic");
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

function dataModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dataModules(path);
    return entry.name.endsWith(".data.ts") ? [path] : [];
  });
}

describe("the data-module check", () => {
  it.each([
    ["a function", "export function f() { return 1; }", "function declaration"],
    ["a class", "export class A {}", "class"],
    ["a predicate", "export const RULES = [{ ok: (name: string) => name.length > 3 }];", "arrow function with logic"],
    ["a method", "export const RULE = { check(x: number) { return x > 1; } };", "method"],
    ["a function expression", "export const f = function () { return 1; };", "function expression"],
    ["a mutable binding", "export let limit = 3;", "let or var"],
    ["a side effect", 'console.log("loaded");', "statement: ExpressionStatement"],
  ])("finds %s", (_name, source, what) => {
    const findings = logicIn("sample.data.ts", source);

    expect(findings.map((finding) => finding.what)).toContain(what);
  });

  it("accepts constants, tables, types and object-building helpers", () => {
    const source = [
      'import type { Severity } from "./types.js";',
      "export interface Entry { id: string; severity: Severity }",
      'export type Id = "a" | "b";',
      "const entry = (id: string, steps: string[]): Entry => ({ id, severity: \"low\", steps: [...steps, 'retry'] });",
      'export const TABLE = [entry("a", []), { id: "b", severity: "high" }] as const;',
      "export const PORTS: ReadonlySet<number> = new Set([22, 3389]);",
      'export const PATTERN = new RegExp(String.raw`^a${"b"}$`, "i");',
    ].join("\n");

    expect(logicIn("sample.data.ts", source)).toEqual([]);
  });
});

describe("data modules in src/", () => {
  const files = dataModules("src").map((path) => relative(process.cwd(), path));

  it("exist", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s holds only data", (path) => {
    const findings = logicIn(path, readFileSync(path, "utf8"));

    expect(findings).toEqual([]);
  });
});
