// The backend a run really uses when the code declares one and devops.json configures one too. They
// must agree, or the config must say which wins (handlers.iac.terraform.backend_source): a state key
// silently replaced is an existing project planned against an empty state.
import { commandLine } from "../../../core/commands/command-line.js";
import { UserError } from "../../../core/errors.js";
import type { IacTarget } from "../../../core/handler-contract.js";
import type { ResolvedBackend, TerraformSettings } from "./config.js";
import type { DeclaredBackend } from "./inspect.js";

/** One setting on which the code and the config disagree, in the code's (HCL) names. */
export interface BackendDifference {
  field: string;
  code: string | number | boolean | undefined;
  config: string | number | boolean | undefined;
}

/** The config's settings as the engine receives them, in HCL names (the s3 region defaults to the environment's). */
function configuredSettings(backend: ResolvedBackend, region: string): Record<string, string | boolean | undefined> {
  return {
    bucket: backend.bucket,
    key: backend.key,
    region: backend.region ?? (backend.type === "s3" ? region : undefined),
    path: backend.path,
    dynamodb_table: backend.dynamodbTable,
    use_lockfile: backend.useLockfile,
    encrypt: backend.encrypt,
  };
}

/** Where the code and the config disagree: the type, or a setting both give with different values. */
export function backendDifferences(
  declared: DeclaredBackend,
  configured: ResolvedBackend,
  region: string,
): BackendDifference[] {
  if (declared.type !== configured.type) return [{ field: "type", code: declared.type, config: configured.type }];
  const differences: BackendDifference[] = [];
  for (const [field, value] of Object.entries(configuredSettings(configured, region))) {
    const written = declared.settings[field];
    if (value === undefined || written === undefined || written === value) continue;
    differences.push({ field, code: written, config: value });
  }
  return differences;
}

function describe(difference: BackendDifference): string {
  return `${difference.field}: code ${JSON.stringify(difference.code)}, devops.json ${JSON.stringify(difference.config)}`;
}

export type EffectiveBackend =
  /** No backend in the code: devops.json's (through the managed override file), or the engine's default. */
  | { source: "config-only"; backend?: ResolvedBackend }
  /** The code's block as written; only what the emulator needs is added. */
  | { source: "code"; type: string; region?: string }
  /** devops.json's settings over the code's block; `override` when the type itself is replaced. */
  | { source: "config"; backend: ResolvedBackend; override: boolean };

/**
 * Decides which backend settings a run uses; stops (BACKEND_MISMATCH, BACKEND_SETTINGS_DIFFER) when
 * the code and the config disagree and the config does not say which wins.
 */
export function effectiveBackend(
  declared: DeclaredBackend | undefined,
  settings: TerraformSettings,
  target: IacTarget,
): EffectiveBackend {
  const configured = settings.backend;
  if (declared === undefined)
    return { source: "config-only", ...(configured === undefined ? {} : { backend: configured }) };
  const region = typeof declared.settings.region === "string" ? declared.settings.region : undefined;
  const code = { source: "code", type: declared.type, ...(region === undefined ? {} : { region }) } as const;
  if (configured === undefined || settings.backendSource === "code") return code;
  const differences = backendDifferences(declared, configured, target.env.region);
  if (differences.length === 0 || settings.backendSource === "config")
    return { source: "config", backend: configured, override: declared.type !== configured.type };
  const directory = settings.directory;
  const fix =
    'set handlers.iac.terraform.backend_source to "code" (use the code\'s backend as written) or "config" (use devops.json\'s), or make the two agree';
  if (differences[0]?.field === "type") {
    throw new UserError(
      "BACKEND_MISMATCH",
      `the Terraform code in ${directory} declares backend "${declared.type}", but devops.json configures "${configured.type}"`,
      { suggestion: `${fix}; then run ${commandLine("config validate")}`, details: { directory, differences } },
    );
  }
  throw new UserError(
    "BACKEND_SETTINGS_DIFFER",
    `the backend "${declared.type}" in the Terraform code of ${directory} and handlers.iac.terraform.backend in devops.json disagree (${differences.map(describe).join("; ")}); nothing was run, so no state was read from the wrong place`,
    { suggestion: fix, details: { directory, differences } },
  );
}
