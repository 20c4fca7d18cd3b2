// PROVIDER_LITERAL_CREDENTIALS end to end: real Terraform plans a module whose aliased provider block
// spells out AWS keys (a sandbox's emulator override only replaces the default provider's), and
// test-changes reports the block and the attributes, never the keys, in its result and its report.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { testChanges } from "../../src/managers/infra-test.js";
import { infraProject, sandboxConfig } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();

// AWS's documented example key pair.
const ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const MODULE = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" { region = "us-east-1" }
provider "aws" {
  alias                       = "dr"
  region                      = "us-west-2"
  access_key                  = "${ACCESS_KEY}"
  secret_key                  = "${SECRET_KEY}"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
resource "aws_sqs_queue" "jobs" {
  name                    = "shop-api-test-jobs"
  sqs_managed_sse_enabled = true
  tags = { Project = "shop", Environment = "test", Subsystem = "api", ManagedBy = "devops" }
}
`;

describe("AWS keys written in a provider block", () => {
  it("are one critical finding on the block, naming the attributes and never the keys", async () => {
    const project = await infraProject(sandboxConfig(moto().endpoint), { "main.tf": MODULE });

    const result = await testChanges(project.context(), { env: "test", phase: "pre-deployment" });

    const findings = result.data.findings.filter((f) => f.rule === "PROVIDER_LITERAL_CREDENTIALS");
    expect(findings).toEqual([
      expect.objectContaining({
        address: "provider.aws.dr",
        severity: "critical",
        message: 'provider "aws.dr" sets access_key, secret_key to a literal value in the code',
      }),
    ]);
    expect(result.data.overall_status).toBe("FAIL");
    const report = await readFile(result.data.report_path!, "utf8");
    for (const text of [JSON.stringify(result.data), report]) {
      expect(text).not.toContain(ACCESS_KEY);
      expect(text).not.toContain(SECRET_KEY);
    }
  }, 180_000);
});
