// A throwaway project with a Terraform root module, a devops.json and the tools the real engine
// needs in tests (the project's Terraform CLI config; a moto endpoint for STS when given).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createContext, type Context, type ProjectContext, type TrustPaths } from "../../src/core/context.js";
import { MemoryIoHost } from "../../src/core/io.js";
import { openProject } from "../../src/skills/project.js";
import { tempDir } from "./project.js";
import { terraformEnv } from "./tools.js";

export interface InfraProject {
  root: string;
  moduleDir: string;
  env: Record<string, string>;
  io: MemoryIoHost;
  /** The person's trust paths for this project's runs: a folder of its own, never the real home. */
  trust: TrustPaths;
  context(options?: { interactive?: boolean; answers?: string[] }): Context;
  open(): Promise<ProjectContext>;
  writeModule(files: Record<string, string>): Promise<void>;
}

/** Trust paths under `dir`, standing in for the person's home in tests. */
export function testTrust(dir: string): TrustPaths {
  return {
    approvers: [join(dir, "approvers")],
    stateDir: join(dir, "state"),
    settingsFile: join(dir, "approval.json"),
  };
}

export function terraformDataModule(count: number, input = "v1"): string {
  return [
    `resource "terraform_data" "item" {`,
    `  count = ${count}`,
    `  input = "${input}-\${count.index}"`,
    `}`,
    `output "count" { value = length(terraform_data.item) }`,
    "",
  ].join("\n");
}

/** A sandbox-style config: every environment targets `endpoint` (moto), local state, a workspace each. */
export function sandboxConfig(endpoint: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const env = { endpoint, account_id: "123456789012" };
  return {
    version: "1.0",
    project: { name: "shop", subsystem: "api" },
    handlers: {
      hosting: { active: "aws", aws: { region: "us-east-1" } },
      iac: { active: "terraform", terraform: { directory: "./infra", backend: { type: "local" } } },
    },
    environments: {
      test: { require_confirmation: false, ...env },
      staging: { protected: true, ...env },
      prod: { require_confirmation: true, ...env },
    },
    ...extra,
  };
}

export async function infraProject(
  config: Record<string, unknown>,
  files: Record<string, string> = { "main.tf": terraformDataModule(2) },
): Promise<InfraProject> {
  const root = await tempDir("devops-infra-");
  const moduleDir = join(root, "infra");
  await mkdir(join(root, ".devops"), { recursive: true });
  await writeFile(join(root, ".devops", "devops.json"), JSON.stringify(config, null, 2));
  const env = terraformEnv({ USER: "tester" });
  const io = new MemoryIoHost();
  const trust = testTrust(await tempDir("devops-person-"));
  const project: InfraProject = {
    root,
    moduleDir,
    env,
    io,
    trust,
    context: (options = {}) =>
      createContext({ cwd: root, env, io: options.interactive === undefined ? io : new MemoryIoHost(options), trust }),
    open: () => openProject(project.context()),
    writeModule: async (more) => {
      await mkdir(moduleDir, { recursive: true });
      for (const [name, text] of Object.entries(more)) await writeFile(join(moduleDir, name), text);
    },
  };
  await project.writeModule(files);
  return project;
}
