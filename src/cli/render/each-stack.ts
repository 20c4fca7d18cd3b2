// The rendering of a read-only command run over several stacks: a heading and the command's own
// rendering per stack, then the combined status.
import type { CommandResult } from "../../core/result.js";
import type { EachStackData } from "../../managers/infra-manager.js";
import type { CliIoHost } from "../host.js";

type Render<T> = (result: CommandResult<T>, host: CliIoHost) => string;

/** Wraps one stack's renderer so that it also renders the per-stack sections of a folded result. */
export function perStack<T>(render: Render<T>): Render<T | EachStackData<T>> {
  return (result, host) => {
    const { data } = result;
    if (typeof data !== "object" || data === null || !("stacks" in data) || !Array.isArray(data.stacks))
      return render(result as CommandResult<T>, host);
    const folded = data as EachStackData<T>;
    const c = host.colors;
    const lines: string[] = [];
    for (const section of folded.stacks) {
      lines.push(c.bold(`── stack ${section.stack} ──`));
      const one: CommandResult<T> = {
        status: section.status,
        environment: folded.environment,
        data: section.data,
        ...(section.verdict === undefined ? {} : { verdict: section.verdict }),
      };
      lines.push(render(one, host), "");
    }
    lines.push(`${c.bold(folded.environment)}, ${folded.stacks.length} stacks: ${result.status}`);
    return lines.join("\n");
  };
}
