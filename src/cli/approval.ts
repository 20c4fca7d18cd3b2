// The one terminal approver of every state-changing command: the banner of what is about to change,
// then one "yes". Where a person must approve, their signature follows (ssh-keygen asks for their key's
// passphrase or touch): a "yes" alone is not proof, since a program can drive a terminal. A
// production-like environment that needs no approval still asks for its name typed out.
import type { ApprovalRequest } from "../managers/deploy-manager.js";
import type { GrantApprovalRequest } from "../managers/infra-permissions.js";
import type { RemediationRequest } from "../managers/ops-remediate.js";
import type { StateChangeApproval } from "../managers/state-manager.js";
import type { CliIoHost } from "./host.js";
import { approvalBanner } from "./render/infra.js";
import { grantBanner } from "./render/infra-permissions.js";
import { stateChangeBanner } from "./render/infra-state.js";
import { remediationBanner } from "./render/ops-remediate.js";

type Colors = CliIoHost["colors"];
export type AnyApprovalRequest = ApprovalRequest | RemediationRequest | GrantApprovalRequest | StateChangeApproval;

/** What a person reads, and the question they answer, for each kind of approval. */
function prompt(request: AnyApprovalRequest, c: Colors): { banner: string; question: string } {
  switch (request.kind) {
    case "deploy":
    case "teardown":
      return {
        banner: approvalBanner(request, c),
        question: `${request.kind === "deploy" ? "apply this plan to" : "destroy"} ${request.environment}`,
      };
    case "remediation":
      return {
        banner: remediationBanner(request, c),
        question: `${request.action} ${request.resource.name} in ${request.environment}`,
      };
    case "permission_grant":
      return { banner: grantBanner(request, c), question: `grant this in ${request.environment}` };
    case "state_rm":
    case "state_mv":
    case "state_import":
    case "state_unlock":
      return { banner: stateChangeBanner(request, c), question: `change the state of ${request.environment}` };
  }
}

/** A person's approval at the terminal, or undefined when no person is there to ask. */
export function terminalApprover(host: CliIoHost): ((request: AnyApprovalRequest) => Promise<boolean>) | undefined {
  if (!host.interactive) return undefined;
  return async (request) => {
    const { banner, question } = prompt(request, host.colors);
    host.notify({ level: "info", message: banner });
    if ((await host.prompt(`Type 'yes' to ${question}`)) !== "yes") return false;
    if (request.signature === true || (!request.prodLike && !request.protected)) return true;
    return (await host.prompt(`Type the environment name (${request.environment}) to confirm`)) === request.environment;
  };
}
