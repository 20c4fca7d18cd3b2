import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { StateResource } from "../../../src/core/handler-contract.js";
import type { PricingService } from "../../../src/core/services/pricing.js";
import { plannedResourcesOf } from "../../../src/handlers/iac/terraform/index.js";
import {
  budgetFor,
  estimateFromTable,
  estimatePlanCost,
  type CostEstimate,
} from "../../../src/skills/infra/tester/cost.js";
import { fixturePath } from "../../helpers/project.js";

async function plan(name: string): Promise<StateResource[]> {
  return plannedResourcesOf(JSON.parse(await readFile(fixturePath("plans", "cost", `${name}.plan.json`), "utf8")));
}

/** The figures of an estimate, without the assumption texts every estimate repeats. */
const figures = (e: CostEstimate) => ({
  monthly_total: e.monthly_total,
  fixed_monthly: e.fixed_monthly,
  usage_based_monthly: e.usage_based_monthly,
  lines: e.lines.map((l) => [l.address, l.monthly, l.usage_based]),
  top_drivers: e.top_drivers,
  not_priced: e.not_priced,
  warnings: e.warnings,
});

describe("cost estimate of a plan (price table, us-east-1)", () => {
  it("prices a web tier: instance + root volume, RDS, NAT, ALB, EIP and the per-unit services", async () => {
    const estimate = estimateFromTable(await plan("web-tier"), "us-east-1");

    expect(figures(estimate)).toEqual({
      monthly_total: 108.43,
      fixed_monthly: 108.2,
      usage_based_monthly: 0.23,
      lines: [
        ["aws_nat_gateway.main", 33.3, false],
        ["aws_instance.web", 32.77, false],
        ["aws_lb.web", 22.27, false],
        ["aws_db_instance.main", 14.71, false],
        ["aws_eip.nat", 3.65, false],
        ["aws_kms_key.data", 1, false],
        ["aws_secretsmanager_secret.db", 0.4, false],
        ["aws_s3_bucket.assets", 0.23, true],
        ["aws_cloudwatch_metric_alarm.cpu", 0.1, false],
      ],
      top_drivers: [
        { resource: "aws_nat_gateway.main", type: "aws_nat_gateway", cost: 33.3 },
        { resource: "aws_instance.web", type: "aws_instance", cost: 32.77 },
        { resource: "aws_lb.web", type: "aws_lb", cost: 22.27 },
        { resource: "aws_db_instance.main", type: "aws_db_instance", cost: 14.71 },
        { resource: "aws_eip.nat", type: "aws_eip", cost: 3.65 },
      ],
      not_priced: ["aws_route53_zone.main (aws_route53_zone)"],
      warnings: [],
    });
  });

  it("prices a serverless stack from the stated usage assumptions, and provisioned DynamoDB by capacity", async () => {
    const estimate = estimateFromTable(await plan("serverless"), "us-east-1");

    expect(figures(estimate)).toEqual({
      monthly_total: 13.5,
      fixed_monthly: 2.85,
      usage_based_monthly: 10.65,
      lines: [
        ["aws_api_gateway_rest_api.legacy", 3.5, true],
        ["aws_dynamodb_table.sessions", 2.85, false],
        ["aws_lambda_function.api", 1.87, true],
        ["aws_cloudfront_distribution.cdn", 1.85, true],
        ["aws_apigatewayv2_api.http", 1, true],
        ["aws_dynamodb_table.orders", 1, true],
        ["aws_cloudwatch_log_group.api", 0.53, true],
        ["aws_sns_topic.events", 0.5, true],
        ["aws_sqs_queue.jobs", 0.4, true],
      ],
      top_drivers: [
        { resource: "aws_api_gateway_rest_api.legacy", type: "aws_api_gateway_rest_api", cost: 3.5 },
        { resource: "aws_dynamodb_table.sessions", type: "aws_dynamodb_table", cost: 2.85 },
        { resource: "aws_lambda_function.api", type: "aws_lambda_function", cost: 1.87 },
        { resource: "aws_cloudfront_distribution.cdn", type: "aws_cloudfront_distribution", cost: 1.85 },
        { resource: "aws_apigatewayv2_api.http", type: "aws_apigatewayv2_api", cost: 1 },
      ],
      not_priced: [],
      warnings: [],
    });
  });

  it("prices containers, cache nodes, volumes, endpoints and a Multi-AZ database; an unknown size is not priced", async () => {
    const estimate = estimateFromTable(await plan("containers"), "us-east-1");

    expect(figures(estimate)).toEqual({
      monthly_total: 449.27,
      fixed_monthly: 449.27,
      usage_based_monthly: 0,
      lines: [
        ["aws_db_instance.reporting", 272.66, false],
        ["aws_ebs_volume.fast", 71.25, false],
        ["aws_elasticache_replication_group.cache", 46.72, false],
        ["aws_ecs_service.app", 36.04, false],
        ["aws_vpc_endpoint.ecr", 14.6, false],
        ["aws_ebs_volume.data", 8, false],
        ["aws_vpc_endpoint.s3", 0, false],
      ],
      top_drivers: [
        { resource: "aws_db_instance.reporting", type: "aws_db_instance", cost: 272.66 },
        { resource: "aws_ebs_volume.fast", type: "aws_ebs_volume", cost: 71.25 },
        { resource: "aws_elasticache_replication_group.cache", type: "aws_elasticache_replication_group", cost: 46.72 },
        { resource: "aws_ecs_service.app", type: "aws_ecs_service", cost: 36.04 },
        { resource: "aws_vpc_endpoint.ecr", type: "aws_vpc_endpoint", cost: 14.6 },
      ],
      not_priced: ["aws_instance.batch (aws_instance)"],
      warnings: [],
    });
  });

  it("states the prices' date and region in every estimate", async () => {
    const estimate = estimateFromTable(await plan("web-tier"), "us-east-1");

    expect(estimate.prices_as_of).toBe("us-east-1 on-demand list prices as of 2025-06");
    expect(estimate.assumptions.length).toBeGreaterThan(3);
  });

  it.each([
    ["eu-west-1", 1.11, []],
    ["sa-east-1", 1.59, []],
    ["mars-north-1", 1, ["no price level is known for region mars-north-1: us-east-1 prices are used"]],
  ])("scales table prices for %s by %s", async (region, multiplier, warnings) => {
    const resources = await plan("web-tier");

    const estimate = estimateFromTable(resources, region);

    expect(estimate.region_multiplier).toBe(multiplier);
    expect(estimate.warnings).toEqual(warnings);
    expect(estimate.monthly_total).toBeCloseTo(108.43 * multiplier, 0);
  });
});

describe("pricing mode api", () => {
  const service = (prices: { ec2?: number; rds?: number }, fail?: Error): PricingService => ({
    service: "pricing",
    ec2Hourly: async () => {
      if (fail !== undefined) throw fail;
      return prices.ec2;
    },
    rdsHourly: async () => prices.rds,
  });

  it("uses the Pricing API's hourly prices for EC2 and RDS instances, the table for the rest", async () => {
    const estimate = await estimatePlanCost(await plan("web-tier"), {
      region: "us-east-1",
      pricing: "api",
      service: service({ ec2: 0.05, rds: 0.02 }),
    });

    expect(estimate.pricing).toBe("api");
    expect(estimate.lines.find((l) => l.address === "aws_instance.web")).toMatchObject({
      monthly: 38.9,
      price_source: "api",
    });
    expect(estimate.lines.find((l) => l.address === "aws_db_instance.main")).toMatchObject({
      monthly: 16.9,
      price_source: "api",
    });
    expect(estimate.lines.find((l) => l.address === "aws_lb.web")).toMatchObject({ price_source: "table" });
  });

  it("falls back to the table with a warning when the Pricing API fails", async () => {
    const estimate = await estimatePlanCost(await plan("web-tier"), {
      region: "us-east-1",
      pricing: "api",
      service: service({}, new Error("AccessDenied")),
    });

    expect(estimate.pricing).toBe("table");
    expect(estimate.monthly_total).toBe(108.43);
    expect(estimate.warnings).toEqual(["the AWS Pricing API failed (AccessDenied): the price table was used"]);
  });
});

describe("budget", () => {
  it.each([
    [100, 1000, { threshold: 100, source: "cost_threshold" }],
    [undefined, 1000, { threshold: 1000, source: "max_monthly_cost" }],
    [0, 1000, { threshold: 0, source: "cost_threshold" }],
  ])("environment threshold %s, max_monthly_cost %s", (env, max, expected) => {
    expect(budgetFor(env, max)).toEqual(expected);
  });
});
