// `devops ops …` bound to the runtime operations managers.
import { terminalApprover } from "../approval.js";
import { bind, type Bindings } from "../bind.js";
import { renderAudit } from "../render/ops-audit.js";
import { renderHealth, renderPerformance } from "../render/ops-health.js";
import { renderInvestigation, renderLogs } from "../render/ops-logs.js";
import { renderRemediation } from "../render/ops-remediate.js";

const health = () => import("../../managers/ops-health.js");
const logs = () => import("../../managers/ops-logs.js");
const responder = () => import("../../managers/ops-remediate.js");
const auditor = () => import("../../managers/ops-audit.js");

export const OPS_BINDINGS = {
  "ops check-health": bind(async (ctx, input) => (await health()).checkHealth(ctx, input), renderHealth),
  "ops query-logs": bind(async (ctx, input) => (await logs()).queryLogs(ctx, input), renderLogs),
  "ops investigate": bind(async (ctx, input) => (await logs()).investigate(ctx, input), renderInvestigation),
  "ops analyze-performance": bind(
    async (ctx, input) => (await health()).analyzePerformance(ctx, input),
    renderPerformance,
  ),
  "ops remediate": bind(async (ctx, input, host) => {
    const approver = terminalApprover(host);
    return (await responder()).remediate(ctx, approver === undefined ? input : { ...input, approver });
  }, renderRemediation),
  "ops audit": bind(async (ctx, input) => (await auditor()).audit(ctx, input), renderAudit),
} satisfies Partial<Bindings>;
