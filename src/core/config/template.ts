// The configuration `devops init` writes: the documented structure, filled in for this project,
// or a sandbox whose environments target a local AWS emulator.
import type { DevopsConfigInput } from "./schema.js";

/** `.devops/.gitignore`: saved plans, state backups, run settings and locks never belong in git. */
export const STATE_GITIGNORE = [
  "# devops: local-only files (saved plans, state backups, run settings, locks)",
  "plans/",
  "backups/",
  "runs/",
  "*.lock",
  "",
].join("\n");

export const SANDBOX_ENDPOINT = "http://127.0.0.1:5000";
/** The account id the local AWS emulator (moto) reports by default. */
export const SANDBOX_ACCOUNT_ID = "123456789012";

export interface TemplateInput {
  project: string;
  subsystem: string;
  organization?: string;
  region: string;
  hosting: string;
  iac: string;
  sandbox: boolean;
  endpoint: string;
}

export function initialConfig(input: TemplateInput): DevopsConfigInput {
  const project = {
    name: input.project,
    subsystem: input.subsystem,
    ...(input.organization === undefined ? {} : { organization: input.organization }),
  };
  const naming = { pattern: "{project}-{subsystem}-{environment}-{resource}", separator: "-" };
  if (input.sandbox) {
    const sandboxEnv = { endpoint: input.endpoint, account_id: SANDBOX_ACCOUNT_ID };
    return {
      version: "1.0",
      project,
      handlers: {
        hosting: { active: input.hosting, aws: { region: input.region } },
        iac: {
          active: input.iac,
          terraform: {
            directory: "./infrastructure/terraform",
            var_file_pattern: "{environment}.tfvars",
            backend: { type: "local" },
          },
        },
      },
      resource_naming: naming,
      environments: {
        test: {
          auto_approve: false,
          cost_threshold: 100,
          require_confirmation: false,
          ...sandboxEnv,
          description: "local AWS emulator",
        },
        prod: {
          auto_approve: false,
          cost_threshold: 500,
          require_confirmation: true,
          ...sandboxEnv,
          description: "local AWS emulator, approvals as in production",
        },
      },
    };
  }
  return {
    version: "1.0",
    project,
    handlers: {
      hosting: {
        active: input.hosting,
        aws: {
          region: input.region,
          profiles: {
            discover: `${input.project}-discover-deploy`,
            test: `${input.project}-test-deploy`,
            prod: `${input.project}-prod-deploy`,
          },
        },
      },
      iac: {
        active: input.iac,
        terraform: {
          directory: "./infrastructure/terraform",
          var_file_pattern: "{environment}.tfvars",
          backend: {
            type: "s3",
            bucket: "{project}-terraform-state",
            key: "{subsystem}/terraform.tfstate",
            use_lockfile: true,
          },
        },
      },
    },
    resource_naming: naming,
    environments: {
      test: { auto_approve: false, cost_threshold: 100, require_confirmation: false },
      prod: { auto_approve: false, cost_threshold: 500, require_confirmation: true },
    },
  };
}
