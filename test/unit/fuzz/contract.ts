// What every run of the CLI must hold, whatever it was given: an exit code from the documented set, no
// INTERNAL error, exactly one JSON document under --json, and nothing written in the project on a refusal.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { ERROR_CODES } from "../../../src/core/error-codes.js";
import type { CliRun } from "../../helpers/cli.js";

const EXIT_CODES = new Set([0, 1, 2, 3, 4]);

/** Every file under `root` with a digest of its content, so a write, a new file or a deletion shows. */
export async function snapshot(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        files.set(
          relative(root, path),
          createHash("sha1")
            .update(await readFile(path))
            .digest("hex"),
        );
    }
  };
  await walk(root);
  return files;
}

export function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

/** The broken promises of one run, as sentences; empty when it kept them all. */
export function contractBreaches(run: CliRun, json: boolean): string[] {
  const breaches: string[] = [];
  if (!EXIT_CODES.has(run.exitCode)) breaches.push(`exit code ${run.exitCode}`);
  if (/\bINTERNAL\b/.test(run.stderr)) breaches.push(`INTERNAL on stderr: ${run.stderr.slice(0, 300)}`);
  if (!json) return breaches;
  let document: unknown;
  try {
    document = JSON.parse(run.stdout);
  } catch {
    return [...breaches, `stdout is not one JSON document: ${JSON.stringify(run.stdout.slice(0, 300))}`];
  }
  const result = document as { ok?: unknown; command?: unknown; status?: unknown; error?: { code?: unknown } };
  if (typeof result.ok !== "boolean" || typeof result.command !== "string")
    return [...breaches, `no ok/command: ${run.stdout.slice(0, 300)}`];
  if (result.ok === false) {
    const code = String(result.error?.code);
    if (!(code in ERROR_CODES)) breaches.push(`unlisted error code ${code}`);
    if (code === "INTERNAL") breaches.push(`INTERNAL: ${run.stdout.slice(0, 400)}`);
    if (run.exitCode === 0) breaches.push("ok: false with exit 0");
  } else if (typeof result.status !== "string") breaches.push(`ok: true without a status: ${run.stdout.slice(0, 300)}`);
  return breaches;
}
