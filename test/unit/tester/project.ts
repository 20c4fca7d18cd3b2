// A project context and planned resources for the tester's unit tests (no files, no AWS).
import { createContext, projectPaths, type ProjectContext } from "../../../src/core/context.js";
import { DevopsConfig } from "../../../src/core/config/schema.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import type { StateResource } from "../../../src/core/handler-contract.js";

export const NOW = new Date("2026-11-23T10:15:00Z");

export function project(extra: Record<string, unknown> = {}): ProjectContext {
  const config = DevopsConfig.parse({
    version: "1.0",
    project: { name: "shop", subsystem: "api" },
    handlers: { hosting: { active: "aws" }, iac: { active: "terraform" } },
    environments: { test: { cost_threshold: 100 } },
    ...extra,
  });
  const root = "/projects/shop";
  return {
    ...createContext({ cwd: root, env: {}, io: new MemoryIoHost(), clock: { now: () => NOW } }),
    location: { path: `${root}/.devops/devops.json`, root, legacy: false },
    config,
    paths: projectPaths(root),
    environment: () => {
      throw new Error("not used");
    },
  };
}

export const planned = (type: string, name: string, values: Record<string, unknown>): StateResource => ({
  address: `${type}.${name}`,
  type,
  name,
  providerName: "registry.terraform.io/hashicorp/aws",
  values,
});

export const TAGS = { Environment: "test", Project: "shop", Subsystem: "api", ManagedBy: "terraform" };
