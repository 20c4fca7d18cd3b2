// `devops infra …` lifecycle commands bound to their managers; deploy and teardown take the terminal
// approver where a person is there.
import { terminalApprover } from "../approval.js";
import { bind, type Bindings } from "../bind.js";
import { renderChange, renderPreview, renderResources, renderStatus, renderValidation } from "../render/infra.js";

const infra = () => import("../../managers/infra-manager.js");
const changes = () => import("../../managers/deploy-manager.js");

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
