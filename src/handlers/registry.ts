// The handler registries: one explicit Map per kind, id → lazy loader. Adding a provider is one
// folder under hosting/ or iac/ and one line here; config validation rejects any other id.
import type { HostingHandler, IacHandler } from "../core/handler-contract.js";

export const hostingHandlers: ReadonlyMap<string, () => Promise<HostingHandler>> = new Map([
  ["aws", async () => (await import("./hosting/aws/index.js")).awsHosting],
]);

export const iacHandlers: ReadonlyMap<string, () => Promise<IacHandler>> = new Map([
  ["terraform", async () => (await import("./iac/terraform/index.js")).terraformIac],
]);

export const knownHandlers = {
  hosting: [...hostingHandlers.keys()],
  iac: [...iacHandlers.keys()],
} as const;

function load<T>(registry: ReadonlyMap<string, () => Promise<T>>, kind: string, id: string): Promise<T> {
  const loader = registry.get(id);
  // Config validation has already rejected unknown ids, so reaching this is a bug.
  if (loader === undefined) throw new Error(`no ${kind} handler "${id}" is registered`);
  return loader();
}

export function loadHostingHandler(id: string): Promise<HostingHandler> {
  return load(hostingHandlers, "hosting", id);
}

export function loadIacHandler(id: string): Promise<IacHandler> {
  return load(iacHandlers, "iac", id);
}
