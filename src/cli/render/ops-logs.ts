// Human renderings of query-logs and investigate.
import type { CommandResult } from "../../core/result.js";
import type { CliIoHost } from "../host.js";

export function renderLogs(result: CommandResult<unknown>, _host: CliIoHost): string {
  return JSON.stringify(result.data, null, 2);
}

export function renderInvestigation(result: CommandResult<unknown>, _host: CliIoHost): string {
  return JSON.stringify(result.data, null, 2);
}
