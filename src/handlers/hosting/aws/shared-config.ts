// The AWS shared config and credentials files as the SDK and the CLI read them (AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE honoured): which profiles and SSO sessions exist, so `config validate`
// can name a profile that is nowhere before a command fails on it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConfigCheck, ResolvedEnvironment } from "../../../core/config/handler-config.js";

export interface SharedConfigFiles {
  configPath: string;
  credentialsPath: string;
  /** Profile name → its settings, from both files (config's `[profile x]` and `[default]`, credentials' `[x]`). */
  profiles: Map<string, Record<string, string>>;
  /** `[sso-session x]` sections of the config file. */
  ssoSessions: Set<string>;
}

interface Section {
  name: string;
  settings: Record<string, string>;
}

/** INI sections with their `key = value` settings; nested (indented) settings are kept as their parent key. */
export function parseIni(text: string): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)[#;].*$/, "").trimEnd();
    if (line.trim() === "") continue;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header !== null) {
      current = { name: header[1]!.trim().replace(/\s+/g, " "), settings: {} };
      sections.push(current);
      continue;
    }
    const setting = /^([^=\s][^=]*?)\s*=\s*(.*)$/.exec(line);
    if (current !== undefined && setting !== null) current.settings[setting[1]!.trim()] = setting[2]!.trim();
  }
  return sections;
}

export function sharedConfigPaths(env: Readonly<Record<string, string | undefined>>): {
  configPath: string;
  credentialsPath: string;
} {
  const home = env.HOME ?? env.USERPROFILE ?? "";
  return {
    configPath: env.AWS_CONFIG_FILE || join(home, ".aws", "config"),
    credentialsPath: env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials"),
  };
}

export async function readSharedConfig(env: Readonly<Record<string, string | undefined>>): Promise<SharedConfigFiles> {
  const { configPath, credentialsPath } = sharedConfigPaths(env);
  const read = (path: string) => readFile(path, "utf8").catch(() => "");
  const profiles = new Map<string, Record<string, string>>();
  const ssoSessions = new Set<string>();
  for (const section of parseIni(await read(credentialsPath))) profiles.set(section.name, section.settings);
  for (const section of parseIni(await read(configPath))) {
    const [kind, ...rest] = section.name.split(" ");
    const name = rest.join(" ");
    if (kind === "sso-session" && name !== "") ssoSessions.add(name);
    else if (kind === "profile" && name !== "") profiles.set(name, { ...profiles.get(name), ...section.settings });
    else if (section.name === "default") profiles.set("default", { ...profiles.get("default"), ...section.settings });
  }
  return { configPath, credentialsPath, profiles, ssoSessions };
}

function profileIssues(
  files: SharedConfigFiles,
  profile: string,
  path: string,
  owner: string,
  severity: "errors" | "warnings",
  checks: ConfigCheck,
): void {
  const settings = files.profiles.get(profile);
  if (settings === undefined) {
    checks[severity].push({
      path,
      message: `the profile "${profile}" of ${owner} is in neither ${files.configPath} nor ${files.credentialsPath}`,
      suggestion: `create it (aws configure --profile ${profile}, or aws configure sso --profile ${profile}), or set the profile that holds these credentials`,
    });
    return;
  }
  const session = settings.sso_session;
  if (session !== undefined && !files.ssoSessions.has(session)) {
    checks[severity].push({
      path,
      message: `the profile "${profile}" of ${owner} uses the SSO session "${session}", which has no [sso-session ${session}] section in ${files.configPath}`,
      suggestion: `add it with aws configure sso-session, or correct sso_session in [profile ${profile}]`,
    });
  }
  const source = settings.source_profile;
  if (source !== undefined && !files.profiles.has(source)) {
    checks[severity].push({
      path,
      message: `the profile "${profile}" of ${owner} assumes its role from source_profile "${source}", which is in neither file`,
      suggestion: `create the profile "${source}", or correct source_profile in [profile ${profile}]`,
    });
  }
}

/**
 * The environment's profiles against this machine's shared files. A sandbox (emulator endpoint) needs
 * none; the deploy profile missing is an error, the discover profile (a few commands only) a warning.
 */
export async function checkSharedProfiles(
  env: ResolvedEnvironment,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<ConfigCheck> {
  const checks: ConfigCheck = { errors: [], warnings: [] };
  if (env.endpoint !== undefined) return checks;
  if (env.profile === undefined && env.discoverProfile === undefined) return checks;
  const files = await readSharedConfig(variables);
  if (env.profile !== undefined)
    profileIssues(files, env.profile, `environments.${env.name}`, `"${env.name}"`, "errors", checks);
  if (env.discoverProfile !== undefined)
    profileIssues(
      files,
      env.discoverProfile,
      "handlers.hosting.aws.profiles.discover",
      "the discover role",
      "warnings",
      checks,
    );
  return checks;
}
