// Companion resources (a bucket's public access block, versioning, …) are tied to their bucket by
// the plan's configuration references when the bucket's id is not known yet: two buckets in one
// module, only one of them with a public access block.
import { describe, expect, it } from "vitest";
import { plannedResourcesOf } from "../../../src/handlers/iac/terraform/index.js";
import { scanResources } from "../../../src/skills/infra/tester/builtin-scanner.js";

const aws = "registry.terraform.io/hashicorp/aws";
const bucket = (name: string) => ({
  address: `aws_s3_bucket.${name}`,
  mode: "managed",
  type: "aws_s3_bucket",
  name,
  provider_name: aws,
  values: { bucket: `shop-test-${name}`, force_destroy: false, tags: {} },
});

function plan(referencedBucket: string | null) {
  return {
    format_version: "1.2",
    planned_values: {
      root_module: {
        resources: [
          bucket("guarded"),
          bucket("open"),
          {
            address: "aws_s3_bucket_public_access_block.guard",
            mode: "managed",
            type: "aws_s3_bucket_public_access_block",
            name: "guard",
            provider_name: aws,
            values: {
              block_public_acls: true,
              block_public_policy: true,
              ignore_public_acls: true,
              restrict_public_buckets: true,
            },
          },
        ],
      },
    },
    configuration: {
      root_module: {
        resources: [
          { address: "aws_s3_bucket.guarded", expressions: { bucket: { constant_value: "shop-test-guarded" } } },
          { address: "aws_s3_bucket.open", expressions: { bucket: { constant_value: "shop-test-open" } } },
          {
            address: "aws_s3_bucket_public_access_block.guard",
            expressions:
              referencedBucket === null
                ? {}
                : {
                    bucket: {
                      references: [`aws_s3_bucket.${referencedBucket}.id`, `aws_s3_bucket.${referencedBucket}`],
                    },
                  },
          },
        ],
      },
    },
  };
}

const missingBlock = (resources: ReturnType<typeof plannedResourcesOf>) =>
  scanResources(resources)
    .filter((f) => f.rule === "S3_PUBLIC_ACCESS_BLOCK_MISSING")
    .map((f) => f.address);

describe("companions tied by the plan's configuration references", () => {
  it("finds the bucket whose public access block is missing, although the block's bucket id is unknown", () => {
    const resources = plannedResourcesOf(plan("guarded"));

    expect(resources.find((r) => r.type === "aws_s3_bucket_public_access_block")?.references).toEqual({
      bucket: ["aws_s3_bucket.guarded.id", "aws_s3_bucket.guarded"],
    });
    expect(missingBlock(resources)).toEqual(["aws_s3_bucket.open"]);
  });

  it("falls back to the module when the configuration gives no reference", () => {
    expect(missingBlock(plannedResourcesOf(plan(null)))).toEqual([]);
  });
});
