import { describe, expect, it } from "vitest";

import { redactDeep, redactText } from "../../../src/core/redact.js";

// Token prefixes are split so secret scanners don't flag this file; the values are AWS documentation examples.
const ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SESSION_KEY_ID = "ASIAIOSFODNN7EXAMPLE";
const SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDEXAMPLE+token/value==";
const GITHUB_TOKEN = `${"ghp"}_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R`;
const GITHUB_PAT = `${"github"}_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ`;
const SLACK_TOKEN = `${"xox"}b-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx`;
const STRIPE_SECRET_KEY = `${"sk"}_live_4eC39HqLyjWDarjtT1zdp7dc`;
const STRIPE_TEST_KEY = `${"sk"}_test_51H8xYzAbCdEfGhIjKlMnOp`;
const STRIPE_RESTRICTED_KEY = `${"rk"}_live_51H8xYzAbCdEfGhIjKlMnOpQr`;
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";

describe("redactText", () => {
  describe("redacts", () => {
    it.each([
      ["an access key id", `key ${ACCESS_KEY_ID} used`, "key AKIA[REDACTED] used"],
      ["a temporary access key id", `"${SESSION_KEY_ID}"`, '"ASIA[REDACTED]"'],
      ["a role unique id", "AROAJ2UCCR6DPEXAMPLE", "AROA[REDACTED]"],
      [
        "an access key id in a SigV4 credential",
        `Credential=${ACCESS_KEY_ID}/20261124/us-east-1/sts/aws4_request`,
        "Credential=AKIA[REDACTED]/20261124/us-east-1/sts/aws4_request",
      ],
      [
        "aws_secret_access_key = value",
        `aws_secret_access_key = ${SECRET_ACCESS_KEY}`,
        "aws_secret_access_key = [REDACTED]",
      ],
      ["SecretAccessKey: value", `SecretAccessKey: ${SECRET_ACCESS_KEY}`, "SecretAccessKey: [REDACTED]"],
      ["a JSON secretAccessKey", `{"secretAccessKey":"${SECRET_ACCESS_KEY}"}`, '{"secretAccessKey":"[REDACTED]"}'],
      ["AWS_SECRET_ACCESS_KEY=value", `AWS_SECRET_ACCESS_KEY=${SECRET_ACCESS_KEY}`, "AWS_SECRET_ACCESS_KEY=[REDACTED]"],
      ["aws_session_token = value", `aws_session_token = ${SESSION_TOKEN}`, "aws_session_token = [REDACTED]"],
      ["SessionToken: value", `SessionToken: ${SESSION_TOKEN}`, "SessionToken: [REDACTED]"],
      [
        "a presigned URL security token",
        `https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${encodeURIComponent(SESSION_TOKEN)}&X-Amz-Expires=300`,
        "https://b.s3.amazonaws.com/k?X-Amz-Security-Token=[REDACTED]&X-Amz-Expires=300",
      ],
      ["a bearer authorization header", "Authorization: Bearer abc.def-123", "Authorization: Bearer [REDACTED]"],
      ["a basic authorization header", "authorization: Basic dXNlcjpwYXNz", "authorization: Basic [REDACTED]"],
      [
        "a curl authorization header",
        "curl -H 'Authorization: Bearer s3cr3t' https://api",
        "curl -H 'Authorization: Bearer [REDACTED]' https://api",
      ],
      ["a JSON authorization header", '{"Authorization": "Token abc123"}', '{"Authorization": "Token [REDACTED]"}'],
      ["password=value", "password=hunter2", "password=[REDACTED]"],
      ["PASSWORD: value", "PASSWORD: hunter2", "PASSWORD: [REDACTED]"],
      ["a JSON password", '{"password": "hunter 2"}', '{"password": "[REDACTED]"}'],
      ["a JSON password with escaped quotes", String.raw`{"password":"a\"b"}`, '{"password":"[REDACTED]"}'],
      [
        "escaped JSON inside a string",
        String.raw`"body": "{\"password\":\"hunter2\"}"`,
        String.raw`"body": "{\"password\":\"[REDACTED]\"}"`,
      ],
      ["a Python dict password", "{'password': 'hunter2'}", "{'password': '[REDACTED]'}"],
      ["a prefixed password key", "MASTER_PASSWORD=hunter2 next=1", "MASTER_PASSWORD=[REDACTED] next=1"],
      ["passwd", "passwd: hunter2", "passwd: [REDACTED]"],
      [
        "client_secret",
        "client_secret=abc123&grant_type=client_credentials",
        "client_secret=[REDACTED]&grant_type=client_credentials",
      ],
      ["secret", 'secret = "s3cr3t"', 'secret = "[REDACTED]"'],
      ["api_key", "api_key: abc123", "api_key: [REDACTED]"],
      ["apikey", "apikey=abc123", "apikey=[REDACTED]"],
      ["X-Api-Key header", "X-Api-Key: abc123", "X-Api-Key: [REDACTED]"],
      ["token", "token=abc123", "token=[REDACTED]"],
      ["GITHUB_TOKEN", `export GITHUB_TOKEN=${GITHUB_TOKEN}`, "export GITHUB_TOKEN=[REDACTED]"],
      ["a Ruby hash token", 'token => "abc"', 'token => "[REDACTED]"'],
      ["a Terraform plan value", '+ password = "hunter2"', '+ password = "[REDACTED]"'],
      [
        "URL credentials",
        "https://deploy:hunter2@git.example.com/repo.git",
        "https://deploy:[REDACTED]@git.example.com/repo.git",
      ],
      [
        "database URL credentials",
        "DATABASE_URL=postgres://app:p%40ss@db:5432/shop",
        "DATABASE_URL=postgres://app:[REDACTED]@db:5432/shop",
      ],
      ["a GitHub token", `remote: ${GITHUB_TOKEN}`, "remote: ghp_[REDACTED]"],
      ["a GitHub fine-grained token", `using ${GITHUB_PAT}`, "using github_pat_[REDACTED]"],
      ["a Slack token", `SLACK=${SLACK_TOKEN}`, "SLACK=xoxb-[REDACTED]"],
      ["a JSON web token", `id ${JWT} end`, "id [REDACTED] end"],
      ["a bare AWS secret access key", `secret is ${SECRET_ACCESS_KEY}.`, "secret is [REDACTED]."],
      ["a bare AWS secret access key in quotes", `"${SECRET_ACCESS_KEY}"`, '"[REDACTED]"'],
      [
        "an AWS secret access key after its key id and a colon",
        `${ACCESS_KEY_ID}:${SECRET_ACCESS_KEY}`,
        "AKIA[REDACTED]:[REDACTED]",
      ],
      ["a MySQL password glued to -p", "mysql -uroot -pS3cret shop", "mysql -uroot -p[REDACTED] shop"],
      [
        "a mysqldump password glued to -p",
        'sh -c "mysqldump -h db -pS3cret shop"',
        'sh -c "mysqldump -h db -p[REDACTED] shop"',
      ],
      ["an sshpass password glued to -p", "sshpass -phunter2 ssh host", "sshpass -p[REDACTED] ssh host"],
      ["--password value", "psql --password hunter2 --host db", "psql --password [REDACTED] --host db"],
      ["--password=value", "app --password=hunter2 --verbose", "app --password=[REDACTED] --verbose"],
      ["a quoted --password value", "app --password 'hunter 2'", "app --password '[REDACTED]'"],
      ["--db-token value", "run --db-token abc123", "run --db-token [REDACTED]"],
      ["-secret value", "tool -secret abc123", "tool -secret [REDACTED]"],
      [
        "a JSON-escaped = after a password key",
        String.raw`password\u003dhunter2`,
        String.raw`password\u003d[REDACTED]`,
      ],
      [
        "a JSON-escaped = inside query parameters",
        String.raw`"url":"db?password\u003dhunter2\u0026ssl\u003dtrue"`,
        String.raw`"url":"db?password\u003d[REDACTED]\u0026ssl\u003dtrue"`,
      ],
      ["a JSON-escaped : after a token key", String.raw`token\u003aabc123`, String.raw`token\u003a[REDACTED]`],
      ["a Stripe live secret key", `key ${STRIPE_SECRET_KEY} used`, "key sk_live_[REDACTED] used"],
      ["a Stripe test secret key", `"${STRIPE_TEST_KEY}"`, '"sk_test_[REDACTED]"'],
      ["a Stripe restricted key", `STRIPE=${STRIPE_RESTRICTED_KEY}`, "STRIPE=rk_live_[REDACTED]"],
      ["a password with a ; in it", "Password=abc;def", "Password=[REDACTED]"],
      [
        "a password with a ; inside a connection string",
        "Server=db;User Id=app;Password=abc;def;Database=shop",
        "Server=db;User Id=app;Password=[REDACTED];Database=shop",
      ],
      [
        "a password before the next connection string key",
        "Server=db;Password=abc;Database=shop",
        "Server=db;Password=[REDACTED];Database=shop",
      ],
      ["a password followed by ; and prose", "password=abc; then retry", "password=[REDACTED]; then retry"],
      [
        "a Terraform precondition error_message carrying a connection string",
        "Resource precondition failed: bad connection string Server=db;Password=abc;def (main.tf:9)",
        "Resource precondition failed: bad connection string Server=db;Password=[REDACTED] (main.tf:9)",
      ],
      [
        "a Terraform precondition error_message carrying a bare secret key",
        `Resource precondition failed: key ${SECRET_ACCESS_KEY} has no rotation tag`,
        "Resource precondition failed: key [REDACTED] has no rotation tag",
      ],
    ])("%s", (_label, text, expected) => {
      const redacted = redactText(text);

      expect(redacted).toBe(expected);
    });
  });

  describe("leaves alone", () => {
    it.each([
      ["an IAM ARN", "arn:aws:iam::123456789012:role/x"],
      ["a Secrets Manager ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"],
      ["an account id", "AccountId: 123456789012"],
      ["a request id", "RequestId: 4f6c2a1e-8b3d-4c5e-9f7a-1b2c3d4e5f60"],
      ["a resource name", "aws_s3_bucket.assets: shop-prod-assets"],
      ["a password policy", "update the account password policy to require 14 characters"],
      ["tokenize", "tokenize the input before parsing"],
      ["a token count", "token_count=5 max_tokens: 100"],
      ["a password field that is not a secret", "PasswordLastUsed: 2026-11-20T10:00:00Z"],
      ["an error about a token", "InvalidClientTokenId: The security token included in the request is invalid."],
      ["an empty password", 'password: ""'],
      ["a sensitive Terraform value", "+ password = (sensitive value)"],
      ["an unknown Terraform value", "+ token = (known after apply)"],
      ["Terraform progress on a secret resource", "aws_secretsmanager_secret.api_token: Creating..."],
      ["a URL without a password", "https://user@host.example.com/path"],
      ["a SigV4 authorization header scheme", "Authorization: AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc"],
      ["a short uppercase word after AKIA", "AKIASHORT"],
      ["an empty string", ""],
      ["a git commit hash", "commit 9d27f2c4e1b8a3f0d6c2e5b7a9f1c3d5e7b9a1c3"],
      ["an upper-case hex digest", "ETag: 9D27F2C4E1B8A3F0D6C2E5B7A9F1C3D5E7B9A1C3"],
      ["a sha256 plan hash", "plan_hash: 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b"],
      ["a sha256 image digest", "image@sha256:3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b"],
      ["a provider lock hash", "h1:Vn8XZ2bE6wL3GgQIvZ8E8VZ0q7lJjJ3s2v3bF3a3n0k="],
      ["a base64 sha256 source hash", "source_code_hash: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="],
      ["an ARN with a long resource id", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
      [
        "a CloudFormation stack id",
        "arn:aws:cloudformation:us-east-1:123456789012:stack/shop/51af3dc0-da77-11e4-872e-1234567890ab",
      ],
      ["an instance id and a security group id", "i-0abcd1234efgh5678 sg-0123456789abcdef0"],
      ["a long camel-case name without digits", "ShopProductionApplicationLoadBalancerRoleX"],
      ["a Stripe publishable key", `${"pk"}_live_4eC39HqLyjWDarjtT1zdp7dc`],
      ["a Terraform flag starting with -p", "terraform plan -parallelism=10 -platform=linux_amd64"],
      ["mkdir -p", "mkdir -p /tmp/shop && mysql shop < dump.sql"],
      ["a password flag followed by another flag", "mysql --password --host db"],
      ["--password-file", "app --password-file /run/secrets/db"],
      ["a hyphenated word ending in token", "get-session-token succeeded"],
    ])("%s", (_label, text) => {
      const redacted = redactText(text);

      expect(redacted).toBe(text);
    });
  });

  describe("realistic output", () => {
    it("redacts keys in a Terraform provider error", () => {
      const text = [
        "Error: configuring Terraform AWS Provider: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: 4f6c2a1e-8b3d-4c5e-9f7a-1b2c3d4e5f60, api error InvalidClientTokenId: The security token included in the request is invalid.",
        "",
        '  with provider["registry.terraform.io/hashicorp/aws"],',
        '  on providers.tf line 1, in provider "aws":',
        '   1: provider "aws" {',
        `   2:   access_key = "${ACCESS_KEY_ID}"`,
        `   3:   secret_key = "${SECRET_ACCESS_KEY}"`,
      ].join("\n");

      const redacted = redactText(text);

      expect(redacted).toBe(
        [
          "Error: configuring Terraform AWS Provider: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: 4f6c2a1e-8b3d-4c5e-9f7a-1b2c3d4e5f60, api error InvalidClientTokenId: The security token included in the request is invalid.",
          "",
          '  with provider["registry.terraform.io/hashicorp/aws"],',
          '  on providers.tf line 1, in provider "aws":',
          '   1: provider "aws" {',
          '   2:   access_key = "AKIA[REDACTED]"',
          '   3:   secret_key = "[REDACTED]"',
        ].join("\n"),
      );
    });

    it("redacts a botocore-style credentials dump", () => {
      const text = [
        "2026-11-24 12:00:00,001 - MainThread - botocore.credentials - INFO - Found credentials in shared credentials file: ~/.aws/credentials",
        "[default]",
        `aws_access_key_id = ${SESSION_KEY_ID}`,
        `aws_secret_access_key = ${SECRET_ACCESS_KEY}`,
        `aws_session_token = ${SESSION_TOKEN}`,
        `ReadOnlyCredentials(access_key='${SESSION_KEY_ID}', secret_key='${SECRET_ACCESS_KEY}', token='${SESSION_TOKEN}')`,
      ].join("\n");

      const redacted = redactText(text);

      expect(redacted).toBe(
        [
          "2026-11-24 12:00:00,001 - MainThread - botocore.credentials - INFO - Found credentials in shared credentials file: ~/.aws/credentials",
          "[default]",
          "aws_access_key_id = ASIA[REDACTED]",
          "aws_secret_access_key = [REDACTED]",
          "aws_session_token = [REDACTED]",
          "ReadOnlyCredentials(access_key='ASIA[REDACTED]', secret_key='[REDACTED]', token='[REDACTED]')",
        ].join("\n"),
      );
    });

    it("redacts an STS JSON response but keeps its shape", () => {
      const text = JSON.stringify(
        {
          Credentials: {
            AccessKeyId: SESSION_KEY_ID,
            SecretAccessKey: SECRET_ACCESS_KEY,
            SessionToken: SESSION_TOKEN,
            Expiration: "2026-11-24T13:00:00Z",
          },
          AssumedRoleUser: {
            Arn: "arn:aws:sts::123456789012:assumed-role/deploy/ci",
            AssumedRoleId: "AROAJ2UCCR6DPEXAMPLE:ci",
          },
        },
        null,
        2,
      );

      const redacted = JSON.parse(redactText(text)) as unknown;

      expect(redacted).toEqual({
        Credentials: {
          AccessKeyId: "ASIA[REDACTED]",
          SecretAccessKey: "[REDACTED]",
          SessionToken: "[REDACTED]",
          Expiration: "2026-11-24T13:00:00Z",
        },
        AssumedRoleUser: {
          Arn: "arn:aws:sts::123456789012:assumed-role/deploy/ci",
          AssumedRoleId: "AROA[REDACTED]:ci",
        },
      });
    });

    it.each([
      [
        "RSA",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpI\nbase64+moreLines/==\n-----END RSA PRIVATE KEY-----",
      ],
      [
        "PKCS#8",
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----",
      ],
      [
        "OpenSSH",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----",
      ],
    ])("redacts a %s PEM private key block but keeps its armour", (_label, block) => {
      const text = `key follows:\n${block}\nafter`;
      const [begin = ""] = block.split("\n");
      const end = block.split("\n").at(-1) ?? "";

      const redacted = redactText(text);

      expect(redacted).toBe(`key follows:\n${begin}\n[REDACTED]\n${end}\nafter`);
    });

    it("redacts a PEM key truncated before its END line", () => {
      const text = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oGGJ7dT1xY8goAoGCCqGSM49\n";

      const redacted = redactText(text);

      expect(redacted).toBe("-----BEGIN EC PRIVATE KEY-----\n[REDACTED]\n");
    });

    it("redacts a PEM key inside a JSON string", () => {
      const text = JSON.stringify({
        private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\n-----END PRIVATE KEY-----\n",
      });

      const redacted = redactText(text);

      expect(redacted).not.toContain("MIIEvQIBADAN");
      expect(redacted.startsWith('{"private_key":"')).toBe(true);
    });

    it("leaves a public certificate alone", () => {
      const text =
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n-----END CERTIFICATE-----";

      const redacted = redactText(text);

      expect(redacted).toBe(text);
    });
  });

  it("is idempotent", () => {
    const text = [
      `${ACCESS_KEY_ID} password=hunter2 "token": "abc" ${GITHUB_TOKEN} token=${GITHUB_TOKEN} ${SLACK_TOKEN}`,
      "Authorization: Bearer abc https://u:p@h -----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----",
    ].join("\n");

    const once = redactText(text);
    const twice = redactText(once);

    expect(twice).toBe(once);
    expect(once).toContain("token=[REDACTED]");
  });

  it.each([
    ["dotted words", "a.".repeat(100_000)],
    ["scheme-like words", "a.b".repeat(50_000)],
    ["unterminated URL credentials", `https://${"a:".repeat(50_000)}`],
    ["secret-word identifiers without a value", "password_".repeat(20_000)],
    ["keys without values", "password: ".repeat(20_000)],
    ["unterminated quoted values", `password="${"\\x".repeat(50_000)}`],
    ["unterminated PEM blocks", "-----BEGIN RSA PRIVATE KEY-----\n".repeat(10_000)],
    ["almost-access-keys", "AKIA".repeat(50_000)],
    ["almost-JWTs", `eyJ${"a".repeat(5_000)}.`.repeat(40)],
    ["almost-secret-keys", "Ab1".repeat(100_000)],
    ["connection strings of ; without a key", `password=${"a;".repeat(100_000)}`],
    ["secret flags without values", "--password ".repeat(20_000)],
    ["lines naming mysql", "mysql -p".repeat(30_000)],
  ])("stays fast on hostile input: %s", (_label, text) => {
    const started = performance.now();

    redactText(text);

    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("redactDeep", () => {
  it("redacts secret-named keys and every string, without touching the input", () => {
    const input = {
      db: { host: "db.internal", port: 5432, username: "app", password: "hunter2" },
      aws: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, sessionToken: SESSION_TOKEN },
      snake: { aws_secret_access_key: "abc", session_token: "def", api_key: "ghi", private_key: "jkl" },
      headers: { Authorization: "Bearer abc", "X-Api-Key": "k", "Content-Type": "application/json" },
      misc: { apiKey: "k1", clientSecret: "s1", githubToken: "t1", PASSWORD: "p1", passwordPolicy: "strict" },
      log: [`connect ${ACCESS_KEY_ID}`, "password=hunter2", "arn:aws:iam::123456789012:role/x"],
    };
    const before = structuredClone(input);

    const output = redactDeep(input);

    expect(output).toEqual({
      db: { host: "db.internal", port: 5432, username: "app", password: "[REDACTED]" },
      aws: { accessKeyId: "AKIA[REDACTED]", secretAccessKey: "[REDACTED]", sessionToken: "[REDACTED]" },
      snake: {
        aws_secret_access_key: "[REDACTED]",
        session_token: "[REDACTED]",
        api_key: "[REDACTED]",
        private_key: "[REDACTED]",
      },
      headers: { Authorization: "[REDACTED]", "X-Api-Key": "[REDACTED]", "Content-Type": "application/json" },
      misc: {
        apiKey: "[REDACTED]",
        clientSecret: "[REDACTED]",
        githubToken: "[REDACTED]",
        PASSWORD: "[REDACTED]",
        passwordPolicy: "strict",
      },
      log: ["connect AKIA[REDACTED]", "password=[REDACTED]", "arn:aws:iam::123456789012:role/x"],
    });
    expect(input).toEqual(before);
    expect(output).not.toBe(input);
  });

  it.each([
    ["an empty string", { password: "" }, { password: "" }],
    ["a number", { token: 42 }, { token: 42 }],
    ["null", { secret: null }, { secret: null }],
    ["a boolean", { apiKey: true }, { apiKey: true }],
    [
      "an object, which is searched instead",
      { secret: { name: "db", password: "x" } },
      { secret: { name: "db", password: "[REDACTED]" } },
    ],
    ["an array, which is searched instead", { tokens: ["token=abc"] }, { tokens: ["token=[REDACTED]"] }],
  ])("keeps a secret-named key whose value is %s", (_label, input, expected) => {
    const output = redactDeep(input);

    expect(output).toEqual(expected);
  });

  it.each([
    ["a string", `key ${ACCESS_KEY_ID}`, "key AKIA[REDACTED]"],
    ["a number", 7, 7],
    ["null", null, null],
    ["undefined", undefined, undefined],
    ["an array", ["password=x", 1], ["password=[REDACTED]", 1]],
  ])("handles %s at the top level", (_label, input, expected) => {
    const output = redactDeep(input);

    expect(output).toEqual(expected);
  });

  it("copies Dates, Maps and Sets", () => {
    const when = new Date("2026-11-24T12:00:00Z");
    const input = {
      when,
      map: new Map([
        ["password", "x"],
        ["note", "token=y"],
      ]),
      set: new Set(["apikey=z"]),
    };

    const output = redactDeep(input);

    expect(output).toEqual({
      when,
      map: new Map([
        ["password", "[REDACTED]"],
        ["note", "token=[REDACTED]"],
      ]),
      set: new Set(["apikey=[REDACTED]"]),
    });
    expect(output.when).not.toBe(when);
  });

  it("survives cycles and keeps shared references shared", () => {
    const shared = { password: "x" };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input.self = input;

    const output = redactDeep(input);

    expect(output.a).toEqual({ password: "[REDACTED]" });
    expect(output.b).toBe(output.a);
    expect(output.self).toBe(output);
  });

  it("copies an own __proto__ key as data, not as a prototype", () => {
    const input = JSON.parse('{"__proto__": {"password": "x"}}') as Record<string, unknown>;

    const output = redactDeep(input);

    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(output, "__proto__")?.value).toEqual({ password: "[REDACTED]" });
  });
});
