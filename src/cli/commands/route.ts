// `devops route "<request>"`: the natural-language router (the director's deterministic half).
import type { Command } from "commander";
import * as z from "zod";
import type { Route } from "../../managers/route-manager.js";
import type { CommandResult } from "../../core/result.js";
import type { CliIoHost } from "../host.js";
import { runCommand, type Runtime } from "../run.js";

const RouteInput = z.object({ text: z.string().max(4000, "must be at most 4000 characters") });

function renderRoute(result: CommandResult<Route>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  if (data.ambiguous) {
    return [
      `"${data.request}" could mean:`,
      ...data.options.map((o, i) => `  ${i + 1}. ${o.command} (${o.manager})  ${c.dim(o.cli)}`),
    ].join("\n");
  }
  if (!data.routed || data.cli === null) return `"${data.request}" is not a request devops can serve.`;
  const lines = [
    `${data.manager}-manager → ${c.bold(data.command ?? "")}  ${c.dim(`confidence ${data.confidence}`)}`,
    `  ${data.cli}`,
  ];
  if (data.envDefaulted) lines.push(c.dim("  no environment named: test assumed"));
  if (!data.available) lines.push(c.yellow("  this command is not available in this version"));
  return lines.join("\n");
}

export function registerRouteCommand(program: Command, runtime: Runtime): void {
  program
    .command("route")
    .description(
      "turn a plain-language request into the devops command that serves it (or the readings to choose from)",
    )
    .argument("<request...>", 'the request, e.g. "deploy my infrastructure to test"')
    .action(async (_words: string[], _options: unknown, command: Command) => {
      await runCommand(
        runtime,
        command,
        RouteInput,
        async (ctx, input) => (await import("../../managers/route-manager.js")).routeRequest(ctx, input),
        renderRoute,
        {
          text: command.args.join(" "),
        },
      );
    });
}
