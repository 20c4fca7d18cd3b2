// Reads an existing Terraform root module the way a person adopting it would: the backend its code
// declares, the local states and workspaces it already holds, its variable files. Nothing is run, so
// init can inspect a module before any configuration (or credentials) exist.
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import * as z from "zod";
import type { FoundState, ModuleInspection } from "../../../core/handler-contract.js";
import { SANDBOX_OVERRIDE_FILE } from "./sandbox-override.js";

/** The managed file that gives a module without a backend block the backend of devops.json. */
export const BACKEND_OVERRIDE_FILE = "devops_backend_override.tf";

export type BackendSettings = Record<string, string | number | boolean>;
export interface DeclaredBackend {
  type: string;
  settings: BackendSettings;
}

/** The body of the block opened by the `{` at `open`, strings and comments skipped; undefined if unclosed. */
function blockBody(text: string, open: number): string | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (char === "#" || (char === "/" && text[i + 1] === "/")) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (char === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (char === "{") {
      depth++;
    } else if (char === "}") {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return undefined;
}

/** Literal `name = value` attributes at the top level of a block body; nested blocks and expressions are left out. */
function literalAttributes(body: string): BackendSettings {
  const settings: BackendSettings = {};
  let depth = 0;
  for (const line of body.split("\n")) {
    const trimmed = line.replace(/(^|\s)(#|\/\/).*$/, "").trim();
    if (depth === 0) {
      const match = /^([A-Za-z_][\w-]*)\s*=\s*("(?:[^"\\]|\\.)*"|true|false|-?\d+(?:\.\d+)?)\s*$/.exec(trimmed);
      if (match !== null) {
        const raw = match[2]!;
        settings[match[1]!] = raw.startsWith('"')
          ? (JSON.parse(raw) as string)
          : raw === "true" || raw === "false"
            ? raw === "true"
            : Number(raw);
      }
    }
    depth += (trimmed.match(/\{/g) ?? []).length - (trimmed.match(/\}/g) ?? []).length;
  }
  return settings;
}

/** The backend declared in Terraform source text, with its literal settings. */
export function declaredBackend(sources: string): DeclaredBackend | undefined {
  const terraformBlock = /(^|\n)\s*terraform\s*\{/g;
  for (let match = terraformBlock.exec(sources); match !== null; match = terraformBlock.exec(sources)) {
    const body = blockBody(sources, match.index + match[0].length - 1);
    if (body === undefined) continue;
    const backend = /(^|\n)\s*backend\s+"([\w-]+)"\s*\{/.exec(body);
    if (backend === null) continue;
    const inner = blockBody(body, backend.index + backend[0].length - 1) ?? "";
    return { type: backend[2]!, settings: literalAttributes(inner) };
  }
  return undefined;
}

// Only what is needed to count resources; the state format has many more fields.
const StateFile = z.object({
  resources: z
    .array(z.object({ mode: z.string().optional(), instances: z.array(z.unknown()).optional() }).passthrough())
    .default([]),
});

async function countResources(path: string): Promise<number | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = StateFile.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    // Each instance (count, for_each) is one resource in the plan and the registry.
    const managed = parsed.data.resources.filter((r) => r.mode !== "data");
    return managed.reduce((sum, r) => sum + (r.instances?.length ?? 1), 0);
  } catch {
    return undefined;
  }
}

async function entries(directory: string): Promise<string[] | undefined> {
  return readdir(directory).catch(() => undefined);
}

/** The module's own Terraform sources, without the files devops manages. */
export async function moduleSources(directory: string, files: readonly string[]): Promise<string> {
  const own = files.filter(
    (name) => name.endsWith(".tf") && name !== SANDBOX_OVERRIDE_FILE && name !== BACKEND_OVERRIDE_FILE,
  );
  return (await Promise.all(own.map((file) => readFile(join(directory, file), "utf8")))).join("\n");
}

/** The local states of a module: its own file (at the local backend's path) and each workspace's. */
async function localStates(directory: string, backend: DeclaredBackend | undefined): Promise<FoundState[]> {
  const found: FoundState[] = [];
  const statePath =
    backend?.type === "local" && typeof backend.settings.path === "string"
      ? backend.settings.path
      : "terraform.tfstate";
  const own = resolve(directory, statePath);
  const ownCount = await countResources(own);
  if (ownCount !== undefined) found.push({ workspace: "default", path: own, resources: ownCount });
  const workspaceDir =
    backend?.type === "local" && typeof backend.settings.workspace_dir === "string"
      ? resolve(directory, backend.settings.workspace_dir)
      : join(directory, "terraform.tfstate.d");
  for (const name of ((await entries(workspaceDir)) ?? []).sort()) {
    const path = join(workspaceDir, name, "terraform.tfstate");
    const count = await countResources(path);
    if (count !== undefined) found.push({ workspace: name, path, resources: count });
  }
  return found;
}

export async function inspectModule(directory: string): Promise<ModuleInspection> {
  const files = await entries(directory);
  if (files === undefined) return { directory, exists: false, hasCode: false, states: [], varFiles: [] };
  const backend = declaredBackend(await moduleSources(directory, files));
  const selected = (await readFile(join(directory, ".terraform", "environment"), "utf8").catch(() => "")).trim();
  return {
    directory,
    exists: true,
    hasCode: files.some((name) => name.endsWith(".tf") || name.endsWith(".tf.json")),
    ...(backend === undefined ? {} : { backend }),
    states: backend === undefined || backend.type === "local" ? await localStates(directory, backend) : [],
    ...(selected === "" ? {} : { selectedWorkspace: selected }),
    varFiles: files.filter((name) => name.endsWith(".tfvars") || name.endsWith(".tfvars.json")).sort(),
  };
}
