import { describe, expect, it } from "vitest";
import {
  attr,
  blank,
  block,
  call,
  comment,
  escapeLiteral,
  expr,
  list,
  object,
  renderFile,
  renderValue,
  template,
} from "../../../src/skills/infra/engineer/hcl.js";

describe("HCL string escaping", () => {
  it.each([
    ["plain", "plain"],
    ['say "hi"', 'say \\"hi\\"'],
    ["back\\slash", "back\\\\slash"],
    ["line\nbreak\r\ttab", "line\\nbreak\\r\\ttab"],
    ["${var.secret}", "$${var.secret}"],
    ["%{ if true }", "%%{ if true }"],
    ["$5 and 100%", "$5 and 100%"],
    ["$$default", "$$default"],
    ["bell\u0007 form\f back\b", "bell\\u0007 form\\u000c back\\u0008"],
    ["ünïcödé ✓", "ünïcödé ✓"],
  ])("%j → %j", (text, escaped) => {
    expect(escapeLiteral(text)).toBe(escaped);
  });
});

describe("templates", () => {
  it.each([
    [
      template(expr("var.project"), "-", expr("var.environment"), "-uploads"),
      '"${var.project}-${var.environment}-uploads"',
    ],
    [template("literal ${not} ", expr("var.x")), '"literal $${not} ${var.x}"'],
    [template("costs $", expr("var.price")), '"costs ${"$"}${var.price}"'],
    [template("100%", expr("var.x")), '"100${"%"}${var.x}"'],
    [template("a", "b$", "{c}"), '"ab$${c}"'],
    [template("x", template(expr("var.y"), "z")), '"x${var.y}z"'],
    [template(), '""'],
  ])("%# renders %s", (value, text) => {
    expect(renderValue(value)).toBe(text);
  });
});

describe("values", () => {
  it.each([
    [null, "null"],
    [42, "42"],
    [1.5, "1.5"],
    [true, "true"],
    [list(), "[]"],
    [list("a", 1, expr("var.b")), '["a", 1, var.b]'],
    [object({}), "{}"],
    [object({ Name: "x", "aws:SourceArn": expr("a.b") }, true), '{ Name = "x", "aws:SourceArn" = a.b }'],
    [call("merge", expr("local.tags"), object({ Name: "n" }, true)), 'merge(local.tags, { Name = "n" })'],
  ])("%j renders %s", (value, text) => {
    expect(renderValue(value)).toBe(text);
  });

  it("refuses a number HCL cannot write", () => {
    expect(() => renderValue(Number.NaN)).toThrow(/NaN/);
  });
});

it("lays a file out as terraform fmt does: aligned runs of single-line attributes, multi-line values unpadded", () => {
  const text = renderFile(
    [
      block(
        "resource",
        ["aws_iam_role", "app"],
        [
          attr("name", "app"),
          attr(
            "assume_role_policy",
            call(
              "jsonencode",
              object({ Version: "2012-10-17", Statement: list(object({ Effect: "Allow", Action: "sts:AssumeRole" })) }),
            ),
          ),
          attr("tags", expr("local.tags")),
          attr("max_session_duration", 3600),
          comment("why this matters"),
          attr("path", "/"),
          blank,
          block("lifecycle", [], [attr("ignore_changes", list(expr("tags")))]),
        ],
      ),
      block("terraform", [], [block("backend", ["s3"], [])]),
      attr("region", "us-east-1"),
      attr("environment", "test"),
    ],
    "header",
  );

  expect(text).toBe(
    [
      "# header",
      "",
      'resource "aws_iam_role" "app" {',
      '  name = "app"',
      "  assume_role_policy = jsonencode({",
      '    Version = "2012-10-17"',
      "    Statement = [",
      "      {",
      '        Effect = "Allow"',
      '        Action = "sts:AssumeRole"',
      "      },",
      "    ]",
      "  })",
      "  tags                 = local.tags",
      "  max_session_duration = 3600",
      "  # why this matters",
      '  path = "/"',
      "",
      "  lifecycle {",
      "    ignore_changes = [tags]",
      "  }",
      "}",
      "",
      "terraform {",
      '  backend "s3" {}',
      "}",
      "",
      'region      = "us-east-1"',
      'environment = "test"',
      "",
    ].join("\n"),
  );
});
