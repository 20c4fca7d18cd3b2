// `devops approval setup|status|sign` bound to the approval manager.
import { bind, type Bindings } from "../bind.js";
import { renderApprovalSetup, renderApprovalSign, renderApprovalStatus } from "../render/approval.js";

const approval = () => import("../../managers/approval-manager.js");

export const APPROVAL_BINDINGS = {
  "approval setup": bind(async (ctx, input) => (await approval()).setupApproval(ctx, input), renderApprovalSetup),
  "approval status": bind(async (ctx) => (await approval()).approvalStatus(ctx), renderApprovalStatus),
  "approval sign": bind(async (ctx, input) => (await approval()).signApproval(ctx, input), renderApprovalSign),
} satisfies Partial<Bindings>;
