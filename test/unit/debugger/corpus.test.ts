import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { classifyAll } from "../../../src/skills/infra/debugger/classify.js";
import { fromSdkError, fromText } from "../../../src/skills/infra/debugger/intake.js";
import {
  ERROR_CATEGORIES,
  type Classification,
  type ErrorCategory,
  type ErrorInput,
} from "../../../src/skills/infra/debugger/types.js";

// The corpus: real error texts from public issue threads, each with the category a person gave it.
const CORPUS_DIR = join(import.meta.dirname, "../../fixtures/errors");
const MIN_ENTRIES = 150;

const Entry = z.looseObject({
  id: z.string(),
  source: z.string(),
  input: z.enum(["terraform", "aws-sdk", "text"]),
  text: z.string(),
  code: z.string().optional(),
  expected: z.looseObject({
    category: z.enum(ERROR_CATEGORIES),
    code: z.string().nullable().optional(),
    action: z.string().nullable().optional(),
    resource: z.string().nullable().optional(),
    http_status: z.number().nullable().optional(),
  }),
  misleading: z.boolean().optional(),
  why: z.string().optional(),
});
type Entry = z.infer<typeof Entry>;

function loadCorpus(): { file: string; entry: Entry }[] {
  const files = readdirSync(CORPUS_DIR)
    .filter((name) => /^corpus-.+\.json$/.test(name))
    .sort();
  return files.flatMap((file) => {
    const parsed = z
      .looseObject({ entries: z.array(Entry) })
      .parse(JSON.parse(readFileSync(join(CORPUS_DIR, file), "utf8")));
    return parsed.entries.map((entry) => ({ file, entry }));
  });
}

function inputsOf(entry: Entry): ErrorInput[] {
  // An SDK error that carries its own code is intake'd as the SDK would deliver it; everything else is pasted text.
  if (entry.input === "aws-sdk" && entry.code !== undefined)
    return [fromSdkError({ name: entry.code, message: entry.text })];
  const inputs = fromText(entry.text);
  return inputs.length > 0 ? inputs : [{ source: "text", text: entry.text }];
}

interface Outcome {
  id: string;
  file: string;
  expected: ErrorCategory;
  got: Classification;
  expectedAction: string | null;
  expectedCode: string | null;
  expectedStatus: number | null;
}

const corpus = loadCorpus();
const outcomes: Outcome[] = corpus.map(({ file, entry }) => ({
  id: entry.id,
  file,
  expected: entry.expected.category,
  got: classifyAll(inputsOf(entry)).primary,
  expectedAction: entry.expected.action ?? null,
  expectedCode: entry.expected.code ?? null,
  expectedStatus: entry.expected.http_status ?? null,
}));

function agreement(field: "code" | "httpStatus", expected: (outcome: Outcome) => string | number | null): string {
  const named = outcomes.filter((outcome) => expected(outcome) !== null);
  return `${named.filter((outcome) => outcome.got[field] === expected(outcome)).length}/${named.length}`;
}

function accuracy(selected: readonly Outcome[]): number {
  if (selected.length === 0) return 0;
  return selected.filter((outcome) => outcome.got.category === outcome.expected).length / selected.length;
}

const present = ERROR_CATEGORIES.filter((category) => outcomes.some((outcome) => outcome.expected === category));

describe("the classifier against the corpus of real errors", () => {
  afterAll(() => {
    const table = present.map((category) => {
      const selected = outcomes.filter((outcome) => outcome.expected === category);
      return {
        category,
        entries: selected.length,
        correct: selected.filter((o) => o.got.category === category).length,
        accuracy: `${(accuracy(selected) * 100).toFixed(1)} %`,
      };
    });
    table.push({
      category: "all" as ErrorCategory,
      entries: outcomes.length,
      correct: outcomes.filter((o) => o.got.category === o.expected).length,
      accuracy: `${(accuracy(outcomes) * 100).toFixed(1)} %`,
    });
    console.info(
      `corpus accuracy by expected category (codes read: ${agreement("code", (o) => o.expectedCode)}, HTTP statuses read: ${agreement("httpStatus", (o) => o.expectedStatus)})`,
    );
    console.table(table);
    const misses = outcomes
      .filter((o) => o.got.category !== o.expected)
      .map((o) => ({ id: o.id, expected: o.expected, got: o.got.category, rule: o.got.rule }));
    if (misses.length > 0) console.table(misses);
  });

  it(`has at least ${MIN_ENTRIES} entries (the corpus must exist)`, () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(MIN_ENTRIES);
  });

  it.each(present)("classifies %s errors with at least 85 % accuracy", (category) => {
    const selected = outcomes.filter((outcome) => outcome.expected === category);

    expect(accuracy(selected)).toBeGreaterThanOrEqual(0.85);
  });

  it("classifies at least 90 % of all entries correctly", () => {
    expect(accuracy(outcomes)).toBeGreaterThanOrEqual(0.9);
  });

  it("extracts the IAM action exactly wherever the corpus names one", () => {
    const withAction = outcomes.filter((outcome) => outcome.expectedAction !== null);

    expect(withAction.map((o) => ({ id: o.id, action: o.got.action }))).toEqual(
      withAction.map((o) => ({ id: o.id, action: o.expectedAction })),
    );
  });
});
