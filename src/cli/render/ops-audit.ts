// Human rendering of audit.
import type { CommandResult } from "../../core/result.js";
import type { CliIoHost } from "../host.js";

export function renderAudit(result: CommandResult<unknown>, _host: CliIoHost): string {
  return JSON.stringify(result.data, null, 2);
}
