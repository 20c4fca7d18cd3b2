// Pattern: a static website from a private S3 bucket behind CloudFront with origin access control.
import { commandLine } from "../../../../core/commands/command-line.js";
import type { Pattern } from "./types.js";

export const staticSite: Pattern = {
  id: "static-site",
  title: "Static website on S3 and CloudFront",
  summary:
    "A private S3 bucket served only through a CloudFront distribution with origin access control (OAC); viewers are redirected to HTTPS.",
  cues: [
    { label: "static site", weight: 5, words: ["static site", "static website", "static web"] },
    { label: "website", weight: 3, words: ["website", "web site", "landing page", "homepage"] },
    { label: "marketing", weight: 3, words: ["marketing", "brochure", "portfolio"] },
    { label: "cdn", weight: 3, words: ["cloudfront", "cdn", "edge cache"] },
    {
      label: "frontend",
      weight: 2,
      words: [
        "frontend",
        "front end",
        "spa",
        "single page app",
        "single page application",
        "react app",
        "vue app",
        "html",
      ],
    },
    { label: "docs site", weight: 2, words: ["documentation site", "docs site", "blog"] },
    { label: "static", weight: 2, words: ["static"] },
    { label: "page", weight: 1, words: ["page"] },
  ],
  resources: [
    { key: "site", type: "aws_s3_bucket", purpose: "holds the site's files; never public" },
    {
      key: "site-ownership",
      type: "aws_s3_bucket_ownership_controls",
      purpose: "bucket owner owns every object; ACLs disabled",
    },
    {
      key: "site-public-access",
      type: "aws_s3_bucket_public_access_block",
      purpose: "blocks every form of public access",
    },
    {
      key: "site-encryption",
      type: "aws_s3_bucket_server_side_encryption_configuration",
      purpose: "encryption at rest (SSE-S3)",
    },
    {
      key: "site-oac",
      type: "aws_cloudfront_origin_access_control",
      purpose: "CloudFront signs its requests to the bucket (SigV4)",
    },
    { key: "cdn", type: "aws_cloudfront_distribution", purpose: "serves the site over HTTPS from edge locations" },
    {
      key: "site-policy",
      type: "aws_s3_bucket_policy",
      purpose: "lets only this distribution read objects; refuses non-TLS requests",
    },
    {
      key: "index-page",
      type: "aws_s3_object",
      purpose: "a placeholder index.html until the real site is uploaded",
      optional: true,
    },
    {
      key: "cdn-5xx-alarm",
      type: "aws_cloudwatch_metric_alarm",
      purpose: "alarms when the 5xx error rate rises",
      optional: true,
    },
  ],
  parameters: [
    {
      name: "price_class",
      type: "string",
      default: "PriceClass_100",
      description: "CloudFront price class (edge locations used).",
    },
    {
      name: "default_root_object",
      type: "string",
      default: "index.html",
      description: "Object served for the root URL.",
    },
    {
      name: "error_rate_threshold",
      type: "number",
      default: 5,
      description: "5xx error rate (%) that raises the alarm.",
    },
    {
      name: "force_destroy",
      type: "bool",
      default: true,
      prodValue: false,
      description: "Let teardown delete a bucket that still holds objects.",
    },
  ],
  diagram: ["viewer ──HTTPS──▶ CloudFront (redirect-to-https) ──SigV4 (OAC)──▶ S3 bucket (private)"].join("\n"),
  requirements: [
    "Serve a static website (HTML, CSS, JavaScript, images) with low latency.",
    "Visitors always use HTTPS.",
    "The bucket is never public; only the distribution reads it.",
  ],
  security: [
    "Public access block on, ACLs disabled; the bucket policy allows s3:GetObject only to cloudfront.amazonaws.com for this distribution (AWS:SourceArn).",
    "Viewer protocol policy redirect-to-https; the bucket policy denies requests without TLS.",
    "Encryption at rest with SSE-S3.",
  ],
  risks: [
    "The distribution uses the default *.cloudfront.net certificate; a custom domain needs an ACM certificate in us-east-1.",
    "CloudFront changes take several minutes to propagate; deploys are slower than for other patterns.",
  ],
  testing: [
    `${commandLine("infra validate-config")}: naming, required tags, Terraform validation.`,
    "Fetch the distribution's domain over HTTP (expect a redirect) and HTTPS (expect the index page); the bucket URL must refuse.",
  ],
};
