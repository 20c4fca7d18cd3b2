// The Terraform settings of one environment against this machine: the root module is there and holds
// Terraform, the engine binary can be found, the provider mirror and plugin cache exist. Run by
// `config validate`, so a wrong path is named before a command trips over it.
import { constants } from "node:fs";
import { access, readdir, stat } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";
import type { ConfigCheck } from "../../../core/config/handler-config.js";
import { missingVarFiles, varFilePath, type VarFileSetting } from "./var-files.js";

/** The settings of one environment this check reads (a part of TerraformSettings). */
export interface MachineSettings {
  directory: string;
  binary: string;
  providerMirror?: string;
  pluginCacheDir?: string;
  varFiles?: VarFileSetting[];
}

const OWN_FILES = /^devops_.*_override\.tf$/;

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => stat(path).then((s) => s.isFile()),
    () => false,
  );
}

/** Where the binary would be run from: a path as written, a bare name through PATH. */
export async function findBinary(
  binary: string,
  variables: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<string | undefined> {
  if (binary.includes("/")) {
    const path = isAbsolute(binary) ? binary : join(cwd, binary);
    return (await isExecutable(path)) ? path : undefined;
  }
  for (const dir of (variables.PATH ?? "").split(delimiter).filter((entry) => entry !== "")) {
    const path = join(dir, binary);
    if (await isExecutable(path)) return path;
  }
  return undefined;
}

async function isDirectory(path: string): Promise<boolean | undefined> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => undefined,
  );
}

export async function checkTerraformMachine(
  settings: MachineSettings,
  variables: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<ConfigCheck> {
  const checks: ConfigCheck = { errors: [], warnings: [] };
  const { directory, binary, providerMirror, pluginCacheDir } = settings;
  const kind = await isDirectory(directory);
  if (kind === undefined) {
    checks.errors.push({
      path: "handlers.iac.terraform.directory",
      message: `the Terraform directory ${directory} does not exist`,
      suggestion:
        "set handlers.iac.terraform.directory to the root module (the folder you run terraform in), or create it for new code",
    });
  } else if (!kind) {
    checks.errors.push({
      path: "handlers.iac.terraform.directory",
      message: `the Terraform directory ${directory} is not a directory`,
      suggestion: "set handlers.iac.terraform.directory to the folder that holds the root module",
    });
  } else {
    const files = await readdir(directory);
    const terraform = files.filter((name) => /\.tf(?:\.json)?$/.test(name) && !OWN_FILES.test(name));
    if (terraform.length === 0) {
      checks.warnings.push({
        path: "handlers.iac.terraform.directory",
        message: `the Terraform directory ${directory} holds no Terraform (*.tf or *.tf.json)`,
        suggestion:
          "point handlers.iac.terraform.directory at the root module, or write the code there before previewing",
      });
    }
  }
  if ((await findBinary(binary, variables, cwd)) === undefined) {
    checks.errors.push({
      path: "handlers.iac.terraform.binary",
      message: binary.includes("/")
        ? `the engine binary ${binary} does not exist or is not executable`
        : `the engine binary "${binary}" is not on PATH`,
      suggestion: "install Terraform or OpenTofu, or set handlers.iac.terraform.binary to the full path of the binary",
    });
  }
  for (const [field, path, fix] of [
    ["provider_mirror", providerMirror, "create it with terraform providers mirror <dir>"],
    ["plugin_cache_dir", pluginCacheDir, "create the folder (Terraform does not create it)"],
  ] as const) {
    if (path !== undefined && (await isDirectory(path)) !== true) {
      checks.errors.push({
        path: `handlers.iac.terraform.${field}`,
        message: `handlers.iac.terraform.${field} ${path} is not an existing directory`,
        suggestion: `${fix}, or remove handlers.iac.terraform.${field}`,
      });
    }
  }
  if (kind === true) {
    for (const missing of await missingVarFiles({ directory, varFiles: settings.varFiles ?? [] })) {
      checks.errors.push({
        path: missing.setting,
        message: `the var file ${varFilePath({ directory }, missing)} named by ${missing.setting} does not exist`,
        suggestion: `create it, or correct ${missing.setting} (a relative path is read from the Terraform directory)`,
      });
    }
  }
  return checks;
}
