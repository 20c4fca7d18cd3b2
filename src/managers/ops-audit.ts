// audit (the ops-auditor skill's workflow).
import type { Context } from "../core/context.js";
import { InternalError } from "../core/errors.js";
import type { CommandResult } from "../core/result.js";

export interface AuditInput {
  env: string;
  focus?: "cost" | "security" | "compliance";
}

export async function audit(_ctx: Context, _input: AuditInput): Promise<CommandResult<unknown>> {
  throw new InternalError("ops audit is not implemented yet");
}
