import { describe, expect, it } from "vitest";
import type { Grant } from "../../../src/skills/infra/permissions/grant-plan.js";
import {
  checkPolicySize,
  grantPresent,
  mergeGrant,
  MANAGED_POLICY_MAX_CHARS,
  parsePolicy,
  policyHash,
  policySize,
  versionToPrune,
  type PolicyDocument,
} from "../../../src/skills/infra/permissions/policy-document.js";

const STATE: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "TerraformStateAccess",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: "arn:aws:s3:::shop-tf-state/*",
    },
    { Sid: "NoIamUsers", Effect: "Deny", Action: "iam:CreateUser", Resource: "*" },
  ],
};

const s3Grant: Grant = {
  service: "s3",
  sid: "DevopsAutoGrantS3",
  actions: ["s3:PutObject"],
  resources: ["arn:aws:s3:::shop-api-test-*/*", "arn:aws:s3:::shop-api-test-*"],
  scope: "environment",
  notes: [],
};

const statements = (document: PolicyDocument) =>
  Array.isArray(document.Statement) ? document.Statement : [document.Statement];

describe("editing the deploy policy", () => {
  it("adds the grant as a dedicated statement, never into Statement[0]", () => {
    const { document, changed } = mergeGrant(STATE, s3Grant);

    expect(changed).toBe(true);
    expect(statements(document)).toEqual([
      ...statements(STATE),
      {
        Sid: "DevopsAutoGrantS3",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: ["arn:aws:s3:::shop-api-test-*/*", "arn:aws:s3:::shop-api-test-*"],
      },
    ]);
  });

  it("merges later grants of the service into the same statement", () => {
    const first = mergeGrant(STATE, s3Grant).document;

    const { document } = mergeGrant(first, {
      ...s3Grant,
      actions: ["s3:PutBucketPolicy"],
      resources: ["arn:aws:s3:::shop-api-test-*"],
    });

    expect(statements(document).filter((s) => s.Sid === "DevopsAutoGrantS3")).toEqual([
      {
        Sid: "DevopsAutoGrantS3",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:PutBucketPolicy"],
        Resource: ["arn:aws:s3:::shop-api-test-*/*", "arn:aws:s3:::shop-api-test-*"],
      },
    ]);
  });

  it("is idempotent: a grant already present changes nothing", () => {
    const once = mergeGrant(STATE, s3Grant).document;

    const twice = mergeGrant(once, { ...s3Grant, actions: ["S3:putobject"] });

    expect(twice.changed).toBe(false);
    expect(twice.document).toBe(once);
    expect(grantPresent(once, s3Grant)).toBe(true);
  });

  it("never touches the other statements, even ones that grant the same action", () => {
    const { document } = mergeGrant(STATE, s3Grant);

    expect(statements(document).slice(0, 2)).toEqual(statements(STATE));
    expect(statements(document)[0]).toBe(statements(STATE)[0]);
  });

  it("keeps a single-statement document's statement and adds the new one", () => {
    const single: PolicyDocument = {
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" },
    };

    expect(statements(mergeGrant(single, s3Grant).document)).toHaveLength(2);
  });

  it.each([
    ["turned into a Deny", { Effect: "Deny" }],
    ["given a NotResource", { NotResource: "arn:aws:s3:::x" }],
    ["given a Condition", { Condition: { Bool: { "aws:SecureTransport": "true" } } }],
  ])("refuses a dedicated statement that was %s by hand", (_what, edit) => {
    const edited: PolicyDocument = {
      ...STATE,
      Statement: [
        ...statements(STATE),
        { Sid: "DevopsAutoGrantS3", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a"], ...edit },
      ],
    };

    expect(() => mergeGrant(edited, s3Grant)).toThrow(expect.objectContaining({ code: "GRANT_STATEMENT_CONFLICT" }));
  });

  it("keeps iam:PassRole's condition on its own statement", () => {
    const passRole: Grant = {
      ...s3Grant,
      service: "iam",
      sid: "DevopsAutoGrantIamPassRoleToLambda",
      actions: ["iam:PassRole"],
      resources: ["arn:aws:iam::123456789012:role/shop-api-test-*"],
      condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
    };

    const { document } = mergeGrant(mergeGrant(STATE, passRole).document, passRole);

    expect(statements(document).at(-1)).toMatchObject({
      Sid: "DevopsAutoGrantIamPassRoleToLambda",
      Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
    });
  });
});

describe("limits", () => {
  it("counts characters without whitespace", () => {
    expect(policySize('{ "a" :\n\t"b c" }')).toBe(10);
  });

  it("accepts a document at the limit and refuses one over it", () => {
    const at = `"${"x".repeat(MANAGED_POLICY_MAX_CHARS - 2)}"`;

    expect(() => checkPolicySize(at, "arn:aws:iam::123456789012:policy/p")).not.toThrow();
    expect(() => checkPolicySize(`${at}x`, "arn:aws:iam::123456789012:policy/p")).toThrow(
      expect.objectContaining({ code: "POLICY_TOO_LARGE" }),
    );
  });

  it.each([
    [
      "all five exist: the oldest non-default",
      [
        { versionId: "v1", isDefault: true, created: "2026-01-01T00:00:00Z" },
        { versionId: "v2", isDefault: false, created: "2026-02-01T00:00:00Z" },
        { versionId: "v3", isDefault: false, created: "2026-03-01T00:00:00Z" },
        { versionId: "v4", isDefault: false, created: "2026-04-01T00:00:00Z" },
        { versionId: "v5", isDefault: false, created: "2026-05-01T00:00:00Z" },
      ],
      "v2",
    ],
    [
      "the same instant: the lowest version number",
      [
        { versionId: "v10", isDefault: false, created: "2026-01-01T00:00:00Z" },
        { versionId: "v9", isDefault: false, created: "2026-01-01T00:00:00Z" },
        { versionId: "v11", isDefault: true, created: "2026-01-01T00:00:00Z" },
        { versionId: "v12", isDefault: false, created: "2026-01-01T00:00:00Z" },
        { versionId: "v13", isDefault: false, created: "2026-01-01T00:00:00Z" },
      ],
      "v9",
    ],
    [
      "fewer than five: none",
      [
        { versionId: "v1", isDefault: true },
        { versionId: "v2", isDefault: false },
      ],
      undefined,
    ],
  ])("version to delete first, %s", (_what, versions, expected) => {
    expect(versionToPrune(versions)).toBe(expected);
  });
});

describe("reading and hashing", () => {
  it("hashes equal documents equally whatever their key order", () => {
    const reordered = parsePolicy(
      JSON.stringify({
        Statement: statements(STATE).map((s) => Object.fromEntries(Object.entries(s).reverse())),
        Version: "2012-10-17",
      }),
      "test",
    );

    expect(policyHash(reordered)).toBe(policyHash(STATE));
    expect(policyHash(mergeGrant(STATE, s3Grant).document)).not.toBe(policyHash(STATE));
  });

  it("refuses a document that is not a policy", () => {
    expect(() => parsePolicy('{"Version":"2012-10-17"}', "arn v1")).toThrow(
      expect.objectContaining({ code: "POLICY_UNREADABLE" }),
    );
  });
});
