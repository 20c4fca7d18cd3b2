// Conformance of the built-in security rules with a public scanner: every good/bad Terraform example of
// the Trivy checks the rules claim (test/fixtures/conformance/trivy, see its README) is planned by real
// Terraform in one module, and each bad example must be flagged by the matching rules, each good one not.
import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import type { StateResource } from "../../src/core/handler-contract.js";
import { plannedResourcesOf } from "../../src/handlers/iac/terraform/index.js";
import { scanResources, SECURITY_RULES } from "../../src/skills/infra/tester/builtin-scanner.js";
import type { SecurityFinding } from "../../src/skills/infra/tester/types.js";
import { tempDir } from "../helpers/project.js";
import { terraformEnv, testTools } from "../helpers/tools.js";

const SUITE = join(import.meta.dirname, "../fixtures/conformance/trivy");

interface Case {
  id: string;
  check: string;
  avd: string;
  kind: "good" | "bad";
  rules: string[];
  addresses: string[];
  /** Why the built-in rule answers differently on purpose: planned and shown, not counted. */
  disputed?: string;
}

const manifest = JSON.parse(await readFile(join(SUITE, "cases.json"), "utf8")) as { cases: Case[] };

/** Plain provider settings, no credentials checked: planning these resources calls no AWS API. */
const env = terraformEnv({ AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" });

async function terraform(dir: string, args: string[]): Promise<string> {
  const result = await execa(testTools().terraform, args, { cwd: dir, env, extendEnv: false, reject: false });
  if (result.exitCode !== 0) throw new Error(`terraform ${args[0]} failed:\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

describe("conformance with Trivy's check examples", () => {
  let resources: StateResource[] = [];
  let findings: SecurityFinding[] = [];

  beforeAll(async () => {
    const dir = await tempDir("conformance-");
    await copyFile(join(SUITE, "main.tf"), join(dir, "main.tf"));
    await terraform(dir, ["init", "-input=false", "-no-color"]);
    await terraform(dir, ["plan", "-input=false", "-no-color", "-out=suite.plan"]);
    resources = plannedResourcesOf(JSON.parse(await terraform(dir, ["show", "-json", "suite.plan"])));
    findings = scanResources(resources);
  }, 300_000);

  it("plans every example the suite names", () => {
    const planned = new Set(resources.map((r) => r.address));

    const missing = manifest.cases.flatMap((c) => c.addresses.filter((a) => !planned.has(a)));

    expect(manifest.cases.length).toBeGreaterThanOrEqual(50);
    expect(missing).toEqual([]);
  });

  it("agrees with every example, rule by rule", () => {
    const flagged = (c: Case) => findings.some((f) => c.rules.includes(f.rule) && c.addresses.includes(f.address));
    const byRule = new Map<string, { agree: number; total: number; disagree: string[] }>();
    const counted = manifest.cases.filter((c) => c.disputed === undefined);
    for (const c of manifest.cases.filter((c) => c.disputed !== undefined))
      console.log(`disputed: ${c.id} (${c.kind}), flagged ${flagged(c)}: ${c.disputed}`);
    for (const c of counted) {
      const agrees = flagged(c) === (c.kind === "bad");
      for (const rule of c.rules) {
        const row = byRule.get(rule) ?? { agree: 0, total: 0, disagree: [] };
        row.total += 1;
        if (agrees) row.agree += 1;
        else row.disagree.push(`${c.id} (${c.kind})`);
        byRule.set(rule, row);
      }
    }
    const table = [...byRule.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([rule, row]) => `${rule.padEnd(36)} ${String(row.agree).padStart(3)}/${row.total}`);
    console.log(`agreement with Trivy's examples\n${table.join("\n")}`);

    const disagreements = [...byRule.entries()].flatMap(([rule, row]) => row.disagree.map((d) => `${rule}: ${d}`));
    expect(disagreements).toEqual([]);
    expect([...byRule.keys()].every((rule) => SECURITY_RULES.some((r) => r.id === rule))).toBe(true);
  });
});
