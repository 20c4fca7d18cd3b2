// Human rendering of remediate, and the terminal approval for risky remediations.
import type { CommandResult } from "../../core/result.js";
import type { RemediationApprover, RemediationRequest } from "../../managers/ops-remediate.js";
import type { CliIoHost } from "../host.js";

export function renderRemediation(result: CommandResult<unknown>, _host: CliIoHost): string {
  return JSON.stringify(result.data, null, 2);
}

/** One "yes"; for production-like or protected environments, then the environment's name. */
export function remediationApprover(host: CliIoHost): RemediationApprover {
  return async (request: RemediationRequest) => {
    host.notify({ level: "info", message: request.description });
    if ((await host.prompt(`Type 'yes' to ${request.action} ${request.service} in ${request.environment}`)) !== "yes") return false;
    if (!request.prodLike && !request.protected) return true;
    return (await host.prompt(`Type the environment name (${request.environment}) to confirm`)) === request.environment;
  };
}
