import { describe, expect, it } from "vitest";
import { cliFor, normalise, route } from "../../../src/director/router.js";

describe("route", () => {
  it.each([
    ["deploy my infrastructure to test", "deploy", { env: "test" }],
    ["deploy to production", "deploy", { env: "prod" }],
    ["check health of production services", "check-health", { env: "prod" }],
    ["show me error logs from API Lambda", "query-logs", { env: "test", service: "api-lambda" }],
    ["restart the checkout service in prod", "remediate", { env: "prod", service: "checkout", action: "restart" }],
    [
      "scale orders-worker to 6 tasks in production",
      "remediate",
      { env: "prod", service: "orders-worker", action: "scale", count: 6 },
    ],
    ["analyze costs for test environment", "audit", { env: "test", focus: "cost" }],
    [
      "investigate errors in api-lambda over the last 2 hours",
      "investigate",
      { env: "test", service: "api-lambda", timeframe: "2h" },
    ],
    ["preview what will change in staging", "preview-changes", { env: "staging" }],
  ])("%s → %s", (text, command, args) => {
    const result = route(text);

    expect(result).toMatchObject({ routed: true, command, args, ambiguous: false });
  });

  it.each([
    ["remove aws_s3_bucket.uploads from the state", "devops infra state rm --env test aws_s3_bucket.uploads"],
    [
      "import the bucket acme-uploads into aws_s3_bucket.b",
      "devops infra import --env test aws_s3_bucket.b acme-uploads",
    ],
    [
      "the state is locked, unlock it: lock id 3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c",
      "devops infra unlock --env test --lock-id 3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c",
    ],
    ["show me the production state", "devops infra state list --env prod"],
    ["show me the state", "devops infra state list --env test"],
    [
      'show module.api.aws_iam_role.r["x"] in the state',
      `devops infra state show --env test 'module.api.aws_iam_role.r["x"]'`,
    ],
    [
      "move aws_s3_bucket.a to aws_s3_bucket.b in prod",
      "devops infra state mv --env prod aws_s3_bucket.a aws_s3_bucket.b",
    ],
    ["deploy only module.api", "devops infra deploy --env test --target module.api"],
    [
      "deploy just module.api to prod and replace aws_instance.web, without refreshing",
      "devops infra deploy --env prod --target module.api --replace aws_instance.web --refresh false",
    ],
  ])("%s → %s", (text, cli) => {
    expect(route(text)).toMatchObject({ routed: true, cli });
  });

  it.each([
    ["is the terraform state locked in prod?", "check-status"],
    ["who holds the state lock on prod?", "check-status"],
    ["Error acquiring the state lock: ConditionalCheckFailedException", "debug"],
    ["remove all infrastructure from test", "teardown"],
    ["refresh the list of deployed resources in test", "show-resources"],
    ["status of the terraform state in staging", "check-status"],
  ])("keeps %j with %s, not a state command", (text, command) => {
    expect(route(text)).toMatchObject({ command });
  });

  it("leaves out what a state request does not state, for the command to ask", () => {
    expect(route("import the existing queue")).toMatchObject({
      command: "import",
      cli: "devops infra import --env test",
    });
    expect(route("unlock the staging state")).toMatchObject({ cli: "devops infra unlock --env staging" });
  });

  it("asks instead of guessing when a request has several readings", () => {
    const result = route("check my infrastructure");

    expect(result).toMatchObject({ routed: false, ambiguous: true });
    expect(result.options.map((o) => o.command)).toEqual(["check-health", "validate-config", "show-resources"]);
  });

  it.each(["what's the weather like?", "write a poem about clouds", "thanks!"])("does not route %j", (text) => {
    expect(route(text)).toMatchObject({ routed: false, ambiguous: false, command: null });
  });

  it("assumes test when no environment is named, and says so", () => {
    expect(route("show deployed resources")).toMatchObject({ args: { env: "test" }, envDefaulted: true });
    expect(route("show deployed resources in prod")).toMatchObject({ args: { env: "prod" }, envDefaulted: false });
  });

  it("uses the project's environment names and aliases", () => {
    const result = route("deploy to uat", { environment: (word) => (word === "uat" ? "staging" : undefined) });

    expect(result.args.env).toBe("staging");
  });

  it("marks commands this version does not have", () => {
    expect(route("design an S3 bucket for user uploads")).toMatchObject({
      command: "architect",
      available: true,
      args: { feature: "an S3 bucket for user uploads" },
    });
    expect(route("deploy to test")).toMatchObject({ available: true });
  });

  it("corrects typos of its own vocabulary but not other words", () => {
    expect(normalise("Depoly the infrastucture")).toBe("deploy the infrastructure");
    expect(normalise("what changed")).toBe("what changed");
  });

  it("renders the equivalent command line, quoting where needed", () => {
    expect(cliFor("query-logs", { env: "prod", service: "api", filter: "Database timeout", timeframe: "2h" })).toBe(
      'devops ops query-logs --env prod --service api --filter "Database timeout" --timeframe 2h',
    );
  });
});
