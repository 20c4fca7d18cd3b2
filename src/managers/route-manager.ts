// `devops route`: a plain-language request → the command that serves it. Reads the project's
// environment names and aliases when a config is there; never loads AWS or Terraform code.
import { commandLine } from "../core/commands/command-line.js";
import type { Context } from "../core/context.js";
import { UserError } from "../core/errors.js";
import type { CommandResult, NextStep } from "../core/result.js";
import { resolveEnvironmentName } from "../core/config/environments.js";
import { loadConfig } from "../core/config/load.js";
import { handlersOf } from "../handlers/registry.js";
import { route, type Route, type RouterOptions } from "../director/router.js";

export type { Route } from "../director/router.js";

async function environmentWords(ctx: Context): Promise<RouterOptions["environment"]> {
  try {
    const { config } = await loadConfig(ctx.cwd, ctx.configPath, handlersOf(ctx));
    const configured = Object.keys(config.environments);
    return (word) => {
      if (!configured.includes(word) && !Object.hasOwn(config.environment_aliases, word)) return undefined;
      try {
        return resolveEnvironmentName(config, word);
      } catch {
        return undefined;
      }
    };
  } catch {
    return undefined; // no (valid) config: the built-in environment words still apply
  }
}

export async function routeRequest(ctx: Context, input: { text: string }): Promise<CommandResult<Route>> {
  const text = input.text.trim();
  if (text === "") {
    throw new UserError("ROUTE_EMPTY", "nothing to route: the request is empty", {
      suggestion: `say what you want, e.g. ${commandLine("route", { text: "deploy to test" })}`,
    });
  }
  const environment = await environmentWords(ctx);
  const result = route(text, environment === undefined ? {} : { environment });
  const next: NextStep[] =
    result.routed && result.cli !== null
      ? [
          {
            command: result.cli,
            why: result.available
              ? "the command that serves this request"
              : "this command is not available in this version",
          },
        ]
      : result.options.map((option) => ({ command: option.cli, why: `one reading: ${option.command}` }));
  return {
    status: result.ambiguous ? "ambiguous" : result.routed ? "routed" : "not_routed",
    ...(result.args.env === undefined ? {} : { environment: result.args.env }),
    data: result,
    next,
  };
}
