import { describe, expect, it } from "vitest";
import { choosePattern, scorePatterns } from "../../../src/skills/infra/architect/choose.js";
import { PATTERN_IDS } from "../../../src/skills/infra/architect/patterns/index.js";

function errorFrom(action: () => unknown): {
  code?: string;
  message?: string;
  suggestion?: string;
  details?: Record<string, unknown>;
} {
  try {
    action();
  } catch (error) {
    return error as { code?: string; message?: string; suggestion?: string };
  }
  throw new Error("expected an error");
}

describe("choosePattern from the feature text", () => {
  it.each([
    ["store user uploads", "s3-uploads"],
    ["design an S3 bucket for user uploads", "s3-uploads"],
    ["let customers attach PDF documents to tickets", "s3-uploads"],
    ["profile photo and avatar storage", "s3-uploads"],
    ["file storage for invoices", "s3-uploads"],
    ["REST API for orders", "lambda-api"],
    ["create infrastructure for an API service", "lambda-api"],
    ["serverless CRUD backend with DynamoDB", "lambda-api"],
    ["user authentication service", "lambda-api"],
    ["webhook endpoint for payment notifications from Stripe", "lambda-api"],
    ["a JSON API for the mobile app", "lambda-api"],
    ["containerised web service with a load balancer", "ecs-alb"],
    ["run our Docker image on ECS Fargate", "ecs-alb"],
    ["long-running Express web application behind an ALB", "ecs-alb"],
    ["deploy the Django web app in containers", "ecs-alb"],
    ["scalable web server for the storefront", "ecs-alb"],
    ["background job queue", "sqs-worker"],
    ["process uploaded images asynchronously with a worker", "sqs-worker"],
    ["SQS consumer with a dead letter queue", "sqs-worker"],
    ["send emails in the background", "sqs-worker"],
    ["async event processing pipeline with retries", "sqs-worker"],
    ["marketing website", "static-site"],
    ["static site for the product documentation", "static-site"],
    ["host our React single page app on a CDN", "static-site"],
    ["landing page for the launch", "static-site"],
    ["company blog served through CloudFront", "static-site"],
    ["static website with HTTPS", "static-site"],
  ])("%j → %s", (feature, expected) => {
    const choice = choosePattern(feature);

    expect(choice.pattern.id).toBe(expected);
    expect(choice.reason).toBe("scored");
  });

  it("lists every pattern with its score and cues, best first", () => {
    const scores = scorePatterns("background job queue for uploads");

    expect(scores.map((score) => score.id).sort()).toEqual([...PATTERN_IDS].sort());
    expect(scores[0]).toEqual({ id: "sqs-worker", score: 10, matched: ["queue", "background", "job"] });
    expect(scores[1]).toEqual({ id: "s3-uploads", score: 4, matched: ["upload"] });
    expect(scores.map((score) => score.score)).toEqual([...scores.map((score) => score.score)].sort((a, b) => b - a));
  });

  it("breaks a tie by catalogue order", () => {
    const scores = scorePatterns("api landing page");

    expect(scores.slice(0, 2).map((score) => [score.id, score.score])).toEqual([
      ["lambda-api", 4],
      ["static-site", 4],
    ]);
  });
});

describe("a forced pattern", () => {
  it("wins over the scores, which are still reported", () => {
    const choice = choosePattern("marketing website", "ecs-alb");

    expect(choice.pattern.id).toBe("ecs-alb");
    expect(choice.reason).toBe("forced");
    expect(choice.scores[0]?.id).toBe("static-site");
  });

  it.each([
    ["lambda-apy", 'did you mean "lambda-api"?'],
    ["s3-upload", 'did you mean "s3-uploads"?'],
    ["kubernetes", "use --pattern with one of: s3-uploads, lambda-api, ecs-alb, sqs-worker, static-site"],
  ])("%j is PATTERN_UNKNOWN with the list and %j", (forced, suggestion) => {
    const error = errorFrom(() => choosePattern("anything", forced));

    expect(error.code).toBe("PATTERN_UNKNOWN");
    expect(error.message).toContain(`"${forced}"`);
    expect(error.message).toContain(PATTERN_IDS.join(", "));
    expect(error.suggestion).toBe(suggestion);
  });
});

it("text that matches no pattern is PATTERN_UNDETERMINED, suggesting --pattern", () => {
  const error = errorFrom(() => choosePattern("quarterly planning offsite"));

  expect(error.code).toBe("PATTERN_UNDETERMINED");
  expect(error.suggestion).toContain("--pattern");
});
