// The Terraform/OpenTofu commands the gate knows (data): which subcommands change state, and the global
// options that come before a subcommand.

export const ENGINES: ReadonlySet<string> = new Set(["terraform", "tofu"]);

/** Subcommands (with their second word where one is needed) that change state or infrastructure. */
export const ENGINE_MUTATING: ReadonlySet<string> = new Set([
  "apply",
  "destroy",
  "import",
  "refresh",
  "taint",
  "untaint",
  "force-unlock",
  "state rm",
  "state mv",
  "state push",
  "state replace-provider",
  "workspace delete",
]);

/** Subcommands that take a second word naming what they do. */
export const ENGINE_GROUPS: ReadonlySet<string> = new Set(["state", "workspace"]);

/** `init` options that move existing state to another backend. */
export const ENGINE_INIT_MIGRATIONS: ReadonlySet<string> = new Set(["-migrate-state", "-force-copy"]);

export const ENGINE_HELP: ReadonlySet<string> = new Set(["-help", "--help", "-h", "-version", "--version", "-v"]);

/** The environment variables that choose the workspace and where the engine keeps it. */
export const ENGINE_VARIABLES = ["TF_WORKSPACE", "TF_DATA_DIR"] as const;
