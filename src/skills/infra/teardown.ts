// infra-teardown support: the state backup taken before anything is destroyed (0600, in the
// git-ignored backups folder), so a teardown can always be traced and, if need be, restored.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { ProjectContext } from "../../core/context.js";
import { writeAtomic } from "../../core/store.js";
import type { Infra } from "./target.js";

export async function backupState(project: ProjectContext, infra: Infra, label: string): Promise<string> {
  const dir = join(project.paths.stateDir, "backups", infra.env.name);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const state = await infra.iac.pullState(project, infra.target);
  const stamp = project.clock
    .now()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const path = join(dir, `${stamp}-${label}.tfstate`);
  await writeAtomic(path, state.endsWith("\n") ? state : `${state}\n`, 0o600);
  return path;
}
