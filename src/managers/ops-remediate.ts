// remediate (the ops-responder skill's workflow).
import type { Context } from "../core/context.js";
import { InternalError } from "../core/errors.js";
import type { CommandResult } from "../core/result.js";

/** What a person at a terminal is asked before a remediation; filled in by the responder. */
export interface RemediationRequest {
  environment: string;
  service: string;
  action: "restart" | "scale" | "rollback";
  prodLike: boolean;
  protected: boolean;
  description: string;
}

export type RemediationApprover = (request: RemediationRequest) => Promise<boolean>;

export interface RemediateInput {
  env: string;
  service: string;
  action: "restart" | "scale" | "rollback";
  count?: number;
  plan?: string;
  confirm?: string;
  approver?: RemediationApprover;
}

export async function remediate(_ctx: Context, _input: RemediateInput): Promise<CommandResult<unknown>> {
  throw new InternalError("ops remediate is not implemented yet");
}
