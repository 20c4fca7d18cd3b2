// The handler registries: one explicit Map per kind, id → the handler's configuration (small, loaded
// now: config validation needs it) and a lazy loader for the handler itself. Adding a provider is one
// folder under hosting/ or iac/ and one line here; config validation rejects any other id.
import type { HandlerRegistry } from "../core/config/handler-config.js";
import type { Context } from "../core/context.js";
import type { HostingHandler, IacHandler } from "../core/handler-contract.js";
import { awsHostingConfig } from "./hosting/aws/config.js";
import { terraformConfig } from "./iac/terraform/config.js";

export type Handlers = HandlerRegistry<HostingHandler, IacHandler>;

export const defaultHandlers: Handlers = {
  hosting: new Map([
    ["aws", { config: awsHostingConfig, load: async () => (await import("./hosting/aws/index.js")).awsHosting }],
  ]),
  iac: new Map([
    [
      "terraform",
      { config: terraformConfig, load: async () => (await import("./iac/terraform/index.js")).terraformIac },
    ],
  ]),
};

/** The handlers of this run: the context's (tests inject their own), else the registered ones. */
export function handlersOf(ctx: Pick<Context, "handlers">): Handlers {
  // Core types the context's registry without the handler interfaces (they import the context);
  // load() below checks what an injected loader returns.
  return (ctx.handlers as Handlers | undefined) ?? defaultHandlers;
}

async function load<T extends { kind: string; id: string }>(
  registry: ReadonlyMap<string, { load(): Promise<T> }>,
  kind: string,
  id: string,
): Promise<T> {
  const registered = registry.get(id);
  // Config validation has already rejected unknown ids, so reaching this is a bug.
  if (registered === undefined) throw new Error(`no ${kind} handler "${id}" is registered`);
  const handler = await registered.load();
  if (handler.kind !== kind || handler.id !== id) throw new Error(`the ${kind} handler "${id}" loads "${handler.id}"`);
  return handler;
}

export function loadHostingHandler(ctx: Pick<Context, "handlers">, id: string): Promise<HostingHandler> {
  return load(handlersOf(ctx).hosting, "hosting", id);
}

export function loadIacHandler(ctx: Pick<Context, "handlers">, id: string): Promise<IacHandler> {
  return load(handlersOf(ctx).iac, "iac", id);
}
