// Pattern: a private S3 bucket that an application writes user uploads to.
import { commandLine } from "../../../../core/commands/command-line.js";
import type { Pattern } from "./types.js";

export const s3Uploads: Pattern = {
  id: "s3-uploads",
  title: "Private S3 bucket for user uploads",
  summary:
    "A private, versioned and encrypted S3 bucket that the application reads and writes through a scoped IAM policy; browsers upload with pre-signed URLs allowed by a CORS rule.",
  cues: [
    { label: "upload", weight: 4, words: ["upload", "uploaded", "uploading"] },
    { label: "attachment", weight: 3, words: ["attachment"] },
    { label: "file storage", weight: 3, words: ["file storage", "store files", "file store", "storing files"] },
    { label: "file", weight: 2, words: ["file"] },
    { label: "document", weight: 2, words: ["document", "pdf"] },
    { label: "image", weight: 2, words: ["image", "photo", "avatar", "picture", "video"] },
    { label: "bucket", weight: 2, words: ["bucket", "s3", "object storage", "blob"] },
    { label: "storage", weight: 1, words: ["storage", "store", "archive", "backup"] },
    { label: "media", weight: 1, words: ["media", "asset"] },
  ],
  resources: [
    { key: "uploads", type: "aws_s3_bucket", purpose: "the bucket holding the uploaded objects" },
    {
      key: "uploads-ownership",
      type: "aws_s3_bucket_ownership_controls",
      purpose: "bucket owner owns every object; ACLs disabled",
    },
    {
      key: "uploads-public-access",
      type: "aws_s3_bucket_public_access_block",
      purpose: "blocks every form of public access",
    },
    {
      key: "uploads-versioning",
      type: "aws_s3_bucket_versioning",
      purpose: "keeps overwritten and deleted objects recoverable",
    },
    {
      key: "uploads-encryption",
      type: "aws_s3_bucket_server_side_encryption_configuration",
      purpose: "encryption at rest (SSE-S3 by default, SSE-KMS with a key ARN)",
    },
    { key: "uploads-tls-only", type: "aws_s3_bucket_policy", purpose: "refuses any request not made over TLS" },
    {
      key: "uploads-lifecycle",
      type: "aws_s3_bucket_lifecycle_configuration",
      purpose: "expires old versions and abandoned multipart uploads",
      optional: true,
    },
    {
      key: "uploads-cors",
      type: "aws_s3_bucket_cors_configuration",
      purpose: "lets the web front end upload with pre-signed URLs",
      optional: true,
    },
    {
      key: "app-access",
      type: "aws_iam_policy",
      purpose: "object read/write/delete on this bucket only, to attach to the application's role",
    },
  ],
  parameters: [
    {
      name: "cors_allowed_origins",
      type: "list(string)",
      default: ["https://example.com"],
      description: "Origins allowed to upload from a browser.",
    },
    {
      name: "noncurrent_version_days",
      type: "number",
      default: 30,
      prodValue: 90,
      description: "Days an overwritten or deleted version is kept.",
    },
    { name: "kms_key_arn", type: "string", default: "", description: "KMS key for SSE-KMS; empty uses SSE-S3." },
    {
      name: "force_destroy",
      type: "bool",
      default: true,
      prodValue: false,
      description: "Let teardown delete a bucket that still holds objects.",
    },
  ],
  diagram: [
    "browser ──(pre-signed URL, HTTPS)──▶ S3 bucket (private, versioned, encrypted)",
    "   ▲                                        ▲",
    "   └── application (IAM policy app-access) ─┘",
  ].join("\n"),
  requirements: [
    "Users upload files from the browser or through the application.",
    "Objects are private: only the application (and pre-signed URLs it issues) can read them.",
    "Overwritten or deleted files can be recovered for a limited time.",
  ],
  security: [
    "All four public access block settings are on and ACLs are disabled (bucket owner enforced).",
    "Encryption at rest with SSE-S3, or SSE-KMS when kms_key_arn is set.",
    "A bucket policy denies any request with aws:SecureTransport = false (TLS in transit).",
    "The application's policy allows only s3:GetObject, s3:PutObject, s3:DeleteObject on this bucket's objects and s3:ListBucket on the bucket.",
  ],
  risks: [
    "Bucket names are global: the name from resource_naming.pattern may already be taken in another account.",
    "force_destroy is on outside production so teardown can remove a non-empty bucket; it is off in production.",
    "CORS origins default to a placeholder; set cors_allowed_origins to the real front end before use.",
  ],
  testing: [
    `${commandLine("infra validate-config")}: naming, required tags, Terraform validation.`,
    "Upload and download a test object with a pre-signed URL; an anonymous GET must be refused.",
  ],
};
