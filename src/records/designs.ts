// Design documents (.devops/designs/<slug>.md) and the manifest of the files the engineer last
// generated from each (.devops/designs/<slug>.generated.json), which tells hand edits from our own output.
import { commandLine, placeholder } from "../core/commands/command-line.js";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, isAbsolute, join, resolve } from "node:path";
import * as z from "zod";
import { UserError } from "../core/errors.js";
import { readRecord, writeAtomic, writeRecord } from "../core/store.js";
import { closest } from "../core/suggest.js";

const MANIFEST_VERSION = 1;

export function designsDir(stateDir: string): string {
  return join(stateDir, "designs");
}

export function designPath(stateDir: string, slug: string): string {
  return join(designsDir(stateDir), `${slug}.md`);
}

export function manifestPath(stateDir: string, slug: string): string {
  return join(designsDir(stateDir), `${slug}.generated.json`);
}

export async function designExists(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

export async function writeDesign(path: string, text: string): Promise<void> {
  await writeAtomic(path, text);
}

export async function listDesigns(stateDir: string): Promise<string[]> {
  const names = await readdir(designsDir(stateDir)).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(".md")).sort();
}

/**
 * Finds a design from what a person types: "user-uploads", "user-uploads.md", a path relative to the
 * working directory, or an absolute path. Unknown → DESIGN_NOT_FOUND with the designs that exist.
 */
export async function locateDesign(
  stateDir: string,
  cwd: string,
  design: string,
): Promise<{ path: string; slug: string }> {
  const file = design.endsWith(".md") ? design : `${design}.md`;
  const candidates = isAbsolute(design)
    ? [design]
    : [resolve(cwd, design), join(designsDir(stateDir), basename(file)), resolve(cwd, file)];
  for (const path of candidates) {
    if (await designExists(path)) return { path, slug: basename(path).replace(/\.md$/, "") };
  }
  const known = await listDesigns(stateDir);
  const guess = closest(basename(file), known);
  throw new UserError("DESIGN_NOT_FOUND", `no design "${design}" in ${designsDir(stateDir)}`, {
    suggestion:
      guess !== undefined
        ? `did you mean "${guess}"?`
        : known.length > 0
          ? `known designs: ${known.join(", ")}`
          : `create one first: ${commandLine("infra architect", { feature: placeholder('"…"') })}`,
    details: { design, known },
  });
}

export async function readDesign(path: string): Promise<string> {
  return readFile(path, "utf8");
}

export const GeneratedManifest = z.looseObject({
  schema_version: z.number().int(),
  design: z.string(),
  generated_at: z.string(),
  /** Project-relative path → sha256 (hex) of the content last written there. */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type GeneratedManifest = z.infer<typeof GeneratedManifest>;

export async function readManifest(path: string): Promise<GeneratedManifest | undefined> {
  return readRecord(path, GeneratedManifest, { schemaVersion: MANIFEST_VERSION });
}

export async function writeManifest(
  path: string,
  manifest: { design: string; generated_at: string; files: Record<string, string> },
): Promise<GeneratedManifest> {
  return writeRecord(
    path,
    GeneratedManifest,
    { schemaVersion: MANIFEST_VERSION },
    { schema_version: MANIFEST_VERSION, ...manifest },
  );
}
