// A third IaC engine and a hosting provider that exist only in tests, each with its own config block,
// registered beside the real handlers in a registry the test passes through the context.
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import * as z from "zod";
import type {
  HandlerConfig,
  ResolvedEnvironment,
  ResolvedHosting,
  ResolvedIac,
} from "../../src/core/config/handler-config.js";
import type { HostingHandler, IacHandler, IacTarget, PlanSummary } from "../../src/core/handler-contract.js";
import { defaultHandlers, type Handlers } from "../../src/handlers/registry.js";

const FakeIacConfig = z
  .object({
    workdir: z.string().min(1).describe("where the fake engine keeps its code; {placeholders} allowed"),
    flavour: z.enum(["crisp", "raw"]).default("crisp"),
  })
  .strict();
type FakeIacConfig = z.infer<typeof FakeIacConfig>;

const fakeIacConfig = {
  id: "fake-iac",
  schema: FakeIacConfig,
  resolve(block, scope): ResolvedIac {
    const workdir = scope.substitute("handlers.iac.fake-iac.workdir", block?.workdir ?? "./fake/{environment}");
    return { directory: resolve(scope.root, workdir), workdir, flavour: block?.flavour ?? "crisp" };
  },
  check: () => ({ errors: [], warnings: [] }),
  checkEnvironment(env) {
    if (!env.prodLike || env.iac.flavour !== "raw") return { errors: [], warnings: [] };
    return {
      errors: [{ path: "handlers.iac.fake-iac.flavour", message: `"${env.name}" cannot be served raw` }],
      warnings: [],
    };
  },
  initial: () => ({ workdir: "./stacks/{environment}" }),
} satisfies HandlerConfig<ResolvedIac, FakeIacConfig>;

const FakeCloudConfig = z.object({ account: z.string().regex(/^\d{12}$/), region: z.string().min(1) }).strict();
type FakeCloudConfig = z.infer<typeof FakeCloudConfig>;

const fakeCloudConfig = {
  id: "fake-cloud",
  schema: FakeCloudConfig,
  resolve: (block): ResolvedHosting => ({
    region: block?.region ?? "local-1",
    ...(block === undefined ? {} : { accountId: block.account }),
  }),
  check: () => ({ errors: [], warnings: [] }),
  checkEnvironment: () => ({ errors: [], warnings: [] }),
  initial: ({ region }) => ({ account: "000000000000", region }),
} satisfies HandlerConfig<ResolvedHosting, FakeCloudConfig>;

export const FAKE_PLAN: PlanSummary = {
  counts: { create: 1, update: 0, delete: 0, replace: 0 },
  destructive: [],
  changes: [{ address: "fake_bucket.uploads", type: "fake_bucket", name: "uploads", action: "create" }],
  outputs: [],
  drift: [],
  hasChanges: true,
  planHash: "f".repeat(64),
};

function unused(what: string): never {
  throw new Error(`the fake engine does not ${what}`);
}

/** The fake engine's state: address → id, and a serial each change bumps. */
export interface FakeState {
  resources: Map<string, string>;
  serial: number;
}

export function fakeState(resources: Record<string, string> = {}): FakeState {
  return { resources: new Map(Object.entries(resources)), serial: Object.keys(resources).length > 0 ? 1 : 0 };
}

/**
 * A fake engine that records the target of every call, so a test can see which settings it was given,
 * and keeps an in-memory state (address → id) that the state commands change, one serial per change.
 */
export function fakeIac(targets: IacTarget[], fake: FakeState = fakeState()): IacHandler {
  const state = fake.resources;
  const changed = () => {
    fake.serial += 1;
  };
  const resource = (address: string, id: string) => {
    const [type = "", name = ""] = address.split(".");
    return { address, type, name, providerName: "fake", values: { id } };
  };
  return {
    kind: "iac",
    id: "fake-iac",
    name: "Fake IaC",
    description: "an engine for tests",
    checkEnvironment: fakeIacConfig.checkEnvironment,
    stateLocation: (env) => `fake state ${env.iac.directory}`,
    async prepare(_ctx, target) {
      targets.push(target);
    },
    async validate(_ctx, target) {
      targets.push(target);
      return { valid: true, diagnostics: [] };
    },
    async plan(_ctx, target, planFile) {
      targets.push(target);
      await writeFile(planFile, `${target.env.iac.flavour} plan for ${target.env.iac.workdir}\n`);
      return { file: planFile, summary: FAKE_PLAN };
    },
    plannedResources: async () => [],
    keptPlanJson: async () => undefined,
    async showPlan(_ctx, _target, planFile) {
      const text = await readFile(planFile, "utf8").catch(() => "");
      if (!text.startsWith("import ")) return FAKE_PLAN;
      const { address, id } = JSON.parse(text.slice("import ".length)) as { address: string; id: string };
      return { ...FAKE_PLAN, planHash: `import ${address} ${id}` };
    },
    async apply(_ctx, _target, planFile) {
      const text = await readFile(planFile, "utf8");
      if (!text.startsWith("import ")) unused("apply");
      const { address, id } = JSON.parse(text.slice("import ".length)) as { address: string; id: string };
      state.set(address, id);
      changed();
    },
    state: async () => [...state].map(([address, id]) => resource(address, id)),
    outputs: async () => ({}),
    pullState: async () => unused("pull state"),
    stateVersion: async () =>
      fake.serial === 0 && state.size === 0 ? undefined : { lineage: "fake", serial: fake.serial },
    async stateRemove(_ctx, _target, addresses) {
      for (const address of addresses) state.delete(address);
      changed();
    },
    async stateMove(_ctx, _target, from, to) {
      const id = state.get(from);
      if (id === undefined) unused(`move ${from}: it is not in the state`);
      state.delete(from);
      state.set(to, id);
      changed();
    },
    async planImport(_ctx, _target, planFile, address, id) {
      await writeFile(planFile, `import ${JSON.stringify({ address, id })}\n`);
      const summary = {
        ...FAKE_PLAN,
        counts: { create: 0, update: 0, delete: 0, replace: 0 },
        imports: [{ address, id }],
      };
      return { file: planFile, summary: { ...summary, planHash: `import ${address} ${id}` } };
    },
    forceUnlock: async () => unused("unlock"),
    inspect: async (directory) => ({ directory, exists: true, hasCode: true, states: [], varFiles: [] }),
    statesElsewhere: async () => [],
  };
}

export const fakeCloud: HostingHandler = {
  kind: "hosting",
  id: "fake-cloud",
  name: "Fake cloud",
  description: "a provider for tests",
  checkEnvironment: () => ({ errors: [], warnings: [] }),
  callerIdentity: async (_ctx, env: ResolvedEnvironment) => ({
    account: env.accountId ?? "000000000000",
    arn: `arn:fake:iam::${env.accountId}:user/tester`,
    userId: "tester",
  }),
  credentialEnv: () => ({ FAKE_CLOUD_TOKEN: "token" }),
  services: () => unused("serve runtime APIs"),
  consoleUrl: () => undefined,
};

/**
 * The registered handlers plus the fakes; a new registry each call, nothing shared between tests.
 * `state` is the fake engine's state, shared by every load of it.
 */
export function handlersWithFakes(targets: IacTarget[] = [], state: FakeState = fakeState()): Handlers {
  return {
    hosting: new Map([
      ...defaultHandlers.hosting,
      ["fake-cloud", { config: fakeCloudConfig, load: async () => fakeCloud }],
    ]),
    iac: new Map([
      ...defaultHandlers.iac,
      ["fake-iac", { config: fakeIacConfig, load: async () => fakeIac(targets, state) }],
    ]),
  };
}
