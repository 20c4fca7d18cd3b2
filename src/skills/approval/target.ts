// The target an approval is bound to: where the environment's state really lives, as its engine
// resolves it (links followed). An approval signed for one target never applies to another.
import type { ProjectContext } from "../../core/context.js";
import type { ResolvedEnvironment } from "../../core/config/resolve.js";
import { loadIacHandler } from "../../handlers/registry.js";

export async function approvalTarget(project: ProjectContext, env: ResolvedEnvironment): Promise<string> {
  const iac = await loadIacHandler(project, project.config.handlers.iac.active);
  return iac.stateLocation(env);
}
