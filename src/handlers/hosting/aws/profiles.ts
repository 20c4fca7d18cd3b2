// The AWS CLI profiles a person already has: the section names of the shared config file
// (`[profile name]`, `[default]`) and of the shared credentials file (`[name]`), at the locations the
// AWS CLI and SDKs read (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/).
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** The shared config and credentials files for this environment's variables. */
export function sharedFiles(env: Readonly<Record<string, string | undefined>>): {
  config?: string;
  credentials?: string;
} {
  const home = env.HOME ?? env.USERPROFILE;
  const config = env.AWS_CONFIG_FILE ?? (home === undefined ? undefined : join(home, ".aws", "config"));
  const credentials =
    env.AWS_SHARED_CREDENTIALS_FILE ?? (home === undefined ? undefined : join(home, ".aws", "credentials"));
  return { ...(config === undefined ? {} : { config }), ...(credentials === undefined ? {} : { credentials }) };
}

/** Profile names in one file: in the config file only `default` and `profile <name>` sections are profiles. */
export function profilesIn(text: string, kind: "config" | "credentials"): string[] {
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/.exec(line)?.[1];
    if (section === undefined) continue;
    if (kind === "credentials") names.push(section);
    else if (section === "default") names.push(section);
    else if (/^profile\s+/.test(section)) names.push(section.replace(/^profile\s+/, "").trim());
  }
  return names;
}

/** Every profile found in the shared files, sorted, each once; missing files add nothing. */
export async function knownProfiles(env: Readonly<Record<string, string | undefined>>): Promise<string[]> {
  const files = sharedFiles(env);
  const found = new Set<string>();
  for (const kind of ["config", "credentials"] as const) {
    const path = files[kind];
    if (path === undefined) continue;
    const text = await readFile(path, "utf8").catch(() => "");
    for (const name of profilesIn(text, kind)) found.add(name);
  }
  return [...found].sort();
}
