// The AWS Pricing API service. moto does not implement the Pricing API, so GetProducts answers are
// injected with aws-sdk-client-mock; each test is named for the answer or fault it injects.
import { GetProductsCommand, PricingClient } from "@aws-sdk/client-pricing";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../../src/core/config/resolve.js";
import {
  createPricingService,
  hourlyFromPriceList,
  rdsEngineName,
} from "../../../src/handlers/hosting/aws/services/pricing.js";
import { estimatePlanCost } from "../../../src/skills/infra/tester/cost.js";

const pricing = mockClient(PricingClient);
const env = { name: "test", region: "eu-west-1", endpoint: "http://127.0.0.1:9" } as ResolvedEnvironment;

afterEach(() => pricing.reset());

/** A PriceList item as the API returns it: a JSON string of product and terms. */
const item = (usd: string, unit = "Hrs", attributes: Record<string, string> = {}) =>
  JSON.stringify({
    product: { productFamily: "Compute Instance", attributes: { instanceType: "t3.medium", ...attributes } },
    terms: {
      OnDemand: {
        "ABC.JRTCKXETXF": {
          priceDimensions: {
            "ABC.JRTCKXETXF.6YS6EN2CT7": {
              unit,
              pricePerUnit: { USD: usd },
              description: "$0.0456 per On Demand Linux t3.medium Instance Hour",
            },
          },
        },
      },
    },
  });

describe("price list parsing", () => {
  it.each([
    ["one hourly price", [item("0.0456")], 0.0456],
    ["a zero-priced variant and a priced one", [item("0.0000000000"), item("0.0456")], 0.0456],
    ["two license variants: the lowest", [item("0.0500"), item("0.0456")], 0.0456],
    ["a price that is not per hour", [item("12.5", "Quantity")], undefined],
    ["an item that is not JSON, then a good one", ["not json", item("0.0456")], 0.0456],
    ["no on-demand terms", [JSON.stringify({ product: {}, terms: {} })], undefined],
    ["nothing", [], undefined],
  ])("%s → %s", (_what, items, expected) => {
    expect(hourlyFromPriceList(items)).toBe(expected);
  });

  it.each([
    ["mysql", "MySQL"],
    ["postgres", "PostgreSQL"],
    ["aurora-postgresql", "Aurora PostgreSQL"],
    ["sqlserver-ex", "SQL Server"],
    ["db2-se", undefined],
  ])("engine %s is %s in the price list", (engine, name) => {
    expect(rdsEngineName(engine)).toBe(name);
  });
});

describe("GetProducts (mocked: moto has no Pricing API)", () => {
  it("asks for the instance type in the environment's region, Linux on shared tenancy, from us-east-1", async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [item("0.0456")], FormatVersion: "aws_v1" });

    const price = await createPricingService(env).ec2Hourly({ instanceType: "t3.medium", region: "eu-west-1" });

    expect(price).toBe(0.0456);
    const input = pricing.commandCalls(GetProductsCommand)[0]!.args[0].input;
    expect(input.ServiceCode).toBe("AmazonEC2");
    expect(Object.fromEntries((input.Filters ?? []).map((f) => [f.Field, f.Value]))).toEqual({
      instanceType: "t3.medium",
      regionCode: "eu-west-1",
      operatingSystem: "Linux",
      tenancy: "Shared",
      preInstalledSw: "NA",
      capacitystatus: "Used",
    });
    expect(await pricing.commandCalls(GetProductsCommand)[0]!.thisValue.config.region()).toBe("us-east-1");
  });

  it("asks RDS for the engine and deployment option", async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [item("0.018")] });

    const price = await createPricingService(env).rdsHourly({
      instanceClass: "db.t3.micro",
      region: "eu-west-1",
      engine: "postgres",
      multiAz: false,
    });

    expect(price).toBe(0.018);
    const filters = pricing.commandCalls(GetProductsCommand)[0]!.args[0].input.Filters ?? [];
    expect(Object.fromEntries(filters.map((f) => [f.Field, f.Value]))).toMatchObject({
      instanceType: "db.t3.micro",
      databaseEngine: "PostgreSQL",
      deploymentOption: "Single-AZ",
    });
  });

  it("an empty price list prices from the table", async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [] });
    const resources = [
      {
        address: "aws_instance.web",
        type: "aws_instance",
        name: "web",
        providerName: "aws",
        values: { instance_type: "t3.medium" },
      },
    ];

    const estimate = await estimatePlanCost(resources, {
      region: "us-east-1",
      pricing: "api",
      service: createPricingService(env),
    });

    expect(estimate.lines[0]).toMatchObject({ price_source: "table", monthly: 31.01 });
  });

  it("access denied falls back to the table with a warning", async () => {
    pricing.on(GetProductsCommand).rejects(
      Object.assign(new Error("User is not authorized to perform pricing:GetProducts"), {
        name: "AccessDeniedException",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const resources = [
      {
        address: "aws_instance.web",
        type: "aws_instance",
        name: "web",
        providerName: "aws",
        values: { instance_type: "t3.medium" },
      },
    ];

    const estimate = await estimatePlanCost(resources, {
      region: "us-east-1",
      pricing: "api",
      service: createPricingService(env),
    });

    expect(estimate.pricing).toBe("table");
    expect(estimate.monthly_total).toBe(31.01);
    expect(estimate.warnings[0]).toMatch(
      /^the AWS Pricing API failed \(pricing:GetProducts failed in "test": AccessDeniedException: .*\): the price table was used$/,
    );
  });
});
