// The engineer's output for every pattern, on the real engine and a real moto server: `terraform fmt
// -check`, the project's own validate-config (init from the plugin mirror, validate, plan, naming and
// required tags), a preview with the expected resource types, and for the patterns a sandbox demo
// deploys (lambda-api, ecs-alb) a real apply, a no-change redeploy and a teardown.
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { deploy, teardown } from "../../src/managers/deploy-manager.js";
import { architect, engineer } from "../../src/managers/infra-design.js";
import { previewInfraChanges, validateInfraConfig } from "../../src/managers/infra-manager.js";
import { findPattern } from "../../src/skills/infra/architect/patterns/index.js";
import { infraProject, sandboxConfig } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { terraformEnv, testTools } from "../helpers/tools.js";

const moto = useMoto();
const TEST_TIMEOUT_MS = 900_000;

const CASES = [
  // [pattern, applied into moto]. Names AWS fixes ("$default", "/aws/lambda/<function>") are not
  // naming-pattern warnings, so every pattern validates without findings.
  ["s3-uploads", false],
  ["lambda-api", true],
  ["ecs-alb", true],
  ["sqs-worker", false],
  ["static-site", false],
] as const;

async function generatedProject(pattern: string) {
  const config = sandboxConfig(moto().endpoint, {
    tagging: { required: ["Owner", "Project"], defaults: { CostCenter: "42" } },
  });
  const project = await infraProject(config, {});
  const ctx = project.context();
  const design = await architect(ctx, { feature: `demo of ${pattern}`, pattern, name: pattern });
  const generated = await engineer(ctx, { design: design.data.design });
  return { project, ctx, generated };
}

function expectedTypes(pattern: string): string[] {
  return [
    ...new Set(
      findPattern(pattern)!
        .resources.filter((resource) => resource.key !== "https-listener")
        .map((resource) => resource.type),
    ),
  ].sort();
}

/** A certificate from moto's ACM, as a team would request one for the load balancer's HTTPS listener. */
async function requestCertificate(endpoint: string): Promise<string> {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "CertificateManager.RequestCertificate",
      authorization:
        "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/acm/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify({ DomainName: "shop.example.com", ValidationMethod: "DNS" }),
  });
  const body = (await response.json()) as { CertificateArn?: string };
  expect(response.status).toBe(200);
  return body.CertificateArn!;
}

const typesOf = (changes: readonly { type: string }[]) => [...new Set(changes.map((change) => change.type))].sort();

describe.each(CASES)("pattern %s", (pattern, applied) => {
  it(
    applied
      ? "is fmt-clean, valid, follows the conventions, and deploys to moto and tears down"
      : "is fmt-clean, valid, follows the conventions, and plans against moto",
    async () => {
      const { project, ctx, generated } = await generatedProject(pattern);
      expect(generated.status).toBe("generated");

      const fmt = await execa(testTools().terraform, ["fmt", "-check", "-recursive", "-diff", "-no-color"], {
        cwd: project.moduleDir,
        env: terraformEnv(),
        extendEnv: false,
        reject: false,
        all: true,
      });
      expect(fmt.exitCode, fmt.all).toBe(0);

      const validation = await validateInfraConfig(ctx, { env: "test" });
      expect(validation.data.findings.filter((finding) => finding.severity === "error")).toEqual([]);
      expect(validation.status).toBe("valid");
      expect(validation.data.planned).toBe(true);
      expect(validation.data.findings.map((finding) => `${finding.rule}:${finding.address}`).sort()).toEqual([]);

      if (!applied) {
        const preview = await previewInfraChanges(ctx, { env: "test" });
        expect(preview.status).toBe("changes");
        expect(preview.data.summary.counts).toMatchObject({ update: 0, delete: 0, replace: 0 });
        expect(typesOf(preview.data.summary.changes)).toEqual(expectedTypes(pattern));
        return;
      }

      if (pattern === "ecs-alb") {
        // Without a certificate the internet-facing load balancer serves plain HTTP: a critical finding
        // that stops the deploy before anything is applied. With one, HTTP only redirects to HTTPS.
        const refused = await deploy(ctx, { env: "test", skipTests: false, skipPreview: false });
        expect(refused.status).toBe("tests_failed");
        expect(refused.data.tests?.pre?.overall_status).toBe("FAIL");
        const arn = await requestCertificate(moto().endpoint);
        await appendFile(join(project.moduleDir, "test.tfvars"), `certificate_arn = "${arn}"\n`);
      }

      const deployed = await deploy(ctx, { env: "test", skipTests: false, skipPreview: false });
      expect(deployed.status).toBe("applied");
      expect(deployed.data.verification).toMatchObject({ verified: true });
      expect(typesOf(deployed.data.summary?.changes ?? [])).toEqual(expectedTypes(pattern));

      const again = await deploy(ctx, { env: "test", skipTests: false, skipPreview: false });
      expect(again.status).toBe("no_changes");

      const removed = await teardown(ctx, { env: "test" });
      expect(removed.status).toBe("destroyed");
      expect(removed.data.verification).toMatchObject({ verified: true, resources: 0 });
    },
    TEST_TIMEOUT_MS,
  );
});
