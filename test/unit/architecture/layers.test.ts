// The layering ARCHITECTURE.md draws, checked on every import of src/ (static, type-only, re-exports and
// dynamic): cli → managers → skills (with the director) → records | handlers → core, no manager
// importing another, no import cycle between files, none between the skill areas, and data modules that
// import no code.
import { describe, expect, it } from "vitest";
import { cycles, readImportGraph, type ImportEdge } from "../../helpers/import-graph.js";

type Layer = "cli" | "managers" | "skills" | "records" | "handlers" | "core";

const LAYER_OF: ReadonlyArray<readonly [Layer, (file: string) => boolean]> = [
  ["cli", (file) => file === "src/cli.ts" || file === "src/gate.ts" || file.startsWith("src/cli/")],
  ["managers", (file) => file.startsWith("src/managers/")],
  ["skills", (file) => file.startsWith("src/skills/") || file.startsWith("src/director/")],
  ["records", (file) => file.startsWith("src/records/")],
  ["handlers", (file) => file.startsWith("src/handlers/")],
  ["core", (file) => file.startsWith("src/core/")],
];

/**
 * What each layer may import besides itself. The CLI is a thin shell: it reaches everything below
 * through a manager (types a renderer needs are re-exported there), and may use core directly.
 * Records and handlers are siblings: neither imports the other.
 */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  cli: ["managers", "core"],
  managers: ["skills", "records", "handlers", "core"],
  skills: ["records", "handlers", "core"],
  records: ["core"],
  handlers: ["core"],
  core: [],
};

/**
 * A manager is one workflow: `src/managers/<name>.ts`, with its private parts (if it has any) in
 * `src/managers/<name>/`. Files of one manager import each other; nothing else imports its parts.
 */
function managerOf(file: string): string | undefined {
  const match = /^src\/managers\/([^/]+?)(?:\.ts$|\/)/.exec(file);
  return match?.[1];
}

const graph = readImportGraph(process.cwd());
const checked = graph.edges;

function layerOf(file: string): Layer | undefined {
  return LAYER_OF.find(([, matches]) => matches(file))?.[0];
}

const describeEdge = (edge: ImportEdge) => `${edge.from}:${edge.line} imports ${edge.to}`;

/** A skill area: a folder of src/skills/ (infra, ops, gate, …), the shared files at its root, the director. */
function areaOf(file: string): string | undefined {
  if (file.startsWith("src/director/")) return "src/director";
  if (!file.startsWith("src/skills/")) return undefined;
  const parts = file.split("/");
  return parts.length > 3 ? parts.slice(0, 3).join("/") : "src/skills (shared root)";
}

function successorsIn(edges: readonly ImportEdge[]): (node: string) => string[] {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  return (node) => next.get(node) ?? [];
}

describe("the import graph of src/", () => {
  it("is read from every source file, and every relative import names a file", () => {
    expect(graph.files.length).toBeGreaterThan(100);
    expect(graph.edges.length).toBeGreaterThan(500);
    expect(graph.unresolved.map((edge) => `${edge.from}:${edge.line} imports "${edge.specifier}"`)).toEqual([]);
  });

  it("places every file in a layer", () => {
    expect(graph.files.filter((file) => layerOf(file) === undefined)).toEqual([]);
  });

  it("has no import against the layer order", () => {
    const violations = checked.flatMap((edge) => {
      const from = layerOf(edge.from)!;
      const to = layerOf(edge.to)!;
      if (from === to || MAY_IMPORT[from].includes(to)) return [];
      return [`${describeEdge(edge)}: ${from} may import only ${[from, ...MAY_IMPORT[from]].join(", ")}`];
    });

    expect(violations).toEqual([]);
  });

  it("lets the renderers take only types from the managers", () => {
    const violations = checked
      .filter((edge) => edge.from.startsWith("src/cli/render/") && layerOf(edge.to) === "managers" && !edge.typeOnly)
      .map((edge) => `${describeEdge(edge)}: a renderer formats a result and runs no workflow (use import type)`);

    expect(violations).toEqual([]);
  });

  it("has no manager importing another manager", () => {
    const violations = checked
      .filter(
        (edge) =>
          layerOf(edge.from) === "managers" &&
          layerOf(edge.to) === "managers" &&
          managerOf(edge.from) !== managerOf(edge.to),
      )
      .map((edge) => `${describeEdge(edge)}: a manager is one workflow; shared steps belong in a skill`);

    expect(violations).toEqual([]);
  });

  it("keeps data modules (*.data.ts) data: they take only types, other data modules and command lines", () => {
    // A command a table names (a catalogue fix, a pattern's next step) is built from its declaration.
    const commandLines = "src/core/commands/command-line.ts";
    const violations = checked
      .filter(
        (edge) =>
          edge.from.endsWith(".data.ts") && !edge.typeOnly && !edge.to.endsWith(".data.ts") && edge.to !== commandLines,
      )
      .map((edge) => `${describeEdge(edge)}: a data module holds constants, not code that needs logic`);

    expect(graph.files.filter((file) => file.endsWith(".data.ts")).length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it("has no import cycle between files", () => {
    const found = cycles(graph.files, successorsIn(checked)).map((component) => {
      const inside = checked.filter((edge) => component.includes(edge.from) && component.includes(edge.to));
      return `cycle of ${component.length} files: ${inside.map(describeEdge).join("; ")}`;
    });

    expect(found).toEqual([]);
  });

  it("has no import cycle between skill areas", () => {
    const across = checked.flatMap((edge) => {
      const from = areaOf(edge.from);
      const to = areaOf(edge.to);
      return from === undefined || to === undefined || from === to ? [] : [{ ...edge, from, to, file: edge }];
    });
    const areas = [...new Set(graph.files.map(areaOf).filter((area) => area !== undefined))];

    const found = cycles(areas, successorsIn(across)).map((component) => {
      const inside = across.filter((edge) => component.includes(edge.from) && component.includes(edge.to));
      return `${component.join(" ↔ ")}: ${inside.map((edge) => describeEdge(edge.file)).join("; ")}`;
    });

    expect(found).toEqual([]);
  });
});
