// The file-level import graph of src/, read with TypeScript's own parser so that comments, strings and
// template text never count as imports, and every kind of import does (static, type-only, re-exports,
// dynamic `import("…")` and `typeof import("…")`).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

export interface ImportEdge {
  /** Importing file, relative to the repository root with forward slashes (`src/managers/x.ts`). */
  from: string;
  /** Imported file, resolved the same way. */
  to: string;
  specifier: string;
  line: number;
  /** `import type`, `export type … from`, an import whose every name is a type, or `typeof import("…")`. */
  typeOnly: boolean;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
  /** Relative specifiers that name no file: a test failure of their own. */
  unresolved: ImportEdge[];
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listTs(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

type FoundImport = Pick<ImportEdge, "specifier" | "line" | "typeOnly">;

function importIsTypeOnly(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (clause === undefined) return false; // `import "./x.js"` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name !== undefined) return false;
  const bindings = clause.namedBindings;
  return (
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

function exportIsTypeOnly(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    clause !== undefined &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((element) => element.isTypeOnly)
  );
}

function specifiersOf(source: ts.SourceFile): FoundImport[] {
  const found: FoundImport[] = [];
  const add = (node: ts.Node, typeOnly: boolean) =>
    found.push({
      specifier: (node as ts.StringLiteralLike).text,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      typeOnly,
    });
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      if (ts.isStringLiteralLike(node.moduleSpecifier)) add(node.moduleSpecifier, importIsTypeOnly(node));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      if (ts.isStringLiteralLike(node.moduleSpecifier)) add(node.moduleSpecifier, exportIsTypeOnly(node));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      if (ts.isStringLiteralLike(node.moduleReference.expression))
        add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) add(first, false);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument) && ts.isStringLiteralLike(argument.literal)) add(argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** NodeNext spelling: `./x.js` means `./x.ts`; a folder means its `index.ts`. */
function resolveRelative(fromAbs: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromAbs), specifier);
  const candidates = [
    base.replace(/\.js$/, ".ts"),
    base.replace(/\.mjs$/, ".mts"),
    base,
    `${base}.ts`,
    join(base, "index.ts"),
  ];
  return candidates.find((path) => path.endsWith(".ts") && existsSync(path) && statSync(path).isFile());
}

export function readImportGraph(root: string, folder = "src"): ImportGraph {
  const toKey = (abs: string) => relative(root, abs).split(sep).join("/");
  const absFiles = listTs(join(root, folder));
  const edges: ImportEdge[] = [];
  const unresolved: ImportEdge[] = [];
  for (const abs of absFiles) {
    const text = readFileSync(abs, "utf8");
    const source = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    for (const { specifier, line, typeOnly } of specifiersOf(source)) {
      if (!specifier.startsWith(".")) continue; // packages and node: built-ins are outside the layers
      const target = resolveRelative(abs, specifier);
      const edge = { from: toKey(abs), to: target ? toKey(target) : specifier, specifier, line, typeOnly };
      (target ? edges : unresolved).push(edge);
    }
  }
  return { files: absFiles.map(toKey), edges, unresolved };
}

/** Tarjan's strongly connected components; only the components that form a cycle are returned. */
export function cycles(nodes: Iterable<string>, successors: (node: string) => Iterable<string>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  const selfLoops = new Set<string>();

  // Recursive on purpose: the graph has a few hundred nodes and shallow chains.
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of successors(node)) {
      if (next === node) selfLoops.add(node);
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || selfLoops.has(node)) result.push(component.sort());
  };

  for (const node of nodes) if (!index.has(node)) connect(node);
  return result;
}
