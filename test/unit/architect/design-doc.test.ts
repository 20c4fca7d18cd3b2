import { describe, expect, it } from "vitest";
import { choosePattern } from "../../../src/skills/infra/architect/choose.js";
import { roughCost } from "../../../src/skills/infra/architect/cost.js";
import {
  MACHINE_HEADING,
  parseDesignDoc,
  renderDesignDoc,
  type DesignSpec,
} from "../../../src/skills/infra/architect/design-doc.js";
import { slugify } from "../../../src/skills/infra/architect/design.js";
import { findPattern } from "../../../src/skills/infra/architect/patterns/index.js";

const SECTIONS = [
  "Overview",
  "Requirements",
  "Architecture",
  "Resources",
  "Security",
  "Cost Estimate",
  "Implementation Plan",
  "Decisions",
  "Risks",
  "Testing",
  "Rollout",
  "Resources (machine-readable)",
];

function specFor(id: string): DesignSpec {
  const pattern = findPattern(id)!;
  return {
    schema_version: 1,
    pattern: id,
    name: "user-uploads",
    parameters: Object.fromEntries(pattern.parameters.map((parameter) => [parameter.name, parameter.default])),
    resources: pattern.resources.map(({ key, type, purpose }) => ({ key, type, purpose })),
  };
}

function documentFor(id: string, feature = "store user uploads"): string {
  const pattern = findPattern(id)!;
  const choice = choosePattern(feature, id);
  return renderDesignDoc({
    spec: specFor(id),
    pattern,
    feature,
    reason: choice.reason,
    scores: choice.scores,
    names: { environment: "test", byKey: { uploads: "shop-api-test-uploads" } },
    environments: ["test", "prod"],
    cost: roughCost(pattern.resources),
    createdAt: new Date("2026-11-23T10:00:00Z"),
  });
}

function errorFrom(action: () => unknown): { code?: string; message?: string; suggestion?: string } {
  try {
    action();
  } catch (error) {
    return error as { code?: string; message?: string; suggestion?: string };
  }
  throw new Error("expected an error");
}

describe("the design document", () => {
  it("has the seed's sections, in order", () => {
    const text = documentFor("s3-uploads");

    const headings = text
      .split("\n")
      .filter((line) => line.startsWith("## "))
      .map((line) => line.slice(3));
    expect(headings).toEqual(SECTIONS);
  });

  it("labels the cost estimate rough and lists the alternatives with their scores", () => {
    const text = documentFor("s3-uploads");

    expect(text).toMatch(/## Cost Estimate\n\nRough estimate only/);
    expect(text).toContain("| s3-uploads (chosen) | 5 | upload, storage |");
    expect(text).toContain("| lambda-api | 0 | — |");
    expect(text).toContain("| uploads | aws_s3_bucket | shop-api-test-uploads |");
  });

  it.each(["s3-uploads", "lambda-api", "ecs-alb", "sqs-worker", "static-site"])(
    "%s: render → parse gives the same block back",
    (id) => {
      const parsed = parseDesignDoc(documentFor(id), "designs/user-uploads.md");

      expect(parsed).toEqual(specFor(id));
    },
  );

  it("escapes table cells that contain a pipe", () => {
    const text = documentFor("s3-uploads", "uploads | with a pipe");

    expect(text).toContain("# Design: uploads | with a pipe");
    expect(text).toContain("The feature: uploads | with a pipe.");
  });
});

describe("a broken machine-readable block is DESIGN_INVALID naming the problem", () => {
  const good = documentFor("s3-uploads");
  const block = good.slice(good.indexOf("```json"));

  it.each([
    [
      "no heading",
      good.replace(MACHINE_HEADING, "## Machine stuff"),
      /heading "## Resources \(machine-readable\)" is missing/,
    ],
    ["no fence", good.replace("```json", "```"), /no complete ```json block/],
    ["unterminated fence", good.slice(0, good.lastIndexOf("```")), /no complete ```json block/],
    ["a trailing comma", good.replace('"schema_version": 1,', '"schema_version": 1,,'), /is not valid JSON/],
    ["a wrong type", good.replace('"pattern": "s3-uploads"', '"pattern": 7'), /JSON block's pattern/],
    [
      "a bad resource key",
      good.replace('"key": "uploads"', '"key": "Uploads!"'),
      /JSON block's resources\.0\.key must be lowercase/,
    ],
    [
      "no resources",
      good.replace(block, '```json\n{"schema_version":1,"pattern":"s3-uploads","name":"x","resources":[]}\n```\n'),
      /resources must list at least one resource/,
    ],
    ["a newer schema", good.replace('"schema_version": 1', '"schema_version": 2'), /schema_version 2 is newer/],
  ])("%s", (_case, text, message) => {
    const error = errorFrom(() => parseDesignDoc(text, ".devops/designs/user-uploads.md"));

    expect(error.code).toBe("DESIGN_INVALID");
    expect(error.message).toMatch(/^\.devops\/designs\/user-uploads\.md: /);
    expect(error.message).toMatch(message);
    expect(error.suggestion).toBeTruthy();
  });

  it("keeps fields people add, and defaults missing parameters to none", () => {
    const text = good.replace(
      block,
      '```json\n{"schema_version":1,"pattern":"s3-uploads","name":"x","owner":"team-a","resources":[{"key":"uploads","type":"aws_s3_bucket"}]}\n```\n',
    );

    const parsed = parseDesignDoc(text, "x.md");

    expect(parsed).toEqual({
      schema_version: 1,
      pattern: "s3-uploads",
      name: "x",
      owner: "team-a",
      parameters: {},
      resources: [{ key: "uploads", type: "aws_s3_bucket", purpose: "" }],
    });
  });
});

describe("slugify", () => {
  it.each([
    ["store user uploads", "store-user-uploads"],
    ["Design an S3 bucket for user uploads!", "s3-bucket-user-uploads"],
    ["User authentication service", "user-authentication-service"],
    ["REST API for orders", "rest-api-orders"],
    ["2024 marketing site", "design-2024-marketing-site"],
    ["Crème brûlée ordering", "creme-brulee-ordering"],
    ["the", "the"],
    [
      "a very long feature description that goes on and on about many different things",
      "very-long-feature-description-goes-about-many",
    ],
    ["!!!", ""],
  ])("%j → %j", (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });
});
