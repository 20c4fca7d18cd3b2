// Human renderings of check-health and analyze-performance.
import type { CommandResult } from "../../core/result.js";
import type { CliIoHost } from "../host.js";

export function renderHealth(result: CommandResult<unknown>, _host: CliIoHost): string {
  return JSON.stringify(result.data, null, 2);
}

export function renderPerformance(result: CommandResult<unknown>, _host: CliIoHost): string {
  return JSON.stringify(result.data, null, 2);
}
