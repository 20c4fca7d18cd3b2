// `devops route "<request>"` bound to the router (the director's deterministic half), and its renderer.
import type { Route } from "../../managers/route-manager.js";
import type { CommandResult } from "../../core/result.js";
import type { CliIoHost } from "../host.js";
import { bind, type Bindings } from "../bind.js";

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

export const ROUTE_BINDINGS = {
  route: bind(
    async (ctx, input) => (await import("../../managers/route-manager.js")).routeRequest(ctx, input),
    renderRoute,
  ),
} satisfies Partial<Bindings>;
