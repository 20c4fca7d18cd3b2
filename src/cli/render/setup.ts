// Human renderings of the setup commands' results (init, config validate, config show).
import type { ResolvedIac } from "../../core/config/resolve.js";
import type { CommandResult } from "../../core/result.js";
import type { InitData, ShowData, TerraformSettings, ValidateData } from "../../managers/setup-manager.js";
import type { CliIoHost } from "../host.js";

type EnvironmentRow = ValidateData["environments"][number];

function environmentTable(rows: readonly EnvironmentRow[], host: CliIoHost): string[] {
  const c = host.colors;
  const width = Math.max(...rows.map((row) => row.name.length), 4);
  return rows.map((row) => {
    const approval = row.protected
      ? c.red("protected")
      : row.requireConfirmation
        ? c.yellow("confirmation required")
        : c.green("no confirmation");
    const account = row.accountId === undefined ? "" : `  account ${row.accountId}`;
    return `  ${row.name.padEnd(width)}  ${row.target}  ${row.region}${account}  ${approval}`;
  });
}

export function renderInit(result: CommandResult<InitData>, host: CliIoHost): string {
  const { data } = result;
  const kind = data.sandbox ? "sandbox configuration (local AWS emulator)" : "configuration";
  const verb = result.status === "replaced" ? "Replaced" : "Created";
  return `${host.colors.green("✓")} ${verb} ${kind}: ${data.path}\n  environments: ${Object.keys(data.config.environments).join(", ")}`;
}

export function renderValidate(result: CommandResult<ValidateData>, host: CliIoHost): string {
  const { data } = result;
  const lines = [`${host.colors.green("✓")} ${data.path} is valid`, ...environmentTable(data.environments, host)];
  return lines.join("\n");
}

/** The engine's settings: Terraform's by name, another engine's as its handler resolved them. */
function iacRows(iac: ResolvedIac): [string, string][] {
  const workspace: [string, string] = ["workspace", iac.workspace ?? "(workspaces off)"];
  if (typeof iac.binary !== "string" || typeof iac.varFile !== "string") {
    const { directory: _directory, workspace: _workspace, ...settings } = iac;
    return [
      ["iac", iac.directory],
      workspace,
      ...Object.entries(settings).map(([key, value]): [string, string] => [key, JSON.stringify(value)]),
    ];
  }
  const terraform = iac as TerraformSettings;
  const backend = terraform.backend;
  return [
    ["terraform", `${terraform.binary} in ${terraform.directory}`],
    ["var files", terraform.varFiles.map((varFile) => varFile.file).join(", ")],
    workspace,
    [
      "backend",
      backend === undefined
        ? "local (default)"
        : [backend.type, backend.bucket, backend.key ?? backend.path].filter(Boolean).join(" "),
    ],
  ];
}

export function renderShow(result: CommandResult<ShowData>, host: CliIoHost): string {
  const { data } = result;
  const env = data.environment;
  if (env === undefined) {
    return [
      `${data.path}`,
      "",
      JSON.stringify(data.config, null, 2),
      "",
      "Environments:",
      ...environmentTable(data.environments, host),
    ].join("\n");
  }
  const rows: [string, string][] = [
    ["environment", env.name],
    [
      "confirmation",
      env.protected
        ? "always (protected)"
        : env.requireConfirmation
          ? "required (plan-bound approval)"
          : "not required",
    ],
    ["auto approve", String(env.autoApprove)],
    [
      "target",
      env.endpoint !== undefined ? `AWS emulator at ${env.endpoint}` : `AWS profile ${env.profile ?? "(none)"}`,
    ],
    ["region", env.region],
    ["account", env.accountId ?? "(not pinned)"],
    ...iacRows(env.iac),
  ];
  if (env.costThreshold !== undefined) rows.push(["cost threshold", `$${env.costThreshold}/month`]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${host.colors.dim(label.padEnd(width))}  ${value}`).join("\n");
}

export function renderJsonData(result: CommandResult): string {
  return JSON.stringify(result.data, null, 2);
}
