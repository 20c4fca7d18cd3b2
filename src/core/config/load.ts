// Finds and parses `.devops/devops.json`: walking up from the working directory, an explicit
// `--config`, or one of the older documented locations (accepted with a notice to move it).
import { commandLine } from "../commands/command-line.js";
import { readFile, stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { UserError } from "../errors.js";
import { devopsConfigSchema } from "./compose.js";
import type { HandlerRegistry } from "./handler-config.js";
import { describeIssues, formatPath, type ConfigIssue } from "./issues.js";
import { JsonTextError, readJsonText } from "./json-text.js";
import type { DevopsConfig } from "./schema.js";

export const CONFIG_DIR = ".devops";
export const CONFIG_FILE = "devops.json";

/** Older locations documented for this kind of plugin, relative to the project root. */
export const LEGACY_CONFIG_PATHS = [
  ".fractary/plugins/devops/config/devops.json",
  ".fractary/plugins/faber-cloud/devops.json",
  ".fractary/plugins/faber-cloud/config.json",
] as const;

export interface ConfigLocation {
  /** Absolute path of the config file. */
  path: string;
  /** The project root: the directory holding `.devops/` (or the legacy folder). */
  root: string;
  legacy: boolean;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The directory a command works from: `--project-dir` resolved against the working directory. A
 * folder that does not exist is an error, not a start for the upward search (which would find a parent's project).
 */
export async function projectDirectory(cwd: string, given: string | undefined): Promise<string> {
  const dir = resolve(cwd, given ?? ".");
  if (given === undefined) return dir;
  const found = await stat(dir).catch(() => undefined);
  if (found?.isDirectory() === true) return dir;
  throw new UserError(
    "PROJECT_DIR_NOT_FOUND",
    `--project-dir ${given} ${found === undefined ? "does not exist" : "is not a directory"} (${dir})`,
    {
      suggestion:
        "pass the folder that holds the project's .devops/ (or leave --project-dir out to use the current one)",
      details: { path: dir },
    },
  );
}

export async function findConfig(startDir: string, explicit?: string): Promise<ConfigLocation> {
  if (explicit !== undefined) {
    const path = resolve(startDir, explicit);
    if (!(await isFile(path))) {
      throw new UserError("CONFIG_NOT_FOUND", `config file ${explicit} does not exist`, {
        suggestion: `check the --config path, or run ${commandLine("init")} to create .devops/devops.json`,
        details: { path },
      });
    }
    const folder = dirname(path);
    const root = folder.endsWith(`/${CONFIG_DIR}`) ? dirname(folder) : folder;
    return { path, root, legacy: false };
  }
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    const path = join(dir, CONFIG_DIR, CONFIG_FILE);
    if (await isFile(path)) return { path, root: dir, legacy: false };
    for (const legacy of LEGACY_CONFIG_PATHS) {
      const legacyPath = join(dir, legacy);
      if (await isFile(legacyPath)) return { path: legacyPath, root: dir, legacy: true };
    }
    if (dirname(dir) === dir) break;
  }
  throw new UserError(
    "CONFIG_NOT_FOUND",
    `no ${CONFIG_DIR}/${CONFIG_FILE} in ${resolve(startDir)} or any parent directory`,
    {
      suggestion: `run ${commandLine("init")} (or ${commandLine("init", { sandbox: true })} for a local AWS emulator), or pass --config <file>`,
    },
  );
}

export function invalidConfig(path: string, issues: readonly ConfigIssue[]): UserError {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return new UserError("CONFIG_INVALID", `${first?.message ?? "invalid configuration"}${more}`, {
    suggestion: first?.suggestion ?? `fix ${path} (${commandLine("config schema")} prints the full schema)`,
    details: { path, issues },
  });
}

/** Where a problem of the text is, for messages: `environments.prod` or "the top level". */
function where(path: readonly (string | number)[]): string {
  return path.length === 0 ? "the top level" : formatPath(path);
}

/** The error for a config text that is not JSON, is nested too deep, or repeats a key. */
function unreadableConfig(error: JsonTextError, path: string): UserError {
  const at = `line ${error.line}, column ${error.column}`;
  if (error.kind === "syntax")
    return new UserError("CONFIG_INVALID_JSON", `${path} is not valid JSON at ${at}: ${error.message}`, {
      suggestion: "fix the JSON syntax (a trailing comma or a missing quote is the usual cause)",
      details: { path, line: error.line, column: error.column },
    });
  if (error.kind === "depth") {
    const issue = {
      path: formatPath(error.path),
      message: `${where(error.path)} (${at}) is ${error.message}`,
      suggestion: `devops.json needs only a few levels of nesting: remove the extra levels under ${where(error.path)}`,
    };
    return invalidConfig(path, [issue]);
  }
  const key = String(error.path.at(-1));
  const parent = error.path.slice(0, -1);
  const issue = {
    path: formatPath(error.path),
    message: `the key ${JSON.stringify(key)} appears more than once in ${where(parent)} (again at ${at})`,
    suggestion: `keep one ${JSON.stringify(key)} in ${where(parent)}: readers disagree on which of the repeated values counts`,
  };
  return invalidConfig(path, [issue]);
}

/**
 * Parses config text: the JSON text first (syntax, depth and repeated keys, with line and column),
 * then the schema with the handlers' blocks.
 */
export function parseConfig(text: string, path: string, handlers: HandlerRegistry): DevopsConfig {
  let raw: unknown;
  try {
    raw = readJsonText(text);
  } catch (error) {
    if (error instanceof JsonTextError) throw unreadableConfig(error, path);
    throw error;
  }
  const schema = devopsConfigSchema(handlers);
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw invalidConfig(path, describeIssues(schema, parsed.error.issues));
  return parsed.data;
}

export interface LoadedConfig {
  location: ConfigLocation;
  config: DevopsConfig;
  /** Notices about how the config was found (e.g. a legacy location). */
  notices: string[];
}

export async function loadConfig(
  startDir: string,
  explicit: string | undefined,
  handlers: HandlerRegistry,
): Promise<LoadedConfig> {
  const location = await findConfig(startDir, explicit);
  const text = await readFile(location.path, "utf8");
  const config = parseConfig(text, location.path, handlers);
  const notices = location.legacy
    ? [
        `using the config at ${relative(location.root, location.path)}; move it to ${CONFIG_DIR}/${CONFIG_FILE} (this location is supported for compatibility only)`,
      ]
    : [];
  return { location, config, notices };
}
