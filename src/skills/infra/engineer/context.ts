// What a pattern generator works with: the design's parameters and resources, and helpers that give every
// resource its Terraform label, its AWS name from resource_naming.pattern, and its tags.
import type { ParameterValue, Pattern } from "../architect/patterns/index.js";
import { placeholdersIn } from "../../../core/naming.js";
import {
  attr,
  call,
  expr,
  object,
  template,
  type HclAttribute,
  type HclBlock,
  type HclExpr,
  type HclTemplate,
} from "./hcl.js";

/** A piece of generated code; parts with a key are left out when the design drops that resource. */
export interface Part {
  key?: string;
  blocks: HclBlock[];
  outputs?: HclBlock[];
}

export interface PatternGenerator {
  parts(gen: GenContext): Part[];
  /** Extra files (a placeholder Lambda package), relative to the Terraform directory. */
  files?(gen: GenContext): { name: string; content: string | Buffer }[];
}

export interface GenContext {
  pattern: Pattern;
  params: Readonly<Record<string, ParameterValue>>;
  has(key: string): boolean;
  label(key: string): string;
  /** The AWS name of a resource key: resource_naming.pattern with variables, {resource} = key (+ suffix). */
  name(key: string): HclTemplate;
  /** `tags = merge(local.tags, { Name = … })`. */
  tags(key: string): HclAttribute;
  v(name: string): HclExpr;
  ref(type: string, key: string, attribute: string): HclExpr;
}

/** The Terraform variable that stands for each naming placeholder. */
export const PLACEHOLDER_VARIABLES: Readonly<Record<string, string>> = {
  project: "var.project",
  subsystem: "var.subsystem",
  environment: "var.environment",
  organization: "var.organization",
};

export function terraformLabel(key: string): string {
  return key.replace(/-/g, "_");
}

/** The naming pattern as an HCL template: placeholders become variables, the rest stays literal. */
export function nameTemplate(namingPattern: string, resource: string): HclTemplate {
  const parts: (string | HclExpr)[] = [];
  let rest = namingPattern;
  for (const match of namingPattern.matchAll(/\{([A-Za-z_]+)\}/g)) {
    const [whole, placeholder = ""] = match;
    const at = rest.indexOf(whole);
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + whole.length);
    const variable = PLACEHOLDER_VARIABLES[placeholder];
    parts.push(placeholder === "resource" ? resource : expr(variable ?? `var.${placeholder}`));
  }
  parts.push(rest);
  return template(...parts);
}

/** The naming placeholders (other than {resource}) the generated code needs variables for. */
export function namingVariables(namingPattern: string): string[] {
  return placeholdersIn(namingPattern).filter((name) => name !== "resource");
}

export function createGenContext(input: {
  pattern: Pattern;
  params: Readonly<Record<string, ParameterValue>>;
  keys: ReadonlySet<string>;
  namingPattern: string;
}): GenContext {
  const name = (key: string) => nameTemplate(input.namingPattern, key);
  return {
    pattern: input.pattern,
    params: input.params,
    has: (key) => input.keys.has(key),
    label: terraformLabel,
    name,
    tags: (key) => attr("tags", call("merge", expr("local.tags"), object({ Name: name(key) }, true))),
    v: (variable) => expr(`var.${variable}`),
    ref: (type, key, attribute) => expr(`${type}.${terraformLabel(key)}.${attribute}`),
  };
}
