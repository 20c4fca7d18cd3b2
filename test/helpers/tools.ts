// The real tools the integration tests drive, as found by scripts/setup-test-tools.sh, and the minimal,
// explicit environment Terraform runs with in tests.
import { accessSync, constants, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const TOOLS_FILE = join(import.meta.dirname, "..", "..", ".devops-cache", "test-tools.json");
const SETUP = "run npm run test:all (scripts/setup-test-tools.sh) first";

const TestTools = z.object({
  terraform: z.string().min(1),
  terraformVersion: z.string(),
  cliConfig: z.string().min(1),
  mirror: z.string().nullable(),
  pluginCacheDir: z.string().nullable().default(null),
  motoServer: z.string().min(1),
  // Optional here so that the tests that do not scan still run on an older setup; testCheckov() insists.
  checkov: z.string().min(1).optional(),
  checkovVersion: z.string().optional(),
});
export type TestTools = z.infer<typeof TestTools>;

let cached: TestTools | undefined;

/** Reads .devops-cache/test-tools.json; throws, naming the fix, when it is missing or names a tool that is gone. */
export function testTools(): TestTools {
  cached ??= readTools();
  return cached;
}

function readTools(): TestTools {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(TOOLS_FILE, "utf8"));
  } catch (error) {
    throw new Error(`${SETUP}: ${TOOLS_FILE} cannot be read (${(error as Error).message})`);
  }
  const parsed = TestTools.safeParse(json);
  if (!parsed.success)
    throw new Error(`${SETUP}: ${TOOLS_FILE} is not what the setup script writes: ${parsed.error.message}`);
  const tools = parsed.data;
  for (const [name, path, mode] of [
    ["terraform", tools.terraform, constants.X_OK],
    ["moto_server", tools.motoServer, constants.X_OK],
    ["the Terraform CLI config", tools.cliConfig, constants.R_OK],
  ] as const) {
    try {
      accessSync(path, mode);
    } catch {
      throw new Error(`${SETUP}: ${name} is no longer at ${path}`);
    }
  }
  return tools;
}

/** The pinned checkov the setup script installed; throws, naming the fix, when it is not there. */
export function testCheckov(): { binary: string; version: string } {
  const { checkov, checkovVersion } = testTools();
  if (checkov === undefined || checkovVersion === undefined)
    throw new Error(`${SETUP}: ${TOOLS_FILE} names no checkov (the setup script installs a pinned one)`);
  try {
    accessSync(checkov, constants.X_OK);
  } catch {
    throw new Error(`${SETUP}: checkov is no longer at ${checkov}`);
  }
  return { binary: checkov, version: checkovVersion };
}

/**
 * The whole environment for a Terraform subprocess in tests (pass it with `extendEnv: false`): nothing
 * from the developer's shell leaks in (no AWS_PROFILE, no TF_CLI_CONFIG_FILE), only what is named here.
 */
export function terraformEnv(extra: Record<string, string> = {}): Record<string, string> {
  const tools = testTools();
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    TF_CLI_CONFIG_FILE: tools.cliConfig,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    // Only a download cache needs this: without a lock file Terraform otherwise ignores cached providers.
    ...(tools.pluginCacheDir === null ? {} : { TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "1" }),
    ...extra,
  };
}
