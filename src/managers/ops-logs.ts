// query-logs and investigate (the ops-investigator skill's workflows).
import type { Context } from "../core/context.js";
import { InternalError } from "../core/errors.js";
import type { CommandResult } from "../core/result.js";

export interface LogsInput {
  env: string;
  service?: string;
  filter?: string;
  timeframe: string;
  limit: number;
}

export interface InvestigateInput {
  env: string;
  service?: string;
  timeframe: string;
}

export async function queryLogs(_ctx: Context, _input: LogsInput): Promise<CommandResult<unknown>> {
  throw new InternalError("ops query-logs is not implemented yet");
}

export async function investigate(_ctx: Context, _input: InvestigateInput): Promise<CommandResult<unknown>> {
  throw new InternalError("ops investigate is not implemented yet");
}
