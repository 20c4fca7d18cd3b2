// An environment's inputs on the engine's command line: its var files (the common ones, then its own)
// and the values given with --var, which win over every file because they come last.
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { UserError } from "../../../core/errors.js";
import type { PlanVariables } from "../../../core/handler-contract.js";

/** One var file of an environment and the setting that names it. */
export interface VarFileSetting {
  /** As configured (placeholders substituted), relative to the directory unless absolute. */
  file: string;
  /** The devops.json setting that names it, for errors. */
  setting: string;
  /** A file named explicitly must exist; the one var_file_pattern derives is read only when it does. */
  required: boolean;
}

/** The part of an environment's Terraform settings its var files are found with. */
interface VarFileSettings {
  /** Absolute path of the root module. */
  directory: string;
  varFiles: readonly VarFileSetting[];
}

/** The var file's path on disk. */
export function varFilePath(settings: Pick<VarFileSettings, "directory">, varFile: VarFileSetting): string {
  return resolve(settings.directory, varFile.file);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isFile(),
    () => false,
  );
}

/** The var files that are named explicitly but are not there. */
export async function missingVarFiles(settings: VarFileSettings): Promise<VarFileSetting[]> {
  const found = await Promise.all(
    settings.varFiles.map(async (varFile) => ({ varFile, exists: await isFile(varFilePath(settings, varFile)) })),
  );
  return found.filter(({ varFile, exists }) => varFile.required && !exists).map(({ varFile }) => varFile);
}

/** Refuses to prepare a module whose configured var files are missing: a plan without them is not the one meant. */
export async function requireVarFiles(environment: string, settings: VarFileSettings): Promise<void> {
  const [first, ...rest] = await missingVarFiles(settings);
  if (first === undefined) return;
  const more = rest.length === 0 ? "" : ` (and ${rest.map((varFile) => varFilePath(settings, varFile)).join(", ")})`;
  throw new UserError(
    "VAR_FILE_MISSING",
    `the var file ${varFilePath(settings, first)} named by ${first.setting} does not exist${more}`,
    {
      suggestion: `create it, or correct ${first.setting} in .devops/devops.json (a relative path is read from the Terraform directory ${settings.directory}); nothing was run for "${environment}"`,
      details: {
        missing: [first, ...rest].map((varFile) => ({
          path: varFilePath(settings, varFile),
          setting: varFile.setting,
        })),
      },
    },
  );
}

/** -var-file for every var file there, in order; the missing pattern file is left out. */
export async function varFileArgs(settings: VarFileSettings): Promise<string[]> {
  const args: string[] = [];
  for (const varFile of settings.varFiles) {
    const path = varFilePath(settings, varFile);
    if (await isFile(path)) args.push(`-var-file=${path}`);
  }
  return args;
}

/** -var for each value given on the command line, after every var file so they win. */
export function variableArgs(variables: PlanVariables | undefined): string[] {
  return Object.entries(variables ?? {}).map(([name, value]) => `-var=${name}=${value}`);
}

const VARIABLE_ARG = /^-var=([^=]*)=[\s\S]*$/;

/** An argv as it may be shown: the values of -var hidden, their names kept. */
export function shownArgs(args: readonly string[]): string[] {
  return args.map((arg) => arg.replace(VARIABLE_ARG, "-var=$1=[REDACTED]"));
}
