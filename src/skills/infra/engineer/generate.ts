// infra-engineer: checks a design's machine-readable block against its pattern and turns it into a
// Terraform root module — main, variables, outputs, versions, backend and one .tfvars per environment.
import { commandLine } from "../../../core/commands/command-line.js";
import { UserError } from "../../../core/errors.js";
import { closest } from "../../../core/suggest.js";
import { unknownPattern } from "../architect/choose.js";
import type { DesignSpec } from "../architect/design-doc.js";
import { findPattern, type ParameterValue, type Pattern, type PatternParameter } from "../architect/patterns/index.js";
import { createGenContext, namingVariables, type Part, type PatternGenerator } from "./context.js";
import {
  attr,
  blank,
  block,
  comment,
  expr,
  list,
  object,
  renderFile,
  type HclBlock,
  type HclBodyItem,
  type HclValue,
} from "./hcl.js";
import { ecsAlbGenerator } from "./patterns/ecs-alb.js";
import { lambdaApiGenerator } from "./patterns/lambda-api.js";
import { s3UploadsGenerator } from "./patterns/s3-uploads.js";
import { sqsWorkerGenerator } from "./patterns/sqs-worker.js";
import { staticSiteGenerator } from "./patterns/static-site.js";

const GENERATORS: Readonly<Record<string, PatternGenerator>> = {
  "s3-uploads": s3UploadsGenerator,
  "lambda-api": lambdaApiGenerator,
  "ecs-alb": ecsAlbGenerator,
  "sqs-worker": sqsWorkerGenerator,
  "static-site": staticSiteGenerator,
};

export const AWS_PROVIDER_CONSTRAINT = "~> 5.0";
export const REQUIRED_TERRAFORM = ">= 1.5.0";
export const MANAGED_BY = "devops";

export interface ModuleFacts {
  namingPattern: string;
  project: { name: string; subsystem?: string; organization?: string };
  tagging: { required: readonly string[]; defaults: Readonly<Record<string, string>> };
  backend?: { type: string; path?: string };
  /** The environments whose root module is this directory. */
  environments: readonly { name: string; region: string; varFile: string; prodLike: boolean }[];
  /** Where the design lives, for the header comment. */
  designFile: string;
}

export interface CheckedDesign {
  spec: DesignSpec;
  pattern: Pattern;
  params: Record<string, ParameterValue>;
  keys: Set<string>;
}

function invalid(designFile: string, problem: string, suggestion: string): UserError {
  return new UserError("DESIGN_INVALID", `${designFile}: ${problem}`, { suggestion, details: { design: designFile } });
}

function fitsType(parameter: PatternParameter, value: ParameterValue): boolean {
  if (parameter.type === "number") return typeof value === "number" && Number.isFinite(value);
  if (parameter.type === "bool") return typeof value === "boolean";
  if (parameter.type === "list(string)") return Array.isArray(value);
  return typeof value === "string";
}

/** The design's block against its pattern: known pattern, known parameters of the right type, resources. */
export function checkDesign(spec: DesignSpec, designFile: string): CheckedDesign {
  const pattern = findPattern(spec.pattern);
  if (pattern === undefined) throw unknownPattern(spec.pattern);
  const known = pattern.parameters.map((parameter) => parameter.name);
  for (const [name, value] of Object.entries(spec.parameters)) {
    const parameter = pattern.parameters.find((candidate) => candidate.name === name);
    if (parameter === undefined) {
      const guess = closest(name, known);
      throw invalid(
        designFile,
        `parameter "${name}" is not one of pattern ${pattern.id}'s (${known.join(", ")})`,
        guess === undefined ? "remove it from parameters" : `did you mean "${guess}"?`,
      );
    }
    if (!fitsType(parameter, value))
      throw invalid(
        designFile,
        `parameter "${name}" must be a ${parameter.type} (got ${JSON.stringify(value)})`,
        `set ${name} to a ${parameter.type}`,
      );
  }
  const keys = new Set<string>();
  for (const listed of spec.resources) {
    const resource = pattern.resources.find((candidate) => candidate.key === listed.key);
    if (resource === undefined) {
      const guess = closest(
        listed.key,
        pattern.resources.map((candidate) => candidate.key),
      );
      throw invalid(
        designFile,
        `resource "${listed.key}" is not part of pattern ${pattern.id}`,
        guess === undefined
          ? "remove it from resources; the engineer generates only the pattern's resources"
          : `did you mean "${guess}"?`,
      );
    }
    if (resource.type !== listed.type)
      throw invalid(
        designFile,
        `resource "${listed.key}" has type ${listed.type}, but pattern ${pattern.id} creates it as ${resource.type}`,
        `set its type back to ${resource.type}`,
      );
    keys.add(listed.key);
  }
  const missing = pattern.resources
    .filter((resource) => resource.optional !== true && !keys.has(resource.key))
    .map((resource) => resource.key);
  if (missing.length > 0) {
    throw invalid(
      designFile,
      `required resource${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of pattern ${pattern.id} ${missing.length > 1 ? "are" : "is"} missing from resources`,
      "put them back; only resources the pattern marks optional can be removed",
    );
  }
  const params = Object.fromEntries(
    pattern.parameters.map((parameter) => [parameter.name, spec.parameters[parameter.name] ?? parameter.default]),
  );
  return { spec, pattern, params, keys };
}

function hclValue(value: ParameterValue): HclValue {
  return Array.isArray(value) ? list(...value) : value;
}

function tagVariable(key: string): string {
  return `tag_${key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")}`;
}

/** Tag key → value expression: defaults, then the standard four, then required keys with no default as variables. */
function tagEntries(facts: ModuleFacts): [string, HclValue][] {
  const tags = new Map<string, HclValue>(Object.entries(facts.tagging.defaults));
  tags.set("Project", expr("var.project"));
  if (facts.project.subsystem !== undefined) tags.set("Subsystem", expr("var.subsystem"));
  tags.set("Environment", expr("var.environment"));
  tags.set("ManagedBy", MANAGED_BY);
  for (const key of facts.tagging.required) if (!tags.has(key)) tags.set(key, expr(`var.${tagVariable(key)}`));
  return [...tags.entries()];
}

function requiredTagVariables(facts: ModuleFacts): { key: string; variable: string }[] {
  const standard = new Set([
    "Project",
    "Environment",
    "ManagedBy",
    ...(facts.project.subsystem === undefined ? [] : ["Subsystem"]),
    ...Object.keys(facts.tagging.defaults),
  ]);
  return facts.tagging.required.filter((key) => !standard.has(key)).map((key) => ({ key, variable: tagVariable(key) }));
}

function variable(name: string, description: string, type: string, defaultValue?: HclValue): HclBlock {
  return block(
    "variable",
    [name],
    [
      attr("description", description),
      attr("type", expr(type)),
      ...(defaultValue === undefined ? [] : [attr("default", defaultValue)]),
    ],
  );
}

/** Variables for the naming placeholders; subsystem and organization only when configured or used. */
function baseVariables(
  facts: ModuleFacts,
): { name: string; description: string; value: (env: ModuleFacts["environments"][number]) => string }[] {
  const used = new Set(namingVariables(facts.namingPattern));
  const { subsystem, organization } = facts.project;
  return [
    { name: "region", description: "AWS region to deploy to.", value: (env) => env.region },
    { name: "project", description: "Project name (naming pattern and Project tag).", value: () => facts.project.name },
    ...(subsystem !== undefined || used.has("subsystem")
      ? [
          {
            name: "subsystem",
            description: "Subsystem name (naming pattern and Subsystem tag).",
            value: () => subsystem ?? "",
          },
        ]
      : []),
    ...(organization !== undefined || used.has("organization")
      ? [{ name: "organization", description: "Organization name (naming pattern).", value: () => organization ?? "" }]
      : []),
    {
      name: "environment",
      description: "Environment name (naming pattern and Environment tag).",
      value: (env) => env.name,
    },
  ];
}

function parameterValue(parameter: PatternParameter, design: CheckedDesign, prodLike: boolean): ParameterValue {
  const chosen = design.params[parameter.name] ?? parameter.default;
  // A value the design changed applies everywhere; otherwise production gets the pattern's production value.
  const edited = JSON.stringify(chosen) !== JSON.stringify(parameter.default);
  return prodLike && !edited && parameter.prodValue !== undefined ? parameter.prodValue : chosen;
}

export interface ModuleFile {
  /** Relative to the Terraform directory. */
  name: string;
  content: string | Buffer;
}

export function generateModule(design: CheckedDesign, facts: ModuleFacts): ModuleFile[] {
  const generator = GENERATORS[design.pattern.id];
  if (generator === undefined) throw unknownPattern(design.pattern.id);
  const gen = createGenContext({
    pattern: design.pattern,
    params: design.params,
    keys: design.keys,
    namingPattern: facts.namingPattern,
  });
  const parts: Part[] = generator.parts(gen).filter((part) => part.key === undefined || design.keys.has(part.key));
  const header = [
    `Generated by ${commandLine("infra engineer")} from ${facts.designFile} (pattern ${design.pattern.id}).`,
    "Regenerating never overwrites a hand-edited file without --force; it shows the difference instead.",
  ].join("\n");

  const main = renderFile(
    [
      block("provider", ["aws"], [attr("region", expr("var.region"))]),
      block(
        "locals",
        [],
        [
          comment("Set on every taggable resource, so plan-time checks see them."),
          attr("tags", object(tagEntries(facts))),
        ],
      ),
      ...parts.flatMap((part) => part.blocks),
    ],
    header,
  );
  const base = baseVariables(facts);
  const variables = renderFile([
    ...base.map((item) => variable(item.name, item.description, "string")),
    ...requiredTagVariables(facts).map((tag) =>
      variable(tag.variable, `Value of the required ${tag.key} tag.`, "string"),
    ),
    ...design.pattern.parameters.map((parameter) =>
      variable(
        parameter.name,
        parameter.description,
        parameter.type,
        hclValue(design.params[parameter.name] ?? parameter.default),
      ),
    ),
  ]);
  const outputs = parts.flatMap((part) => part.outputs ?? []);
  const versions = renderFile([
    block(
      "terraform",
      [],
      [
        attr("required_version", REQUIRED_TERRAFORM),
        blank,
        block(
          "required_providers",
          [],
          [attr("aws", object({ source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT }))],
        ),
      ],
    ),
  ]);
  const files: ModuleFile[] = [
    { name: "main.tf", content: main },
    { name: "variables.tf", content: variables },
    { name: "outputs.tf", content: outputs.length === 0 ? "" : renderFile(outputs) },
    { name: "versions.tf", content: versions },
  ];
  const backend = facts.backend;
  // devops.json owns the backend settings: the code only names the type, with an empty block.
  if (backend !== undefined && (backend.type !== "local" || backend.path !== undefined)) {
    files.push({
      name: "backend.tf",
      content: renderFile([block("terraform", [], [block("backend", [backend.type], [])])]),
    });
  }
  for (const env of facts.environments) {
    const items: HclBodyItem[] = [
      ...base.map((item) => attr(item.name, item.value(env))),
      ...requiredTagVariables(facts).map((tag) => attr(tag.variable, "unassigned")),
      ...design.pattern.parameters
        .filter((parameter) => parameter.prodValue !== undefined)
        .map((parameter) => attr(parameter.name, hclValue(parameterValue(parameter, design, env.prodLike)))),
    ];
    files.push({ name: env.varFile, content: renderFile(items) });
  }
  for (const file of generator.files?.(gen) ?? []) files.push(file);
  return files;
}
