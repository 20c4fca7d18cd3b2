// Terraform for the s3-uploads pattern: a private, versioned, encrypted bucket and the app's policy.
import { attr, block, expr, list, object, template, type HclBlock } from "../hcl.js";
import type { GenContext, PatternGenerator } from "../context.js";
import { output, policyDocument, resource } from "./shared.js";

/** Ownership, public access block and encryption: every bucket we create gets all three. */
export function privateBucket(
  gen: GenContext,
  keys: { bucket: string; ownership: string; publicAccess: string; encryption: string },
  kmsKey?: string,
): { key: string; blocks: HclBlock[] }[] {
  const bucket = gen.ref("aws_s3_bucket", keys.bucket, "id");
  const sse =
    kmsKey === undefined
      ? [attr("sse_algorithm", "AES256")]
      : [
          attr("sse_algorithm", expr(`var.${kmsKey} == "" ? "AES256" : "aws:kms"`)),
          attr("kms_master_key_id", expr(`var.${kmsKey} == "" ? null : var.${kmsKey}`)),
        ];
  return [
    {
      key: keys.bucket,
      blocks: [
        resource(gen, "aws_s3_bucket", keys.bucket, [
          attr("bucket", gen.name(keys.bucket)),
          attr("force_destroy", gen.v("force_destroy")),
          gen.tags(keys.bucket),
        ]),
      ],
    },
    {
      key: keys.ownership,
      blocks: [
        resource(gen, "aws_s3_bucket_ownership_controls", keys.ownership, [
          attr("bucket", bucket),
          block("rule", [], [attr("object_ownership", "BucketOwnerEnforced")]),
        ]),
      ],
    },
    {
      key: keys.publicAccess,
      blocks: [
        resource(gen, "aws_s3_bucket_public_access_block", keys.publicAccess, [
          attr("bucket", bucket),
          attr("block_public_acls", true),
          attr("block_public_policy", true),
          attr("ignore_public_acls", true),
          attr("restrict_public_buckets", true),
        ]),
      ],
    },
    {
      key: keys.encryption,
      blocks: [
        resource(gen, "aws_s3_bucket_server_side_encryption_configuration", keys.encryption, [
          attr("bucket", bucket),
          block(
            "rule",
            [],
            [
              block("apply_server_side_encryption_by_default", [], sse),
              ...(kmsKey === undefined ? [] : [attr("bucket_key_enabled", expr(`var.${kmsKey} != ""`))]),
            ],
          ),
        ]),
      ],
    },
  ];
}

/** Deny statement for requests without TLS, for a bucket policy. */
export function denyInsecureTransport(gen: GenContext, bucketKey: string) {
  const arn = gen.ref("aws_s3_bucket", bucketKey, "arn");
  return {
    sid: "DenyInsecureTransport",
    effect: "Deny" as const,
    principal: "*",
    actions: ["s3:*"],
    resources: [arn, template(arn, "/*")],
    condition: object({ Bool: object({ "aws:SecureTransport": "false" }, true) }),
  };
}

export const s3UploadsGenerator: PatternGenerator = {
  parts: (gen) => {
    const bucket = gen.ref("aws_s3_bucket", "uploads", "id");
    const arn = gen.ref("aws_s3_bucket", "uploads", "arn");
    return [
      ...privateBucket(
        gen,
        {
          bucket: "uploads",
          ownership: "uploads-ownership",
          publicAccess: "uploads-public-access",
          encryption: "uploads-encryption",
        },
        "kms_key_arn",
      ).map((part, index) =>
        index === 0
          ? {
              ...part,
              outputs: [
                output("bucket_name", "Name of the uploads bucket.", bucket),
                output("bucket_arn", "ARN of the uploads bucket.", arn),
              ],
            }
          : part,
      ),
      {
        key: "uploads-versioning",
        blocks: [
          resource(gen, "aws_s3_bucket_versioning", "uploads-versioning", [
            attr("bucket", bucket),
            block("versioning_configuration", [], [attr("status", "Enabled")]),
          ]),
        ],
      },
      {
        key: "uploads-tls-only",
        blocks: [
          resource(gen, "aws_s3_bucket_policy", "uploads-tls-only", [
            attr("bucket", bucket),
            attr("policy", policyDocument([denyInsecureTransport(gen, "uploads")])),
            attr("depends_on", list(expr(`aws_s3_bucket_public_access_block.${gen.label("uploads-public-access")}`))),
          ]),
        ],
      },
      {
        key: "uploads-lifecycle",
        blocks: [
          resource(gen, "aws_s3_bucket_lifecycle_configuration", "uploads-lifecycle", [
            attr("bucket", bucket),
            block(
              "rule",
              [],
              [
                attr("id", "expire-old-versions"),
                attr("status", "Enabled"),
                block("filter", [], []),
                block("noncurrent_version_expiration", [], [attr("noncurrent_days", gen.v("noncurrent_version_days"))]),
                block("abort_incomplete_multipart_upload", [], [attr("days_after_initiation", 7)]),
              ],
            ),
            attr("depends_on", list(expr(`aws_s3_bucket_versioning.${gen.label("uploads-versioning")}`))),
          ]),
        ],
      },
      {
        key: "uploads-cors",
        blocks: [
          resource(gen, "aws_s3_bucket_cors_configuration", "uploads-cors", [
            attr("bucket", bucket),
            block(
              "cors_rule",
              [],
              [
                attr("allowed_methods", list("GET", "PUT", "POST", "HEAD")),
                attr("allowed_origins", gen.v("cors_allowed_origins")),
                attr("allowed_headers", list("*")),
                attr("expose_headers", list("ETag")),
                attr("max_age_seconds", 3000),
              ],
            ),
          ]),
        ],
      },
      {
        key: "app-access",
        blocks: [
          resource(gen, "aws_iam_policy", "app-access", [
            attr("name", gen.name("app-access")),
            attr(
              "description",
              template("Read, write and delete objects in ", gen.ref("aws_s3_bucket", "uploads", "bucket"), " only."),
            ),
            attr(
              "policy",
              policyDocument([
                {
                  sid: "ObjectAccess",
                  actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                  resources: [template(arn, "/*")],
                },
                { sid: "ListBucket", actions: ["s3:ListBucket"], resources: [arn] },
              ]),
            ),
            gen.tags("app-access"),
          ]),
        ],
        outputs: [
          output(
            "app_access_policy_arn",
            "Attach this policy to the application's role.",
            gen.ref("aws_iam_policy", "app-access", "arn"),
          ),
        ],
      },
    ];
  },
};
