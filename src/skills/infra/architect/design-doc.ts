// The design document: markdown for people (the seed's sections) and one fenced JSON block that the
// engineer reads back. People and agents may edit both; only the JSON block drives code generation.
import { commandLine } from "../../../core/commands/command-line.js";
import * as z from "zod";
import { UserError } from "../../../core/errors.js";
import type { PatternScore } from "./choose.js";
import type { RoughCost } from "./cost.js";
import type { ParameterValue, Pattern } from "./patterns/index.js";

export const MACHINE_HEADING = "## Resources (machine-readable)";
export const DESIGN_SCHEMA_VERSION = 1;

const ParameterValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const DesignResource = z.looseObject({
  key: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be lowercase letters, digits and hyphens, starting with a letter"),
  type: z.string().regex(/^[a-z0-9_]+$/, "must be a Terraform resource type such as aws_s3_bucket"),
  purpose: z.string().default(""),
});
export type DesignResource = z.infer<typeof DesignResource>;

/** The machine-readable block. Permissive about extra fields: people annotate designs. */
export const DesignSpec = z.looseObject({
  schema_version: z.number().int().positive(),
  pattern: z.string().min(1),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be a slug: lowercase letters, digits and hyphens"),
  parameters: z.record(z.string(), ParameterValueSchema).default({}),
  resources: z.array(DesignResource).min(1, "must list at least one resource"),
});
export type DesignSpec = z.infer<typeof DesignSpec>;

export interface DesignDocInput {
  spec: DesignSpec;
  pattern: Pattern;
  feature: string;
  reason: "scored" | "forced";
  scores: readonly PatternScore[];
  /** Each resource key's name in one environment, e.g. test: "shop-api-test-uploads". */
  names: { environment: string; byKey: Readonly<Record<string, string>> };
  environments: readonly string[];
  cost: RoughCost;
  createdAt: Date;
}

const bullets = (items: readonly string[]) => items.map((item) => `- ${item}`).join("\n");
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");

function showValue(value: ParameterValue): string {
  return Array.isArray(value) ? value.join(", ") : String(value);
}

function decisions(input: DesignDocInput): string {
  const { pattern, reason, scores, spec } = input;
  const chosen = scores.find((score) => score.id === pattern.id);
  const why =
    reason === "forced"
      ? `Pattern \`${pattern.id}\` was chosen explicitly (--pattern).`
      : `Pattern \`${pattern.id}\` scored highest for the feature text (${chosen?.score ?? 0}: ${chosen?.matched.join(", ") || "no cues"}).`;
  const alternatives = table(
    ["Pattern", "Score", "Cues found"],
    scores.map((score) => [
      `${score.id}${score.id === pattern.id ? " (chosen)" : ""}`,
      String(score.score),
      score.matched.join(", ") || "—",
    ]),
  );
  const parameters = table(
    ["Parameter", "Value", "Meaning"],
    pattern.parameters.map((parameter) => [
      parameter.name,
      showValue(spec.parameters[parameter.name] ?? parameter.default),
      parameter.description,
    ]),
  );
  return [
    why,
    "",
    "Alternatives considered:",
    "",
    alternatives,
    "",
    "Parameters (Terraform variables; production-like environments may override them in their .tfvars):",
    "",
    parameters,
  ].join("\n");
}

export function renderDesignDoc(input: DesignDocInput): string {
  const { spec, pattern, names, cost } = input;
  const title = input.feature.trim().replace(/\s+/g, " ");
  const resources = table(
    ["Key", "Type", `Name (${names.environment})`, "Purpose"],
    spec.resources.map((resource) => [resource.key, resource.type, names.byKey[resource.key] ?? "—", resource.purpose]),
  );
  const costTable = table(
    ["Resource", "Type", "Rough USD / month", "Basis"],
    [
      ...cost.lines.map((line) => [line.key, line.type, line.usd.toFixed(2), line.basis]),
      ["**total**", "", cost.totalUsd.toFixed(2), "everything else listed above has no charge of its own"],
    ],
  );
  const envs = input.environments.join(" → ");
  const first = input.environments[0] ?? "test";
  return [
    `# Design: ${title}`,
    "",
    "## Overview",
    "",
    `Feature: ${title}`,
    "",
    `${pattern.title}. ${pattern.summary}`,
    "",
    `Design \`${spec.name}\`, pattern \`${pattern.id}\`, written ${input.createdAt.toISOString()}. Environments: ${input.environments.join(", ")}.`,
    "",
    "## Requirements",
    "",
    bullets([`The feature: ${title}.`, ...pattern.requirements]),
    "",
    "## Architecture",
    "",
    "```text",
    pattern.diagram,
    "```",
    "",
    "## Resources",
    "",
    resources,
    "",
    "Every taggable resource carries the required tags (Project, Subsystem, Environment, ManagedBy, tagging.defaults and tagging.required) and a Name tag; names follow resource_naming.pattern.",
    "",
    "## Security",
    "",
    bullets(pattern.security),
    "",
    "## Cost Estimate",
    "",
    `Rough estimate only, for one environment at light traffic (us-east-1 list prices, free tier ignored). Run \`${commandLine("ops audit", { focus: "cost" })}\` once deployed for real figures.`,
    "",
    costTable,
    "",
    "## Implementation Plan",
    "",
    [
      `1. \`${commandLine("infra engineer", { design: `${spec.name}.md` })}\` — generate the Terraform code from the block at the end of this document.`,
      `2. \`${commandLine("infra validate-config", { env: first })}\` — Terraform validation, naming and required tags.`,
      `3. \`${commandLine("infra preview-changes", { env: first })}\` — review the plan.`,
      `4. \`${commandLine("infra deploy", { env: first })}\`, then \`${commandLine("ops check-health", { env: first })}\`.`,
      "5. Promote to the next environment with the same commands.",
    ].join("\n"),
    "",
    "## Decisions",
    "",
    decisions(input),
    "",
    "## Risks",
    "",
    bullets(pattern.risks),
    "",
    "## Testing",
    "",
    bullets(pattern.testing),
    "",
    "## Rollout",
    "",
    bullets([
      `Order: ${envs}. Environments that require confirmation stop for a human approval bound to the exact plan.`,
      `Roll back by reverting the Terraform change and deploying again; \`${commandLine("infra teardown")}\` removes a trial environment (state backed up first).`,
      "Watch the alarms for a day in each environment before promoting.",
    ]),
    "",
    MACHINE_HEADING,
    "",
    `Edit this block to change what \`${commandLine("infra engineer")}\` generates: parameters, or optional resources removed.`,
    "",
    "```json",
    JSON.stringify(spec, null, 2),
    "```",
    "",
  ].join("\n");
}

function invalid(path: string, problem: string, suggestion: string): UserError {
  return new UserError("DESIGN_INVALID", `${path}: ${problem}`, { suggestion, details: { path } });
}

/** Reads the machine-readable block back; every problem is a DESIGN_INVALID naming what is wrong. */
export function parseDesignDoc(text: string, path: string): DesignSpec {
  const lines = text.split(/\r?\n/);
  const heading = lines.findIndex((line) => line.trim().toLowerCase() === MACHINE_HEADING.toLowerCase());
  const restore = `restore the "${MACHINE_HEADING}" section with a \`\`\`json block, or run ${commandLine("infra architect")} again with --force`;
  if (heading < 0) throw invalid(path, `the heading "${MACHINE_HEADING}" is missing`, restore);
  const open = lines.findIndex((line, index) => index > heading && /^```json\s*$/i.test(line.trim()));
  const close = open < 0 ? -1 : lines.findIndex((line, index) => index > open && line.trim() === "```");
  if (open < 0 || close < 0) throw invalid(path, `no complete \`\`\`json block under "${MACHINE_HEADING}"`, restore);

  let raw: unknown;
  try {
    raw = JSON.parse(lines.slice(open + 1, close).join("\n"));
  } catch (error) {
    throw invalid(
      path,
      `the JSON block (lines ${open + 2}–${close}) is not valid JSON: ${(error as Error).message}`,
      "fix the JSON syntax (quotes, commas, brackets)",
    );
  }
  const version = (raw as { schema_version?: unknown } | null)?.schema_version;
  if (typeof version === "number" && version > DESIGN_SCHEMA_VERSION) {
    throw invalid(
      path,
      `schema_version ${version} is newer than this devops understands (${DESIGN_SCHEMA_VERSION})`,
      "upgrade devops",
    );
  }
  const parsed = DesignSpec.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(root)";
    throw invalid(
      path,
      `the JSON block's ${where} ${issue?.message ?? "is invalid"}`,
      `fix ${where} in the JSON block`,
    );
  }
  return parsed.data;
}
