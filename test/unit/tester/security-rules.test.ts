import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StateResource } from "../../../src/core/handler-contract.js";
import { plannedResourcesOf } from "../../../src/handlers/iac/terraform/index.js";
import {
  ALL_RULES,
  builtinScanner,
  PROVIDER_RULES,
  scanProviders,
  scanResources,
  SECURITY_RULES,
} from "../../../src/skills/infra/tester/builtin-scanner.js";
import { summarisePlan } from "../../../src/handlers/iac/terraform/summary.js";
import { PlanJson } from "../../../src/handlers/iac/terraform/schema.js";
import { actionMatches } from "../../../src/skills/infra/tester/security-rules-iam.js";
import { secretLooking } from "../../../src/skills/infra/tester/security-rules-compute.js";
import { companionsOf, worldIngress } from "../../../src/skills/infra/tester/security-rules.js";
import { createContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures/plans/security");

interface RuleFixture {
  fail: unknown;
  pass: unknown;
}

const fixtureOf = (id: string): RuleFixture =>
  JSON.parse(readFileSync(join(FIXTURES, `${id}.json`), "utf8")) as RuleFixture;
const providerFindings = (plan: unknown) => scanProviders(summarisePlan(PlanJson.parse(plan)).literalCredentials ?? []);
const rulesFired = (plan: unknown): string[] => [
  ...new Set([...scanResources(plannedResourcesOf(plan)), ...providerFindings(plan)].map((f) => f.rule)),
];

const resource = (
  type: string,
  values: Record<string, unknown>,
  extra: Partial<StateResource> = {},
): StateResource => ({
  address: `${extra.module === undefined ? "" : `${extra.module}.`}${type}.${extra.name ?? "r"}`,
  type,
  name: extra.name ?? "r",
  providerName: "registry.terraform.io/hashicorp/aws",
  values,
  ...extra,
});

describe("the built-in rule set", () => {
  it("has at least 30 rules with unique ids, a title, a remediation and resource types", () => {
    const ids = SECURITY_RULES.map((rule) => rule.id);

    expect(SECURITY_RULES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of SECURITY_RULES) {
      expect(rule.id).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule.remediation.length).toBeGreaterThan(0);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      expect(["critical", "high", "medium", "low"]).toContain(rule.severity);
      expect(["security", "configuration", "compliance"]).toContain(rule.category);
    }
  });

  it("has a fixture for every rule, and no fixture without a rule", () => {
    const missing = ALL_RULES.map((rule) => rule.id).filter((id) => !existsSync(join(FIXTURES, `${id}.json`)));
    const orphans = readdirSync(FIXTURES)
      .filter((file) => file.endsWith(".json"))
      .map((file) => file.replace(/\.json$/, ""))
      .filter((id) => !ALL_RULES.some((rule) => rule.id === id));

    expect(missing).toEqual([]);
    expect(orphans).toEqual([]);
  });
});

describe.each(ALL_RULES.map((rule) => [rule.id, rule] as const))("%s", (id) => {
  it("fires on its failing plan", () => {
    const fixture = fixtureOf(id);

    expect(rulesFired(fixture.fail)).toContain(id);
  });

  it("stays silent on its passing plan", () => {
    const fixture = fixtureOf(id);

    expect(rulesFired(fixture.pass)).not.toContain(id);
  });
});

describe("scanResources", () => {
  it("orders findings by severity, then address, then rule", () => {
    const resources = [
      ...plannedResourcesOf(fixtureOf("S3_ENCRYPTION_MISSING").fail),
      ...plannedResourcesOf(fixtureOf("SG_OPEN_ALL_PORTS").fail),
      ...plannedResourcesOf(fixtureOf("LOG_GROUP_NO_KMS").fail),
    ];

    const findings = scanResources(resources);
    const ranks = findings.map((f) => ["critical", "high", "medium", "low"].indexOf(f.severity));

    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(findings[0]).toMatchObject({
      rule: "SG_OPEN_ALL_PORTS",
      scanner: "builtin",
      severity: "critical",
      category: "security",
      resourceType: "aws_vpc_security_group_ingress_rule",
    });
    expect(scanResources([...resources].reverse())).toEqual(findings);
  });

  it("never crashes on resources whose values are missing, null or of the wrong shape", () => {
    const types = [...new Set(SECURITY_RULES.flatMap((rule) => rule.resourceTypes))];
    const odd: Record<string, unknown>[] = [
      {},
      { policy: null, ingress: null, acl: 7 },
      { ingress: [null, "x", { cidr_blocks: "0.0.0.0/0" }], policy: "{not json", environment: [{ variables: null }] },
    ];

    const scan = () => scanResources(types.flatMap((type) => odd.map((values) => resource(type, values))));

    expect(scan).not.toThrow();
  });

  it("says nothing about attributes that are unknown until apply", () => {
    const unknown = [
      resource("aws_db_instance", { engine: "postgres" }),
      resource("aws_ebs_volume", { size: 20 }),
      resource("aws_elasticache_replication_group", { description: "cache" }),
      resource("aws_s3_bucket_policy", { bucket: "b" }),
      resource("aws_iam_role", { name: "r" }),
    ];

    expect(scanResources(unknown)).toEqual([]);
  });

  it("scans a 50-resource plan in well under 50 ms", () => {
    const ids = SECURITY_RULES.map((rule) => rule.id);
    const resources = ids.flatMap((id) => plannedResourcesOf(fixtureOf(id).fail)).slice(0, 50);
    scanResources(resources);

    const started = performance.now();
    scanResources(resources);
    const elapsed = performance.now() - started;

    expect(resources).toHaveLength(50);
    expect(elapsed).toBeLessThan(50);
  });

  it("is what the builtin scanner returns, and the builtin scanner is always available", async () => {
    const ctx = createContext({ cwd: "/", env: {}, io: new MemoryIoHost() });
    const resources = plannedResourcesOf(fixtureOf("S3_PUBLIC_ACL").fail);

    expect(await builtinScanner.available(ctx)).toBe(true);
    expect(await builtinScanner.scan(ctx, { resources, directory: "/" })).toEqual(scanResources(resources));
  });
});

describe("companion resources (provider v5 split bucket settings)", () => {
  const bucket = resource("aws_s3_bucket", { bucket: "acme-data" }, { name: "data", module: "module.storage" });

  it.each([
    ["names the bucket by value", { bucket: "acme-data" }, "module.other", true],
    ["names another bucket", { bucket: "acme-other" }, "module.storage", false],
    ["has an unknown bucket, in the same module", {}, "module.storage", true],
    ["has an unknown bucket, in another module", {}, undefined, false],
  ])("a companion that %s belongs to the bucket: %s", (_what, values, module, belongs) => {
    const companion = resource("aws_s3_bucket_versioning", values, module === undefined ? {} : { module });

    expect(
      companionsOf(bucket, [bucket, companion], "aws_s3_bucket_versioning", "bucket", ["bucket", "id"]).length > 0,
    ).toBe(belongs);
  });

  it("matches a public access block to its bucket by name when the name is known", () => {
    const findings = scanResources(plannedResourcesOf(fixtureOf("S3_PUBLIC_ACCESS_BLOCK_MISSING").fail)).filter(
      (f) => f.rule === "S3_PUBLIC_ACCESS_BLOCK_MISSING",
    );

    expect(findings.map((f) => f.address)).toEqual(["aws_s3_bucket.uploads"]);
  });

  it("reports a bucket whose versioning companion sits in another module", () => {
    const companion = resource("aws_s3_bucket_versioning", { versioning_configuration: [{ status: "Enabled" }] });

    expect(scanResources([bucket, companion]).map((f) => f.rule)).toContain("S3_VERSIONING_DISABLED");
  });
});

describe("security group ingress", () => {
  it.each([
    [
      "inline ingress block",
      resource("aws_security_group", {
        ingress: [{ protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"], ipv6_cidr_blocks: [] }],
      }),
      1,
    ],
    [
      "security_group_rule of type egress",
      resource("aws_security_group_rule", {
        type: "egress",
        protocol: "-1",
        from_port: 0,
        to_port: 0,
        cidr_blocks: ["0.0.0.0/0"],
      }),
      0,
    ],
    [
      "vpc ingress rule from a private range",
      resource("aws_vpc_security_group_ingress_rule", {
        ip_protocol: "tcp",
        from_port: 22,
        to_port: 22,
        cidr_ipv4: "10.0.0.0/8",
      }),
      0,
    ],
    [
      "ICMP from anywhere",
      resource("aws_vpc_security_group_ingress_rule", {
        ip_protocol: "icmp",
        from_port: -1,
        to_port: -1,
        cidr_ipv4: "0.0.0.0/0",
      }),
      0,
    ],
  ])("reads %s", (_what, sg, count) => {
    expect(worldIngress(sg)).toHaveLength(count);
  });

  it("reports a port range covering SSH and MySQL under both rules", () => {
    const wide = resource("aws_security_group_rule", {
      type: "ingress",
      protocol: "tcp",
      from_port: 20,
      to_port: 4000,
      cidr_blocks: ["0.0.0.0/0"],
    });

    expect(
      scanResources([wide])
        .map((f) => f.rule)
        .sort(),
    ).toEqual(["SG_OPEN_DATABASE_PORT", "SG_OPEN_RDP", "SG_OPEN_SSH"]);
  });
});

describe("rule helpers", () => {
  it.each([
    ["iam:PassRole", "iam:PassRole", true],
    ["iam:Pass*", "iam:PassRole", true],
    ["IAM:passrole", "iam:PassRole", true],
    ["iam:Get*", "iam:PassRole", false],
  ])("IAM action pattern %s matches %s: %s", (pattern, action, matches) => {
    expect(actionMatches(pattern, action)).toBe(matches);
  });

  it.each([
    ["DB_PASSWORD", "s3cr3t-value", true],
    ["API_KEY", "abc123", true],
    ["DB_PASSWORD_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:x", false],
    ["TOKEN_URL", "https://auth.example.com/token", false],
    ["JWT_SECRET", "", false],
    ["SECRET_PARAM", "/acme/prod/secret", false],
    ["PORT", "8080", false],
  ])("environment variable %s=%s looks like a plain secret: %s", (name, value, secret) => {
    expect(secretLooking(name, value)).toBe(secret);
  });

  it("never repeats a secret's value in a finding", () => {
    const findings = scanResources(plannedResourcesOf(fixtureOf("ENV_PLAINTEXT_SECRET").fail));

    expect(JSON.stringify(findings)).not.toContain("hunter2");
    expect(JSON.stringify(findings)).not.toContain("sk_test_");
  });
});

describe("literal credentials in the provider block", () => {
  it("names each provider block and attribute written as a literal, never the value", () => {
    const fixture = fixtureOf("PROVIDER_LITERAL_CREDENTIALS");

    const findings = providerFindings(fixture.fail);

    expect(findings.map((f) => [f.address, f.message])).toEqual([
      ["provider.aws", 'provider "aws" sets access_key, secret_key to a literal value in the code'],
      ["provider.aws.west", 'provider "aws.west" sets token to a literal value in the code'],
    ]);
    expect(JSON.stringify(findings)).not.toMatch(/AKIA|wJalr|FwoGZX/);
    expect(PROVIDER_RULES.map((rule) => rule.severity)).toEqual(["critical"]);
  });

  it("reaches the scanner through the plan summary", async () => {
    const summary = summarisePlan(PlanJson.parse(fixtureOf("PROVIDER_LITERAL_CREDENTIALS").fail));
    const ctx = createContext({ cwd: "/", env: {}, io: new MemoryIoHost() });

    const findings = await builtinScanner.scan(ctx, {
      resources: [],
      directory: ".",
      providers: summary.literalCredentials ?? [],
    });

    expect(findings.map((f) => f.rule)).toEqual(["PROVIDER_LITERAL_CREDENTIALS", "PROVIDER_LITERAL_CREDENTIALS"]);
  });
});
