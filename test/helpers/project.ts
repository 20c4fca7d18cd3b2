// Temporary project folders with a devops.json, for tests that touch the filesystem.
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach } from "vitest";

const made: string[] = [];

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(prefix = "devops-test-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export const fixturePath = (...parts: string[]) => join(import.meta.dirname, "..", "fixtures", ...parts);

export async function readFixture(...parts: string[]): Promise<string> {
  return readFile(fixturePath(...parts), "utf8");
}

export async function userGuideConfig(): Promise<Record<string, any>> {
  return JSON.parse(await readFixture("config", "user-guide.json")) as Record<string, any>;
}

/** Writes `config` (an object or raw text) to `<dir>/<relativePath>` and returns the directory. */
export async function projectWith(config: unknown, relativePath = ".devops/devops.json"): Promise<string> {
  const dir = await tempDir();
  const path = join(dir, relativePath);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, typeof config === "string" ? config : JSON.stringify(config, null, 2));
  return dir;
}

/**
 * Makes this machine what `config validate` expects for a project at `root` with `config`: its
 * Terraform directory with a module in it, and an AWS config file naming its profiles. Returns the
 * environment variables to run with.
 */
export async function readyMachine(root: string, config: Record<string, any>): Promise<Record<string, string>> {
  const directory = join(root, config.handlers?.iac?.terraform?.directory ?? "./infrastructure/terraform");
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, "main.tf"), 'terraform {\n  required_version = ">= 1.6"\n}\n');
  const named = [
    ...(config.handlers?.iac?.terraform?.var_files ?? []),
    ...Object.values(config.environments ?? {}).flatMap((env: any) => env?.var_file ?? []),
  ].filter((file: string) => !file.includes("{"));
  for (const file of named) await writeFile(join(directory, file), "");
  const profiles = new Set(Object.values(config.handlers?.hosting?.aws?.profiles ?? {}).map(String));
  const awsConfig = join(root, ".aws-config");
  await writeFile(awsConfig, [...profiles].map((name) => `[profile ${name}]\nregion = us-east-1\n`).join("\n"));
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root, AWS_CONFIG_FILE: awsConfig };
}
