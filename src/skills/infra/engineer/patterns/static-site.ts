// Terraform for the static-site pattern: a private bucket read by CloudFront through origin access control.
import { attr, attrs, block, expr, list, object, template } from "../hcl.js";
import type { PatternGenerator } from "../context.js";
import { alarm, output, policyDocument, resource } from "./shared.js";
import { denyInsecureTransport, privateBucket } from "./s3-uploads.js";

// AWS's managed "CachingOptimized" cache policy: its id is the same in every account.
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const ORIGIN_ID = "site-bucket";

export const staticSiteGenerator: PatternGenerator = {
  parts: (gen) => {
    const bucket = gen.ref("aws_s3_bucket", "site", "id");
    const arn = gen.ref("aws_s3_bucket", "site", "arn");
    const distribution = (attribute: string) => gen.ref("aws_cloudfront_distribution", "cdn", attribute);
    return [
      ...privateBucket(gen, {
        bucket: "site",
        ownership: "site-ownership",
        publicAccess: "site-public-access",
        encryption: "site-encryption",
      }),
      {
        key: "site-oac",
        blocks: [
          resource(gen, "aws_cloudfront_origin_access_control", "site-oac", [
            ...attrs({
              name: gen.name("site-oac"),
              description: "CloudFront signs its requests to the site bucket.",
              origin_access_control_origin_type: "s3",
              signing_behavior: "always",
              signing_protocol: "sigv4",
            }),
          ]),
        ],
      },
      {
        key: "cdn",
        blocks: [
          resource(gen, "aws_cloudfront_distribution", "cdn", [
            ...attrs({
              enabled: true,
              is_ipv6_enabled: true,
              comment: gen.name("cdn"),
              default_root_object: gen.v("default_root_object"),
              price_class: gen.v("price_class"),
            }),
            block(
              "origin",
              [],
              [
                attr("domain_name", gen.ref("aws_s3_bucket", "site", "bucket_regional_domain_name")),
                attr("origin_id", ORIGIN_ID),
                attr("origin_access_control_id", gen.ref("aws_cloudfront_origin_access_control", "site-oac", "id")),
              ],
            ),
            block(
              "default_cache_behavior",
              [],
              [
                ...attrs({
                  target_origin_id: ORIGIN_ID,
                  viewer_protocol_policy: "redirect-to-https",
                  allowed_methods: list("GET", "HEAD", "OPTIONS"),
                  cached_methods: list("GET", "HEAD"),
                  cache_policy_id: CACHING_OPTIMIZED,
                  compress: true,
                }),
              ],
            ),
            block("restrictions", [], [block("geo_restriction", [], [attr("restriction_type", "none")])]),
            block("viewer_certificate", [], [attr("cloudfront_default_certificate", true)]),
            gen.tags("cdn"),
          ]),
        ],
        outputs: [
          output("site_url", "HTTPS address of the site.", template("https://", distribution("domain_name"))),
          output("distribution_id", "CloudFront distribution id (for cache invalidations).", distribution("id")),
          output("bucket_name", "Bucket to upload the site's files to.", bucket),
        ],
      },
      {
        key: "site-policy",
        blocks: [
          resource(gen, "aws_s3_bucket_policy", "site-policy", [
            attr("bucket", bucket),
            attr(
              "policy",
              policyDocument([
                {
                  sid: "CloudFrontReadsObjects",
                  principal: object({ Service: "cloudfront.amazonaws.com" }, true),
                  actions: ["s3:GetObject"],
                  resources: [template(arn, "/*")],
                  condition: object({ StringEquals: object({ "AWS:SourceArn": distribution("arn") }, true) }),
                },
                denyInsecureTransport(gen, "site"),
              ]),
            ),
            attr("depends_on", list(expr(`aws_s3_bucket_public_access_block.${gen.label("site-public-access")}`))),
          ]),
        ],
      },
      {
        key: "index-page",
        blocks: [
          resource(gen, "aws_s3_object", "index-page", [
            ...attrs({
              bucket,
              key: gen.v("default_root_object"),
              content: "<!doctype html>\n<title>Coming soon</title>\n<h1>Coming soon</h1>\n",
              content_type: "text/html; charset=utf-8",
            }),
            gen.tags("index-page"),
          ]),
        ],
      },
      {
        key: "cdn-5xx-alarm",
        blocks: [
          alarm(gen, {
            key: "cdn-5xx-alarm",
            description: template("5xx error rate of ", gen.name("cdn")),
            namespace: "AWS/CloudFront",
            metric: "5xxErrorRate",
            dimensions: { DistributionId: distribution("id"), Region: "Global" },
            statistic: "Average",
            evaluationPeriods: 2,
            threshold: gen.v("error_rate_threshold"),
          }),
        ],
      },
    ];
  },
};
