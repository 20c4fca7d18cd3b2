// `devops infra …` lifecycle commands bound to their managers, with the terminal approval of a deploy
// or teardown.
import type { ApprovalRequest, Approver } from "../../managers/deploy-manager.js";
import { bind, type Bindings } from "../bind.js";
import type { CliIoHost } from "../host.js";
import {
  approvalBanner,
  renderChange,
  renderPreview,
  renderResources,
  renderStatus,
  renderValidation,
} from "../render/infra.js";
import { confirmAtTerminal } from "../options.js";

const infra = () => import("../../managers/infra-manager.js");
const changes = () => import("../../managers/deploy-manager.js");

/** The terminal approval: one "yes", or for production two steps, the second typing the environment name. */
function terminalApprover(host: CliIoHost): Approver | undefined {
  if (!host.interactive) return undefined;
  return async (request: ApprovalRequest) => {
    host.notify({ level: "info", message: approvalBanner(request, host.colors) });
    const question = `${request.kind === "deploy" ? "apply this plan to" : "destroy"} ${request.environment}`;
    return confirmAtTerminal(host, question, {
      name: request.environment,
      strict: request.prodLike || request.protected,
    });
  };
}

export const INFRA_BINDINGS = {
  "infra validate-config": bind(
    async (ctx, input) => (await infra()).validateInfraConfig(ctx, input),
    renderValidation,
  ),
  "infra preview-changes": bind(async (ctx, input) => (await infra()).previewInfraChanges(ctx, input), renderPreview),
  "infra deploy": bind(async (ctx, input, host) => {
    const approver = terminalApprover(host);
    return (await changes()).deploy(ctx, approver === undefined ? input : { ...input, approver });
  }, renderChange),
  "infra show-resources": bind(async (ctx, input) => (await infra()).showResources(ctx, input), renderResources),
  "infra check-status": bind(async (ctx, input) => (await infra()).checkStatus(ctx, input), renderStatus),
  "infra teardown": bind(async (ctx, input, host) => {
    const approver = terminalApprover(host);
    return (await changes()).teardown(ctx, approver === undefined ? input : { ...input, approver });
  }, renderChange),
} satisfies Partial<Bindings>;
