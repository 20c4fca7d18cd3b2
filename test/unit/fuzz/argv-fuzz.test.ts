// Command lines built from the command declarations and then broken (shuffled, repeated, mistyped flags,
// odd values, flags of other commands), run in-process on a sandbox project whose emulator endpoint is a
// closed local port and whose PATH holds no tool: nothing reaches AWS or Terraform. Whatever the line,
// the CLI answers with a documented exit code, one JSON document under --json, never INTERNAL, and a
// refusal (exit 2) writes nothing.
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMAND_LIST, flagName } from "../../../src/core/commands/index.js";
import { runCli } from "../../helpers/cli.js";
import { testTrust } from "../../helpers/infra-project.js";
import { tempDir } from "../../helpers/project.js";
import { changedFiles, contractBreaches, snapshot } from "./contract.js";
import { Random, typo, UNICODE_SAMPLES } from "./mutate.js";

const SEED = 17;
const CASES = 5_000;

/** The hook answers Claude Code in its own format, not ours; it has its own tests. */
const DECLARATIONS = COMMAND_LIST.filter((declaration) => !declaration.path.startsWith("hook "));
const ALL_FLAGS = [...new Set(COMMAND_LIST.flatMap((declaration) => Object.keys(declaration.flags).map(flagName)))];
/** Flags that take a value: a `--json` right after one may be taken as that value, not as a switch. */
const VALUE_FLAGS = new Set([
  "--project-dir",
  "--config",
  ...COMMAND_LIST.flatMap((declaration) =>
    Object.entries(declaration.flags).flatMap(([key, flag]) => (flag.value === undefined ? [] : [flagName(key)])),
  ),
]);
/**
 * The flows' own audit trails record every attempt, refused ones included (ARCHITECTURE: `settle`);
 * these are the only writes a refusal may make.
 */
const AUDIT_TRAILS = [
  /^\.devops\/remediations\/[^/]+\/remediation-log\.json$/,
  /^\.devops\/deployments\/iam-audit\.json$/,
];
const GLOBAL_FLAGS: readonly (readonly string[])[] = [
  ["--verbose"],
  ["--no-color"],
  ["--project-dir", "."],
  ["--project-dir", "missing/folder"],
  ["--config", "missing.json"],
  ["--config", ".devops/devops.json"],
];

const VALUES: Readonly<Record<string, readonly string[]>> = {
  environment: ["test", "prod", "staging", "PROD", "live", "te st"],
  id: ["abc123", "../x", "0", "latest", "plan-1"],
  n: ["0", "1", "-1", "3.5", "1e9", "many"],
  window: ["1h", "30d", "0m", "-5m", "forever", "99999999h"],
  path: ["out.json", "sub/missing.tf", "", "."],
  file: ["out.json", "missing.pem"],
  "file.svg": ["chart.svg", "sub/chart.svg"],
  url: ["http://127.0.0.1:9", "ftp://x", "not a url"],
  "true|false": ["true", "false", "maybe"],
};

function valueFor(random: Random, name: string | undefined): string {
  if (random.chance(0.15)) return `x${random.pick(UNICODE_SAMPLES)}`;
  if (random.chance(0.03)) return "a".repeat(20_000);
  if (random.chance(0.05)) return `--${random.pick(["json", "env", "x"])}`;
  return random.pick(VALUES[name ?? ""] ?? ["api", "a.b[0]", "restart", "x", "1"]);
}

/** One command line: a declared command with some of its flags, then one to three breakages. */
function commandLine(random: Random): { argv: string[]; json: boolean } {
  const declaration = random.pick(DECLARATIONS);
  const words = random.chance(0.05) ? [typo(random, declaration.path)] : declaration.path.split(" ");
  let flags: string[][] = Object.entries(declaration.flags)
    .filter(() => random.chance(0.6))
    .map(([key, flag]) => {
      const name = flagName(key);
      if (flag.value === undefined) return [name];
      const value = valueFor(random, flag.value);
      return random.chance(0.2) ? [`${name}=${value}`] : [name, value];
    });
  if ("positional" in declaration && random.chance(0.7))
    flags.push(Array.from({ length: 1 + random.int(2) }, () => valueFor(random, undefined)));
  for (let i = random.int(4); i > 0; i -= 1) {
    switch (random.int(6)) {
      case 0:
        flags = random.shuffle(flags);
        break;
      case 1:
        if (flags.length > 0) flags.push([...random.pick(flags)]);
        break;
      case 2:
        if (flags.length > 0) {
          const flag = random.pick(flags);
          if (flag[0]?.startsWith("--")) flag[0] = `--${typo(random, flag[0].slice(2))}`;
        }
        break;
      case 3:
        flags.push([random.pick(ALL_FLAGS), valueFor(random, undefined)]);
        break;
      case 4:
        flags.push([...random.pick(GLOBAL_FLAGS)]);
        break;
      default:
        if (flags.length > 0) random.pick(flags).splice(1);
    }
  }
  const argv = [...words, ...flags.flat()];
  if (random.chance(0.9)) argv.splice(random.int(argv.length + 1), 0, "--json");
  const json = argv.some((arg, i) => arg === "--json" && !VALUE_FLAGS.has(argv[i - 1] ?? ""));
  return { argv, json };
}

describe("command-line fuzz", () => {
  let pristine: string;
  let cwd: string;
  let env: Record<string, string>;
  let trust: ReturnType<typeof testTrust>;

  beforeAll(async () => {
    pristine = await tempDir();
    await runCli(["init", "--sandbox", "--project", "shop"], { cwd: pristine });
    const path = join(pristine, ".devops/devops.json");
    // Port 9 (discard) refuses at once: any AWS call fails fast instead of reaching a running emulator.
    await writeFile(path, (await readFile(path, "utf8")).replaceAll("127.0.0.1:5000", "127.0.0.1:9"));
    await mkdir(join(pristine, "infrastructure/terraform"), { recursive: true });
    await writeFile(join(pristine, "infrastructure/terraform/main.tf"), 'resource "terraform_data" "x" {}\n');
    cwd = await tempDir();
    const home = await tempDir();
    await mkdir(join(home, "bin"));
    env = {
      PATH: join(home, "bin"),
      HOME: home,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_MAX_ATTEMPTS: "1",
    };
    trust = testTrust(await tempDir("devops-person-"));
  });

  it(`keeps the output contract for ${CASES} broken command lines (seed ${SEED})`, async () => {
    const random = new Random(SEED);
    const breaches: string[] = [];
    const slowest: [number, string][] = [];
    const answers = new Map<string, number>();
    let before = new Map<string, string>();

    for (let n = 0; n < CASES && breaches.length < 20; n += 1) {
      const { argv, json } = commandLine(random);
      if (n === 0 || before.size === 0) {
        await rm(cwd, { recursive: true, force: true });
        await cp(pristine, cwd, { recursive: true });
        before = await snapshot(cwd);
      }
      const started = performance.now();

      const run = await runCli(argv, { cwd, env, trust, stdin: "" });

      slowest.push([performance.now() - started, argv.slice(0, 3).join(" ")]);
      const found = contractBreaches(run, json);
      const answer =
        json && found.length === 0 ? (run.json().error?.code ?? `exit ${run.exitCode}`) : `exit ${run.exitCode}`;
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
      const written = changedFiles(before, await snapshot(cwd));
      const unaudited = written.filter((file) => !AUDIT_TRAILS.some((trail) => trail.test(file)));
      if (run.exitCode === 2 && unaudited.length > 0) found.push(`refused (exit 2) yet wrote ${unaudited.join(", ")}`);
      // Whatever a run that was not refused wrote, the next one starts from the pristine project.
      if (written.length > 0) before = new Map();
      for (const breach of found) breaches.push(`case ${n} ${JSON.stringify(argv).slice(0, 300)}: ${breach}`);
    }

    slowest.sort((a, b) => b[0] - a[0]);
    console.log(
      `answers: ${JSON.stringify(Object.fromEntries(answers))}; slowest command lines: ${slowest
        .slice(0, 5)
        .map(([ms, line]) => `${line} ${Math.round(ms)} ms`)
        .join("; ")}`,
    );
    expect(breaches).toEqual([]);
  }, 600_000);
});
