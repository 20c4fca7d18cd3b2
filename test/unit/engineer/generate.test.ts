import { describe, expect, it } from "vitest";
import type { DesignSpec } from "../../../src/skills/infra/architect/design-doc.js";
import { findPattern, PATTERN_IDS } from "../../../src/skills/infra/architect/patterns/index.js";
import { checkDesign, generateModule, type ModuleFacts } from "../../../src/skills/infra/engineer/generate.js";

const TAGGABLE = new Set([
  "aws_s3_bucket",
  "aws_s3_object",
  "aws_iam_policy",
  "aws_iam_role",
  "aws_cloudwatch_log_group",
  "aws_lambda_function",
  "aws_dynamodb_table",
  "aws_apigatewayv2_api",
  "aws_apigatewayv2_stage",
  "aws_cloudwatch_metric_alarm",
  "aws_vpc",
  "aws_subnet",
  "aws_internet_gateway",
  "aws_route_table",
  "aws_security_group",
  "aws_lb",
  "aws_lb_target_group",
  "aws_lb_listener",
  "aws_ecs_cluster",
  "aws_ecs_task_definition",
  "aws_ecs_service",
  "aws_sqs_queue",
  "aws_lambda_event_source_mapping",
  "aws_cloudfront_distribution",
]);
const NOT_TAGGABLE = new Set([
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_versioning",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_cors_configuration",
  "aws_iam_role_policy_attachment",
  "aws_apigatewayv2_integration",
  "aws_apigatewayv2_route",
  "aws_lambda_permission",
  "aws_route_table_association",
  "aws_cloudwatch_log_metric_filter",
  "aws_cloudfront_origin_access_control",
]);

const FACTS: ModuleFacts = {
  namingPattern: "{project}-{subsystem}-{environment}-{resource}",
  project: { name: "shop", subsystem: "api" },
  tagging: { required: ["Owner", "Project"], defaults: { CostCenter: "42" } },
  backend: { type: "local" },
  environments: [
    { name: "test", region: "us-east-1", varFile: "test.tfvars", prodLike: false },
    { name: "prod", region: "eu-west-1", varFile: "prod.tfvars", prodLike: true },
  ],
  designFile: ".devops/designs/demo.md",
};

function specFor(id: string, change: (spec: DesignSpec) => void = () => undefined): DesignSpec {
  const pattern = findPattern(id)!;
  const spec: DesignSpec = {
    schema_version: 1,
    pattern: id,
    name: "demo",
    parameters: Object.fromEntries(pattern.parameters.map((parameter) => [parameter.name, parameter.default])),
    resources: pattern.resources.map(({ key, type, purpose }) => ({ key, type, purpose })),
  };
  change(spec);
  return spec;
}

function generate(id: string, facts: ModuleFacts = FACTS, change?: (spec: DesignSpec) => void): Record<string, string> {
  const files = generateModule(checkDesign(specFor(id, change), "demo.md"), facts);
  return Object.fromEntries(
    files.map((file) => [
      file.name,
      typeof file.content === "string" ? file.content : `<${file.content.length} bytes>`,
    ]),
  );
}

interface ResourceBlock {
  type: string;
  label: string;
  body: string;
}

function resources(main: string): ResourceBlock[] {
  return [...main.matchAll(/^resource "([\w]+)" "([\w]+)" \{\n([\s\S]*?)^\}$/gm)].map(
    ([, type = "", label = "", body = ""]) => ({ type, label, body }),
  );
}

describe.each(PATTERN_IDS)("pattern %s", (id) => {
  const files = generate(id);
  const main = files["main.tf"] ?? "";
  const blocks = resources(main);

  it("writes the module's files and one .tfvars per environment", () => {
    expect(Object.keys(files).filter((name) => !name.startsWith("build/"))).toEqual([
      "main.tf",
      "variables.tf",
      "outputs.tf",
      "versions.tf",
      "test.tfvars",
      "prod.tfvars",
    ]);
    expect(files["versions.tf"]).toContain('source  = "hashicorp/aws"\n      version = "~> 5.0"');
    expect(files["versions.tf"]).toContain('required_version = ">= 1.5.0"');
  });

  it("creates exactly the design's resources (Terraform label = key with underscores)", () => {
    const keys = findPattern(id)!.resources.map((resource) => `${resource.type}.${resource.key.replace(/-/g, "_")}`);

    expect(blocks.map((block) => `${block.type}.${block.label}`).sort()).toEqual(keys.sort());
  });

  it("sets the tags explicitly, with a Name from the naming pattern, on every taggable resource", () => {
    for (const block of blocks) {
      expect(TAGGABLE.has(block.type) || NOT_TAGGABLE.has(block.type), `${block.type} is classified`).toBe(true);
      if (!TAGGABLE.has(block.type)) continue;
      expect(block.body, `${block.type}.${block.label}`).toMatch(
        /^ {2}tags += merge\(local\.tags, \{ Name = "\$\{var\.project\}-\$\{var\.subsystem\}-\$\{var\.environment\}-[a-z0-9-]+(-\$\{count\.index\})?" \}\)$/m,
      );
    }
  });

  it("takes the region from a variable and never names an endpoint or skips a check", () => {
    expect(main).toContain('provider "aws" {\n  region = var.region\n}');
    expect(Object.values(files).join("\n")).not.toMatch(
      /endpoint\s*=|endpoints\s*\{|skip_(?!destroy)|access_key|secret_key/,
    );
  });

  it("grants no wildcard actions: a '*' action appears only in a Deny", () => {
    const lines = main.split("\n");
    lines.forEach((line, index) => {
      if (!/Action\s+= .*\*/.test(line)) return;
      const effect = lines
        .slice(0, index)
        .reverse()
        .find((previous) => /Effect\s+=/.test(previous));
      expect(effect, line).toMatch(/"Deny"/);
    });
    expect(main).not.toMatch(/Action\s+= "\*"|Action\s+= \["\*"\]/);
  });

  it("declares every variable the tfvars set", () => {
    const declared = [...(files["variables.tf"] ?? "").matchAll(/^variable "(\w+)"/gm)].map((match) => match[1]);
    for (const vars of [files["test.tfvars"], files["prod.tfvars"]]) {
      for (const [, name] of (vars ?? "").matchAll(/^(\w+)\s+=/gm)) expect(declared).toContain(name);
    }
  });
});

describe("names and tags", () => {
  it("follows a custom naming pattern, declaring the variables it uses", () => {
    const files = generate("s3-uploads", {
      ...FACTS,
      namingPattern: "{organization}.{environment}.{resource}",
      project: { name: "shop", organization: "acme" },
    });

    expect(files["main.tf"]).toContain('bucket        = "${var.organization}.${var.environment}.uploads"');
    expect(files["variables.tf"]).toMatch(/variable "organization"/);
    expect(files["variables.tf"]).not.toMatch(/variable "subsystem"/);
    expect(files["test.tfvars"]).toMatch(/^organization += "acme"$/m);
  });

  it("puts defaults, the standard four and required tags without a default (as variables) in local.tags", () => {
    const files = generate("s3-uploads");

    expect(files["main.tf"]).toContain(
      [
        "  tags = {",
        '    CostCenter  = "42"',
        "    Project     = var.project",
        "    Subsystem   = var.subsystem",
        "    Environment = var.environment",
        '    ManagedBy   = "devops"',
        "    Owner       = var.tag_owner",
        "  }",
      ].join("\n"),
    );
    expect(files["test.tfvars"]).toMatch(/^tag_owner += "unassigned"$/m);
  });

  it("writes each environment's facts and production values into its .tfvars", () => {
    const files = generate("ecs-alb");

    expect(files["test.tfvars"]).toMatch(
      /region += "us-east-1"\n[\s\S]*environment += "test"\n[\s\S]*desired_count += 1\nlog_retention_days += 7\n/,
    );
    expect(files["prod.tfvars"]).toMatch(
      /region += "eu-west-1"\n[\s\S]*environment += "prod"\n[\s\S]*desired_count += 2\nlog_retention_days += 30\n/,
    );
  });

  it("applies a parameter the design changed to every environment", () => {
    const files = generate("ecs-alb", FACTS, (spec) => {
      spec.parameters.desired_count = 3;
    });

    expect(files["variables.tf"]).toMatch(/variable "desired_count" \{[^}]*default += 3/);
    expect(files["prod.tfvars"]).toMatch(/desired_count += 3/);
  });
});

describe("backend.tf: an empty block of the configured type, none for plain local state", () => {
  it.each([
    [undefined, undefined],
    [{ type: "local" }, undefined],
    [{ type: "local", path: "state/test.tfstate" }, 'terraform {\n  backend "local" {}\n}\n'],
    [{ type: "s3" }, 'terraform {\n  backend "s3" {}\n}\n'],
  ])("%j → %j", (backend, expected) => {
    const { backend: _, ...rest } = FACTS;

    const files = generate("s3-uploads", backend === undefined ? rest : { ...rest, backend });

    expect(files["backend.tf"]).toBe(expected);
  });
});

describe("the design's block drives generation", () => {
  it("leaves out an optional resource the design removed", () => {
    const files = generate("s3-uploads", FACTS, (spec) => {
      spec.resources = spec.resources.filter((resource) => resource.key !== "uploads-cors");
    });

    expect(files["main.tf"]).not.toContain("aws_s3_bucket_cors_configuration");
    expect(files["main.tf"]).toContain("aws_s3_bucket_lifecycle_configuration");
  });

  it.each<[string, (spec: DesignSpec) => void, RegExp]>([
    [
      "an unknown parameter",
      (spec) => void (spec.parameters.desired_cout = 2),
      /parameter "desired_cout" is not one of pattern ecs-alb's/,
    ],
    [
      "a parameter of the wrong type",
      (spec) => void (spec.parameters.desired_count = "two"),
      /parameter "desired_count" must be a number \(got "two"\)/,
    ],
    [
      "an unknown resource",
      (spec) => void spec.resources.push({ key: "cache", type: "aws_elasticache_cluster", purpose: "" }),
      /resource "cache" is not part of pattern ecs-alb/,
    ],
    [
      "a resource of another type",
      (spec) => void (spec.resources[0]!.type = "aws_default_vpc"),
      /resource "vpc" has type aws_default_vpc, but pattern ecs-alb creates it as aws_vpc/,
    ],
    [
      "a required resource removed",
      (spec) => void (spec.resources = spec.resources.filter((resource) => resource.key !== "alb")),
      /required resource alb of pattern ecs-alb is missing/,
    ],
  ])("%s is DESIGN_INVALID", (_case, change, message) => {
    expect(() => checkDesign(specFor("ecs-alb", change), "demo.md")).toThrow(
      expect.objectContaining({ code: "DESIGN_INVALID", message: expect.stringMatching(message) }),
    );
  });

  it("suggests the closest parameter name", () => {
    expect(() =>
      checkDesign(
        specFor("ecs-alb", (spec) => void (spec.parameters.desired_cout = 2)),
        "demo.md",
      ),
    ).toThrow(expect.objectContaining({ suggestion: 'did you mean "desired_count"?' }));
  });

  it("an unknown pattern is PATTERN_UNKNOWN with a did-you-mean", () => {
    expect(() => checkDesign({ ...specFor("ecs-alb"), pattern: "ecs-elb" }, "demo.md")).toThrow(
      expect.objectContaining({ code: "PATTERN_UNKNOWN", suggestion: 'did you mean "ecs-alb"?' }),
    );
  });
});
