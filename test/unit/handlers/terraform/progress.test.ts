// The engine's -json UI lines as progress: a data source read is "reading", never "applying", and
// Terraform's own "Still creating... [10s elapsed]" travels with its elapsed seconds.
import { describe, expect, it } from "vitest";
import { parseUiLine, progressOf } from "../../../../src/handlers/iac/terraform/runner.js";

// Lines as Terraform 1.11 writes them with -json (plan of a data source; apply of a slow resource).
const READ_START =
  '{"@level":"info","@message":"data.aws_caller_identity.current: Reading...","@module":"terraform.ui","@timestamp":"2026-12-07T15:00:00Z","hook":{"resource":{"addr":"data.aws_caller_identity.current","module":"","resource":"data.aws_caller_identity.current","implied_provider":"aws","resource_type":"aws_caller_identity","resource_name":"current","resource_key":null},"action":"read"},"type":"apply_start"}';
const CREATE_START =
  '{"@level":"info","@message":"terraform_data.slow: Creating...","@module":"terraform.ui","@timestamp":"2026-12-07T15:00:00Z","hook":{"resource":{"addr":"terraform_data.slow","module":"","resource":"terraform_data.slow","implied_provider":"terraform","resource_type":"terraform_data","resource_name":"slow","resource_key":null},"action":"create"},"type":"apply_start"}';
const STILL_CREATING =
  '{"@level":"info","@message":"terraform_data.slow: Still creating... [10s elapsed]","@module":"terraform.ui","@timestamp":"2026-12-07T15:00:10Z","hook":{"resource":{"addr":"terraform_data.slow","module":"","resource":"terraform_data.slow","implied_provider":"terraform","resource_type":"terraform_data","resource_name":"slow","resource_key":null},"action":"create","elapsed_seconds":10},"type":"apply_progress"}';

describe("engine progress", () => {
  it.each([
    [
      "a data source read",
      READ_START,
      { kind: "reading", address: "data.aws_caller_identity.current", action: "read" },
    ],
    ["a resource created", CREATE_START, { kind: "applying", address: "terraform_data.slow", action: "create" }],
    [
      "a resource still being created",
      STILL_CREATING,
      {
        kind: "applying",
        address: "terraform_data.slow",
        elapsedSeconds: 10,
        message: "terraform_data.slow: Still creating... [10s elapsed]",
      },
    ],
  ])("%s", (_name, line, expected) => {
    const message = parseUiLine(line);

    expect(message === undefined ? undefined : progressOf(message)).toMatchObject(expected);
  });
});
