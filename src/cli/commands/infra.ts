// `devops infra …` lifecycle commands bound to their managers; deploy and teardown take the terminal
// approver where a person is there.
import { terminalApprover } from "../approval.js";
import { bind, type Bindings } from "../bind.js";
import { renderChange, renderPreview, renderResources, renderStatus, renderValidation } from "../render/infra.js";
import { perStack } from "../render/each-stack.js";
import { renderStateChange, renderStateList, renderStateShow } from "../render/infra-state.js";

const infra = () => import("../../managers/infra-manager.js");
const changes = () => import("../../managers/deploy-manager.js");
const state = () => import("../../managers/state-manager.js");

export const INFRA_BINDINGS = {
  "infra validate-config": bind(
    async (ctx, input) => (await infra()).validateEachStack(ctx, input),
    perStack(renderValidation),
  ),
  "infra preview-changes": bind(async (ctx, input) => (await infra()).previewInfraChanges(ctx, input), renderPreview),
  "infra deploy": bind(async (ctx, input, host) => {
    const approver = terminalApprover(host);
    return (await changes()).deploy(ctx, approver === undefined ? input : { ...input, approver });
  }, renderChange),
  "infra show-resources": bind(async (ctx, input) => (await infra()).showResources(ctx, input), renderResources),
  "infra check-status": bind(
    async (ctx, input) => (await infra()).checkEachStackStatus(ctx, input),
    perStack(renderStatus),
  ),
  "infra teardown": bind(async (ctx, input, host) => {
    const approver = terminalApprover(host);
    return (await changes()).teardown(ctx, approver === undefined ? input : { ...input, approver });
  }, renderChange),
  "infra state list": bind(async (ctx, input) => (await state()).stateList(ctx, input), renderStateList),
  "infra state show": bind(async (ctx, input) => (await state()).stateShow(ctx, input), renderStateShow),
  "infra state rm": bind(async (ctx, input, host) => {
    const approver = terminalApprover(host);
    return (await state()).stateRemove(ctx, approver === undefined ? input : { ...input, approver });
  }, renderStateChange),
  "infra state mv": bind(async (ctx, input, host) => {
    const approver = terminalApprover(host);
    return (await state()).stateMove(ctx, approver === undefined ? input : { ...input, approver });
  }, renderStateChange),
  "infra import": bind(async (ctx, input, host) => {
    const approver = terminalApprover(host);
    return (await state()).importResource(ctx, approver === undefined ? input : { ...input, approver });
  }, renderStateChange),
  "infra unlock": bind(async (ctx, input, host) => {
    const approver = terminalApprover(host);
    return (await state()).unlockState(ctx, approver === undefined ? input : { ...input, approver });
  }, renderStateChange),
} satisfies Partial<Bindings>;
