// `devops infra debug` and `devops infra permissions …` bound to the debugger and the permission manager.
import { OutcomeOptions } from "../../core/commands/infra-debug.js";
import { commandLine, placeholder } from "../../core/commands/command-line.js";
import { UserError } from "../../core/errors.js";
import { terminalApprover } from "../approval.js";
import { bind, type Bindings } from "../bind.js";
import { renderDebugCommand } from "../render/infra-debug.js";
import { renderGrant, renderPermissionsAudit, renderPermissionsList } from "../render/infra-permissions.js";
import { parseOptions } from "../run.js";

const debugging = () => import("../../managers/infra-debug.js");
const permissions = () => import("../../managers/infra-permissions.js");

export const DEBUG_BINDINGS = {
  "infra debug": bind(async (ctx, input) => {
    const manager = await debugging();
    const { recordOutcome, issue, solution, description, outcome, minutes, note, ...debugInput } = input;
    if (recordOutcome)
      return manager.recordOutcome(
        ctx,
        parseOptions(OutcomeOptions, { issue, solution, description, outcome, minutes, note }),
      );
    const stray = Object.entries({ issue, solution, description, outcome, minutes, note }).find(
      ([, value]) => value !== undefined,
    );
    if (stray !== undefined) {
      throw new UserError("FLAG_WITHOUT_RECORD_OUTCOME", `--${stray[0]} only applies with --record-outcome`, {
        suggestion: commandLine("infra debug", {
          recordOutcome: true,
          issue: placeholder("<id>"),
          outcome: placeholder("success|failure"),
        }),
      });
    }
    return manager.debug(ctx, debugInput);
  }, renderDebugCommand),
  "infra permissions list": bind(
    async (ctx, input) => (await permissions()).permissionsList(ctx, input),
    renderPermissionsList,
  ),
  "infra permissions audit": bind(
    async (ctx, input) => (await permissions()).permissionsAudit(ctx, input),
    renderPermissionsAudit,
  ),
  "infra permissions grant": bind(async (ctx, input, host) => {
    const approver = terminalApprover(host);
    return (await permissions()).permissionsGrant(ctx, approver === undefined ? input : { ...input, approver });
  }, renderGrant),
} satisfies Partial<Bindings>;
