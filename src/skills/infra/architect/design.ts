// infra-architect: turns a feature request into a design — the pattern, its parameters and resources,
// their names under the project's naming pattern, a rough cost — rendered as the design document.
import type { ProjectContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { isProdLike } from "../../../core/config/environments.js";
import { resourceName } from "../../../core/naming.js";
import { choosePattern, type PatternScore } from "./choose.js";
import { roughCost, type RoughCost } from "./cost.js";
import { DESIGN_SCHEMA_VERSION, renderDesignDoc, type DesignSpec } from "./design-doc.js";
import type { Pattern } from "./patterns/index.js";

export interface DesignDraft {
  slug: string;
  spec: DesignSpec;
  pattern: Pattern;
  reason: "scored" | "forced";
  scores: PatternScore[];
  cost: RoughCost;
  /** Resource key → its name in `environment`. */
  names: Record<string, string>;
  environment: string;
  text: string;
}

// Types whose AWS side has no name of its own (the resource names a relation or a setting).
const UNNAMED_TYPES = new Set([
  "aws_iam_role_policy_attachment",
  "aws_apigatewayv2_integration",
  "aws_apigatewayv2_route",
  "aws_apigatewayv2_stage",
  "aws_lambda_permission",
  "aws_route_table_association",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_versioning",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_cors_configuration",
  "aws_s3_object",
  "aws_lambda_event_source_mapping",
]);

const STOP_WORDS = new Set([
  "a",
  "an",
  "the",
  "for",
  "of",
  "to",
  "and",
  "with",
  "my",
  "our",
  "we",
  "need",
  "needs",
  "i",
  "want",
  "design",
  "infrastructure",
  "please",
  "some",
  "that",
  "which",
  "on",
  "in",
]);
const MAX_SLUG = 48;

/** "Store user uploads!" → "store-user-uploads"; filler words dropped, cut at a word boundary. */
export function slugify(text: string): string {
  const words = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((word) => word !== "");
  const kept = words.filter((word) => !STOP_WORDS.has(word));
  let slug = "";
  for (const word of kept.length > 0 ? kept : words) {
    const next = slug === "" ? word : `${slug}-${word}`;
    if (next.length > MAX_SLUG) break;
    slug = next;
  }
  if (slug === "" && words[0] !== undefined) slug = words[0].slice(0, MAX_SLUG);
  return /^[0-9]/.test(slug) ? `design-${slug}`.slice(0, MAX_SLUG).replace(/-+$/, "") : slug;
}

/** Configured environments, production-like ones last (the order a rollout goes in). */
export function rolloutOrder(project: ProjectContext): string[] {
  const names = Object.keys(project.config.environments);
  return [...names.filter((name) => !isProdLike(name)), ...names.filter((name) => isProdLike(name))];
}

/** The AWS name of a resource key in one environment, from resource_naming. */
export function nameFor(project: ProjectContext, environment: string, key: string): string {
  const { name, subsystem, organization } = project.config.project;
  return resourceName(project.config.resource_naming.pattern, project.config.resource_naming.separator, {
    project: name,
    environment,
    resource: key,
    ...(subsystem === undefined ? {} : { subsystem }),
    ...(organization === undefined ? {} : { organization }),
  });
}

export function draftDesign(
  project: ProjectContext,
  input: { feature: string; pattern?: string; name?: string; env?: string },
): DesignDraft {
  const feature = input.feature.trim();
  if (feature === "") {
    throw new UserError("FEATURE_EMPTY", "the feature description is empty", {
      suggestion: 'describe the feature, e.g. --feature "store user uploads"',
    });
  }
  const choice = choosePattern(feature, input.pattern);
  const slug = slugify(input.name ?? feature);
  if (slug === "") {
    throw new UserError("DESIGN_NAME_INVALID", `"${input.name ?? feature}" gives no usable design name`, {
      suggestion: "pass --name with letters or digits, e.g. --name user-uploads",
    });
  }
  const environments = rolloutOrder(project);
  const environment = input.env === undefined ? (environments[0] ?? "test") : project.environment(input.env).name;
  const pattern = choice.pattern;
  const spec: DesignSpec = {
    schema_version: DESIGN_SCHEMA_VERSION,
    pattern: pattern.id,
    name: slug,
    parameters: Object.fromEntries(pattern.parameters.map((parameter) => [parameter.name, parameter.default])),
    resources: pattern.resources.map((resource) => ({
      key: resource.key,
      type: resource.type,
      purpose: resource.purpose,
    })),
  };
  const names = Object.fromEntries(
    pattern.resources
      .filter((resource) => !UNNAMED_TYPES.has(resource.type))
      .map((resource) => [
        resource.key,
        resource.logGroupOf === undefined
          ? nameFor(project, environment, resource.key)
          : `/aws/lambda/${nameFor(project, environment, resource.logGroupOf)}`,
      ]),
  );
  const tasks = Number(spec.parameters.desired_count ?? 1);
  const cost = roughCost(pattern.resources, { app: tasks });
  const text = renderDesignDoc({
    spec,
    pattern,
    feature,
    reason: choice.reason,
    scores: choice.scores,
    names: { environment, byKey: names },
    environments,
    cost,
    createdAt: project.clock.now(),
  });
  return { slug, spec, pattern, reason: choice.reason, scores: choice.scores, cost, names, environment, text };
}
