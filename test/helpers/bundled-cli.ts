// Runs the committed bundle (dist/cli.js) as a subprocess with --json, no TTY and no stdin, in an
// explicit environment: the project's Terraform CLI config plus what the caller adds.
import { resolve } from "node:path";
import { execa } from "execa";
import { terraformEnv } from "./tools.js";

const CLI = resolve("dist/cli.js");

export interface BundledRun {
  exitCode: number | undefined;
  json: any;
  stderr: string;
}

export async function runBundledCli(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<BundledRun> {
  const result = await execa(process.execPath, [CLI, ...args, "--json"], {
    cwd,
    env: { ...terraformEnv(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    timeout: 300_000,
  });
  if (result.stdout === "")
    throw new Error(`devops ${args.join(" ")} printed nothing (exit ${result.exitCode}): ${result.stderr}`);
  return { exitCode: result.exitCode, json: JSON.parse(result.stdout), stderr: result.stderr };
}
