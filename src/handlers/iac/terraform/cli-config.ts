// Provider installation for the engine's runs. Without settings in devops.json the person's own CLI
// config (TF_CLI_CONFIG_FILE or ~/.terraformrc) applies unchanged. A plugin cache is passed as
// TF_PLUGIN_CACHE_DIR, which leaves that file in force; a provider mirror needs a CLI config of its
// own, written to the private runs folder: the person's file first (credentials, host blocks), then the mirror.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import type { IacTarget } from "../../../core/handler-contract.js";
import { writeAtomic } from "../../../core/store.js";
import { terraformSettings } from "./config.js";

export const CLI_CONFIG_FILE = "terraform-cli.tfrc";

/** The CLI config file Terraform itself would read for this environment, when one applies. */
export function personalCliConfigPath(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const named = env.TF_CLI_CONFIG_FILE;
  if (named !== undefined && named !== "") return named;
  return env.HOME === undefined || env.HOME === "" ? undefined : join(env.HOME, ".terraformrc");
}

/** The CLI config devops runs use with a provider mirror; pure, for tests. */
export function mirrorCliConfig(mirror: string, personal: { path: string; text: string } | undefined): string {
  const own = [
    "# Written by devops from .devops/devops.json (handlers.iac.terraform.provider_mirror); rewritten on every run.",
    ...(personal === undefined
      ? []
      : [`# The settings of ${personal.path} come first, unchanged.`, personal.text.trimEnd(), ""]),
    "provider_installation {",
    "  filesystem_mirror {",
    `    path = ${JSON.stringify(mirror)}`,
    "  }",
    "}",
  ];
  return `${own.join("\n")}\n`;
}

/**
 * The variables that make the engine install providers as devops.json says, writing the CLI config
 * file they name when a mirror is configured.
 */
export async function providerInstallationEnv(
  ctx: Pick<Context, "env">,
  target: IacTarget,
): Promise<Record<string, string>> {
  const { providerMirror, pluginCacheDir } = terraformSettings(target.env);
  const env: Record<string, string> = pluginCacheDir === undefined ? {} : { TF_PLUGIN_CACHE_DIR: pluginCacheDir };
  if (providerMirror === undefined) return env;
  const path = personalCliConfigPath(ctx.env);
  const text = path === undefined ? undefined : await readFile(path, "utf8").catch(() => undefined);
  if (path !== undefined && text !== undefined && /^\s*provider_installation\b/m.test(text)) {
    throw new UserError(
      "CLI_CONFIG_CONFLICT",
      `handlers.iac.terraform.provider_mirror "${providerMirror}" and the provider_installation block of ${path} both say where providers come from`,
      {
        suggestion: `remove handlers.iac.terraform.provider_mirror to keep ${path}, or drop the provider_installation block from ${path}`,
      },
    );
  }
  const file = join(target.runsDir, CLI_CONFIG_FILE);
  const wanted = mirrorCliConfig(providerMirror, path === undefined || text === undefined ? undefined : { path, text });
  if ((await readFile(file, "utf8").catch(() => "")) !== wanted) await writeAtomic(file, wanted, 0o600);
  return { ...env, TF_CLI_CONFIG_FILE: file };
}
