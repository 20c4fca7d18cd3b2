// check-health and analyze-performance (the ops-monitor skill's workflows).
import type { Context } from "../core/context.js";
import { InternalError } from "../core/errors.js";
import type { CommandResult } from "../core/result.js";

export interface HealthInput {
  env: string;
  service?: string;
}

export interface PerformanceInput {
  env: string;
  service?: string;
  timeframe: string;
  metric?: string;
  chart?: string;
}

export async function checkHealth(_ctx: Context, _input: HealthInput): Promise<CommandResult<unknown>> {
  throw new InternalError("ops check-health is not implemented yet");
}

export async function analyzePerformance(_ctx: Context, _input: PerformanceInput): Promise<CommandResult<unknown>> {
  throw new InternalError("ops analyze-performance is not implemented yet");
}
