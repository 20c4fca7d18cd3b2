// Mutated devops.json texts (from the sandbox template `devops init --sandbox` writes and the documented
// configuration) through `config validate` and `config show`, in-process: whatever the text, the CLI
// answers with a documented exit code and one JSON document, never INTERNAL, and writes nothing.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { testTrust } from "../../helpers/infra-project.js";
import { readyMachine, tempDir, userGuideConfig } from "../../helpers/project.js";
import { changedFiles, contractBreaches, snapshot } from "./contract.js";
import { mutateConfig, Random } from "./mutate.js";

const SEED = 17;
const CASES = 10_000;

/** What the reader must say about a text, when the text alone decides it. */
function expectedCode(text: string): string | undefined {
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  try {
    JSON.parse(body);
  } catch {
    return "CONFIG_INVALID_JSON";
  }
  return undefined;
}

describe("config fuzz", () => {
  let bases: unknown[];
  let cwd: string;
  let env: Record<string, string>;
  let trust: ReturnType<typeof testTrust>;

  beforeAll(async () => {
    const sandbox = await tempDir();
    await runCli(["init", "--sandbox", "--project", "shop"], { cwd: sandbox });
    const documented = await userGuideConfig();
    bases = [JSON.parse(await readFile(join(sandbox, ".devops/devops.json"), "utf8")), documented];
    cwd = await tempDir();
    await mkdir(join(cwd, ".devops"));
    env = await readyMachine(cwd, documented);
    trust = testTrust(await tempDir("devops-person-"));
  });

  it(`keeps the output contract for ${CASES} mutated configs (seed ${SEED})`, async () => {
    const random = new Random(SEED);
    const breaches: string[] = [];
    const counts = new Map<string, number>();
    const slowest: [number, string][] = [];

    for (let n = 0; n < CASES && breaches.length < 20; n += 1) {
      const text = mutateConfig(random, random.pick(bases));
      await writeFile(join(cwd, ".devops/devops.json"), text);
      const before = await snapshot(cwd);
      const argv = random.chance(0.8)
        ? ["config", "validate", "--json"]
        : ["config", "show", "--env", random.pick(["test", "prod", "staging"]), "--json"];

      const started = performance.now();
      const run = await runCli(argv, { cwd, env, trust });
      slowest.push([performance.now() - started, text.slice(0, 60)]);

      const found = contractBreaches(run, true);
      const code = run.exitCode === 0 ? "ok" : String(JSON.parse(run.stdout || "{}").error?.code);
      counts.set(code, (counts.get(code) ?? 0) + 1);
      const expected = expectedCode(text);
      if (expected !== undefined && code !== expected) found.push(`expected ${expected}, got ${code}`);
      if (code === "CONFIG_INVALID_JSON" && !/ at line \d+, column \d+: /.test(run.json().error.message))
        found.push(`no line and column: ${run.json().error.message}`);
      const written = changedFiles(before, await snapshot(cwd));
      if (written.length > 0) found.push(`wrote ${written.join(", ")}`);
      for (const breach of found)
        breaches.push(`case ${n} (${argv.join(" ")}): ${breach}\n  text: ${text.slice(0, 200)}`);
    }

    slowest.sort((a, b) => b[0] - a[0]);
    console.log(
      `answers: ${JSON.stringify(Object.fromEntries(counts))}; slowest: ${slowest
        .slice(0, 5)
        .map(([ms, text]) => `${Math.round(ms)} ms ${JSON.stringify(text)}`)
        .join("; ")}`,
    );
    expect(breaches).toEqual([]);
    // The mutations reach every kind of answer: valid configs, schema errors and broken JSON.
    expect([...counts.keys()]).toEqual(expect.arrayContaining(["ok", "CONFIG_INVALID", "CONFIG_INVALID_JSON"]));
  }, 600_000);
});
