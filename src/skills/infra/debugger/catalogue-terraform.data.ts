// Known Terraform-side failures: the state and its lock, the backend, init, the configuration language,
// and provider crashes.
import { commandLine } from "../../../core/commands/command-line.js";
import { ENVIRONMENT } from "./placeholders.data.js";
import type { KnownError, SolutionTemplate } from "./types.js";

const INIT: SolutionTemplate = {
  description: "Re-initialise the working directory",
  category: "config_fix",
  steps: [
    "Run terraform init in the environment's Terraform directory (add -upgrade when provider versions changed)",
    "Commit the updated .terraform.lock.hcl",
    "Run the command again",
  ],
  automation: { automated: false },
  command: "terraform init -upgrade",
};

const FIX_CONFIG = (what: string, steps: string[]): SolutionTemplate => ({
  description: what,
  category: "config_fix",
  steps: [...steps, "Validate before deploying again"],
  automation: { automated: false },
  command: commandLine("infra validate-config", { env: ENVIRONMENT }),
});

export const TERRAFORM_ERRORS: readonly KnownError[] = [
  {
    id: "state-lock-held",
    title: "The Terraform state is locked by another run",
    category: "state",
    codes: ["ConditionalCheckFailedException"],
    patterns: [/\bError acquiring the state lock\b/i, /\bLock Info:/],
    solutions: [
      {
        description: "Wait for the run that holds the lock, then retry",
        category: "retry",
        steps: [
          "Check who holds the lock (Who / Created in the Lock Info) and whether that run is still going",
          "Wait for it to finish, then run the command again",
        ],
        automation: { automated: false },
        command: commandLine("infra check-status", { env: ENVIRONMENT }),
      },
      {
        description: "Release a lock left by a run that died",
        category: "state_fix",
        steps: [
          "Make sure no terraform process for this environment is still running (CI jobs included)",
          "In the environment's Terraform directory run terraform force-unlock with the lock id",
          "Run the command again",
        ],
        automation: { automated: false },
        command: "terraform force-unlock {lock_id}",
      },
    ],
  },
  {
    id: "backend-config-changed",
    title: "The backend configuration changed; Terraform must be re-initialised",
    category: "state",
    patterns: [/\bBackend configuration changed\b/i, /\bBackend initiali[sz]ation required\b/i],
    solutions: [
      {
        description: "Re-initialise the backend (reconfigure, or migrate the existing state)",
        category: "state_fix",
        steps: [
          "If the state should stay where it is, run terraform init -reconfigure",
          "If the state must move to the new backend, back it up and run terraform init -migrate-state",
          "Run the command again",
        ],
        automation: { automated: false },
        command: "terraform init -reconfigure",
      },
    ],
  },
  {
    id: "backend-unreachable",
    title: "The state backend (bucket or lock table) cannot be read",
    category: "state",
    patterns: [
      /\bFailed to get existing workspaces\b/i,
      /\bError (?:loading|reading) (?:the )?state\b/i,
      /\bFailed to load state\b/i,
    ],
    solutions: [
      {
        description: "Check that the state bucket and lock table exist in the configured region and account",
        category: "state_fix",
        steps: [
          "Compare the backend block (bucket, key, region, dynamodb_table) with what exists in AWS",
          "Check that the environment's credentials point at the account that holds the state",
          "Run terraform init -reconfigure after correcting the backend",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "state-digest-mismatch",
    title: "The state in S3 does not match the digest in the lock table",
    category: "state",
    patterns: [/\bdoes not have the expected content\b/i, /\bchecksum calculated for the state\b/i],
    solutions: [
      {
        description: "Wait for S3 consistency, then correct or remove the stale digest",
        category: "state_fix",
        steps: [
          "Retry once: a write that just finished can still be propagating",
          "If it persists, confirm the S3 object is the state you expect (versioning history)",
          "Update the Digest item in the lock table to the checksum Terraform reports, or delete that item",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "state-lineage-serial",
    title: "The state's lineage or serial does not match",
    category: "state",
    patterns: [/\blineage\b/i, /\bsame serial\b/i, /\bstate serial\b/i],
    solutions: [
      {
        description: "Restore the right state version instead of overwriting it",
        category: "state_fix",
        steps: [
          "Pull the current remote state and keep a copy",
          "Compare lineage and serial with the state you tried to push",
          "Restore the correct version from the bucket's version history; never push a state from another lineage",
        ],
        automation: { automated: false },
        command: "terraform state pull",
      },
    ],
  },
  {
    id: "state-newer-terraform",
    title: "The state was written by a newer Terraform",
    category: "state",
    patterns: [/\bstate snapshot was created by Terraform\b/i],
    solutions: [
      {
        description: "Use the Terraform version that wrote the state (or newer)",
        category: "config_fix",
        steps: [
          "Read the version named in the error",
          "Install that version (or pin it in required_version) on this machine and in CI",
          "Run the command again",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "resource-already-managed",
    title: "The resource is already in the Terraform state",
    category: "state",
    patterns: [/\bResource already managed by Terraform\b/i],
    solutions: [
      {
        description: "Drop the duplicate import (or the duplicate state entry)",
        category: "state_fix",
        steps: [
          "Remove the import block or command for an address that is already managed",
          "If two addresses track the same object, terraform state rm the wrong one",
        ],
        automation: { automated: false },
        command: "terraform state list",
      },
    ],
  },
  // Air-gapped machines and corporate networks reach no public registry: init cannot list provider
  // versions. Re-running init does not help; a mirror or a warm plugin cache does.
  {
    id: "provider-registry-unreachable",
    title: "terraform init cannot reach a provider registry or mirror",
    category: "config",
    patterns: [
      /\bFailed to query available provider packages\b/i,
      /\bCould not retrieve the list of available versions\b/i,
      /\bwas not found in any of the\s+search locations\b/i,
      /\bFailed to request discovery document\b/i,
    ],
    solutions: [
      {
        description: "Install providers from a local mirror or a plugin cache",
        category: "config_fix",
        steps: [
          "On a machine with registry access, fill a mirror: terraform providers mirror <dir> (in the Terraform directory)",
          "Set handlers.iac.terraform.provider_mirror in .devops/devops.json to that directory; devops writes its own CLI config for its runs",
          "Or set handlers.iac.terraform.plugin_cache_dir to a cache that already holds the providers",
          "Or give Terraform itself a provider_installation block in ~/.terraformrc (or TF_CLI_CONFIG_FILE), which devops respects",
          "If a mirror is already configured, check that it holds the provider and version the module requires",
        ],
        automation: { automated: false },
        command: commandLine("config validate"),
      },
    ],
  },
  {
    id: "provider-not-installed",
    title: "Providers are not installed or do not match the dependency lock file",
    category: "config",
    patterns: [
      /\bInconsistent dependency lock file\b/i,
      /\bplugins? (?:are|is) not installed\b/i,
      /\bchecksums recorded in the dependency lock file\b/i,
      /\bFailed to install provider\b/i,
    ],
    solutions: [INIT],
  },
  {
    id: "module-not-installed",
    title: "A module is not installed or its source changed",
    category: "config",
    patterns: [/\bModule not installed\b/i, /\bModule (?:source|version requirements) (?:has|have) changed\b/i],
    solutions: [{ ...INIT, description: "Install the modules", command: "terraform init" }],
  },
  {
    id: "terraform-not-found",
    title: "The terraform binary cannot be run",
    category: "config",
    patterns: [/\bexecutable file not found\b/i, /\bterraform: command not found\b/i],
    solutions: [
      {
        description: "Install Terraform (or OpenTofu) or point devops at its binary",
        category: "config_fix",
        steps: [
          "Install Terraform or OpenTofu",
          "Or set handlers.iac.terraform.binary in .devops/devops.json to the binary's path",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "unsupported-argument",
    title: "An argument, attribute or block is not supported here",
    category: "config",
    patterns: [/\bUnsupported argument\b/i, /\bUnsupported attribute\b/i, /\bUnsupported block type\b/i],
    solutions: [
      FIX_CONFIG("Remove or rename the unsupported argument", [
        "Open the file and line the error names",
        "Check the argument against the provider version's documentation (it may have moved to a separate resource)",
        "Remove or rename it",
      ]),
    ],
  },
  {
    id: "missing-required-argument",
    title: "A required argument or variable has no value",
    category: "config",
    patterns: [/\bMissing required argument\b/i, /\bNo value for required variable\b/i],
    solutions: [
      FIX_CONFIG("Provide the required value", [
        "Add the missing argument at the file and line the error names",
        "For a variable, set it in the environment's tfvars",
      ]),
    ],
  },
  {
    id: "invalid-reference",
    title: "The configuration refers to something that is not declared",
    category: "config",
    patterns: [/\bReference to undeclared\b/i, /\bInvalid reference\b/i],
    solutions: [
      FIX_CONFIG("Declare the referenced object or fix the reference", [
        "Check the spelling of the resource, variable or module named",
        "Declare it, or correct the reference",
      ]),
    ],
  },
  {
    id: "invalid-count-for-each",
    title: "count or for_each depends on values known only after apply",
    category: "config",
    patterns: [/\bInvalid count argument\b/i, /\bInvalid for_each argument\b/i],
    solutions: [
      FIX_CONFIG("Make count / for_each depend only on known values", [
        "Derive the keys from variables or static values rather than resource attributes",
        "Or create the dependency first with a targeted apply",
      ]),
    ],
  },
  {
    id: "provider-crash",
    title: "The provider crashed",
    category: "unknown",
    patterns: [
      /\bpanic: /,
      /\bPlugin did not respond\b/i,
      /\bThe plugin encountered an error, and failed to respond\b/i,
    ],
    solutions: [
      {
        description: "Upgrade the provider and retry; report the crash if it persists",
        category: "manual",
        steps: [
          "Raise the provider version constraint and run terraform init -upgrade",
          "Run the command again",
          "If it still crashes, report it to the provider with the crash log (TF_LOG=DEBUG)",
        ],
        automation: { automated: false },
        command: "terraform init -upgrade",
      },
    ],
  },
  {
    id: "provider-inconsistent-result",
    title: "The provider produced an inconsistent plan or result",
    category: "unknown",
    patterns: [/\bProvider produced inconsistent\b/i, /\bproduced an unexpected new value\b/i],
    solutions: [
      {
        description: "Apply again, then upgrade the provider if it repeats",
        category: "retry",
        steps: [
          "Run the deploy again: the second apply usually converges",
          "If it repeats, upgrade the provider (terraform init -upgrade) and check its issue tracker for the resource named",
        ],
        automation: { automated: false },
      },
    ],
  },
];
