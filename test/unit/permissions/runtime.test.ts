import { describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../../src/core/config/resolve.js";
import {
  checkDenial,
  checkDiscoverConfigured,
  checkNotAttachedToDiscover,
  checkPrincipal,
  identityKey,
  principalFromError,
  runtimeGuidance,
  type PrincipalFacts,
} from "../../../src/skills/infra/permissions/runtime.js";

const DEPLOY = "arn:aws:sts::123456789012:assumed-role/shop-api-test-deploy/devops-1700000000";
const DISCOVER = "arn:aws:iam::123456789012:user/iam-admin";
const facts: PrincipalFacts = { deployArn: DEPLOY, discoverArn: DISCOVER, sandbox: false };
const guidance = (role: string | undefined) => `terraform guidance for ${role ?? "(unknown role)"}`;

function refusal(run: () => unknown): { code: string; message: string; suggestion: string } | undefined {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; suggestion: string };
  }
  return undefined;
}

describe("denials a grant cannot fix", () => {
  it.each([
    [
      "explicit deny (text)",
      {},
      "User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::shop-api-test-a with an explicit deny in an identity-based policy",
    ],
    [
      "SCP (text)",
      {},
      "AccessDenied: User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: ec2:RunInstances with an explicit deny in a service control policy",
    ],
    [
      "permissions boundary (text)",
      {},
      "is not authorized to perform: iam:CreateRole because no permissions boundary allows the iam:CreateRole action",
    ],
    ["session policy (text)", {}, "because no session policy allows the s3:GetObject action"],
    ["explicit deny (flag)", { explicitDeny: true }, "AccessDenied"],
    ["SCP (flag)", { serviceControlPolicy: true }, "AccessDenied"],
    ["permissions boundary (flag)", { permissionsBoundary: true }, "AccessDenied"],
  ])("%s is refused with DENIED_BY_POLICY", (_what, flags, text) => {
    expect(refusal(() => checkDenial(flags, text))?.code).toBe("DENIED_BY_POLICY");
  });

  it("names the SCP rather than the generic explicit deny", () => {
    expect(refusal(() => checkDenial({}, "with an explicit deny in a service control policy"))?.message).toContain(
      "service control policy",
    );
  });

  it("an implicit deny passes", () => {
    expect(
      refusal(() =>
        checkDenial(
          {},
          "User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: s3:PutObject because no identity-based policy allows the s3:PutObject action",
        ),
      ),
    ).toBeUndefined();
  });
});

describe("whose permission it is", () => {
  it.each([
    [
      "the deploy role's own session (another session name)",
      "arn:aws:sts::123456789012:assumed-role/shop-api-test-deploy/terraform",
    ],
    ["the deploy role's role ARN", "arn:aws:iam::123456789012:role/shop-api-test-deploy"],
    ["no principal named", undefined],
  ])("%s: the deploy identity, granted", (_what, principal) => {
    expect(
      refusal(() => checkPrincipal({ ...facts, ...(principal === undefined ? {} : { principal }) }, guidance)),
    ).toBeUndefined();
  });

  it.each([
    [
      "a Lambda execution role session",
      "arn:aws:sts::123456789012:assumed-role/shop-api-test-handler-exec/shop-api-test-handler",
      "shop-api-test-handler-exec",
    ],
    ["an ECS task role", "arn:aws:iam::123456789012:role/service/shop-api-test-task", "shop-api-test-task"],
  ])("%s: RUNTIME_PERMISSION with Terraform guidance", (_what, principal, role) => {
    const error = refusal(() => checkPrincipal({ ...facts, principal }, guidance));

    expect(error?.code).toBe("RUNTIME_PERMISSION");
    expect(error?.suggestion).toBe(`terraform guidance for ${role}`);
  });

  it.each([
    "The provided execution role does not have permissions to call CreateNetworkInterface on EC2",
    "ECS was unable to assume the role 'arn:aws:iam::123456789012:role/shop-api-test-task' that was provided for this task",
  ])("error text about a service role is runtime: %s", (sourceError) => {
    expect(refusal(() => checkPrincipal({ ...facts, sourceError }, guidance))?.code).toBe("RUNTIME_PERMISSION");
  });

  it("the principal is read from the error text when not given", () => {
    const sourceError =
      "User: arn:aws:sts::123456789012:assumed-role/shop-api-test-fn-role/shop-api-test-fn is not authorized to perform: s3:GetObject";

    expect(principalFromError(sourceError)).toBe(
      "arn:aws:sts::123456789012:assumed-role/shop-api-test-fn-role/shop-api-test-fn",
    );
    expect(refusal(() => checkPrincipal({ ...facts, sourceError }, guidance))?.code).toBe("RUNTIME_PERMISSION");
  });

  it("the discover identity as the denied principal: GRANT_TO_DISCOVER", () => {
    expect(refusal(() => checkPrincipal({ ...facts, principal: DISCOVER }, guidance))?.code).toBe("GRANT_TO_DISCOVER");
  });

  it("deploy and discover credentials reaching the same identity: GRANT_TO_DISCOVER", () => {
    expect(
      refusal(() =>
        checkPrincipal(
          { ...facts, discoverArn: "arn:aws:sts::123456789012:assumed-role/shop-api-test-deploy/other" },
          guidance,
        ),
      )?.code,
    ).toBe("GRANT_TO_DISCOVER");
  });

  it("in the sandbox every profile is the emulator's one identity, so that alone is not refused", () => {
    const moto = "arn:aws:sts::123456789012:user/moto";

    expect(
      refusal(() => checkPrincipal({ deployArn: moto, discoverArn: moto, sandbox: true, principal: moto }, guidance)),
    ).toBeUndefined();
  });

  it("another user: GRANT_PRINCIPAL_MISMATCH", () => {
    expect(
      refusal(() => checkPrincipal({ ...facts, principal: "arn:aws:iam::123456789012:user/someone-else" }, guidance))
        ?.code,
    ).toBe("GRANT_PRINCIPAL_MISMATCH");
  });

  it.each([
    [{ users: ["iam-admin"], roles: [] }, "GRANT_TO_DISCOVER"],
    [{ users: ["deployer"], roles: ["shop-api-test-deploy"] }, undefined],
  ])("a deploy policy attached to %j: %s", (entities, code) => {
    expect(
      refusal(() =>
        checkNotAttachedToDiscover(DISCOVER, "arn:aws:iam::123456789012:policy/shop-api-test-deploy", entities),
      )?.code,
    ).toBe(code);
  });

  it.each([
    ["arn:aws:sts::123456789012:assumed-role/r/s", "123456789012:role/r"],
    ["arn:aws:iam::123456789012:role/a/b/r", "123456789012:role/r"],
    ["arn:aws:iam::123456789012:user/u", "123456789012:user/u"],
    ["arn:aws:iam::123456789012:root", "123456789012:root"],
  ])("identityKey(%s) = %s", (arn, key) => {
    expect(identityKey(arn)).toBe(key);
  });
});

describe("Terraform guidance for runtime permissions", () => {
  it("is an aws_iam_role_policy on the role with the action and scope", () => {
    const text = runtimeGuidance("s3:GetObject", ["arn:aws:s3:::shop-api-test-*/*"], "shop-api-test-fn-role");

    expect(text).toContain('resource "aws_iam_role_policy"');
    expect(text).toContain('role = "shop-api-test-fn-role"');
    expect(text).toContain('Action = ["s3:GetObject"], Resource = ["arn:aws:s3:::shop-api-test-*/*"]');
    expect(text).not.toContain("aws_lambda_permission");
  });

  it("adds an aws_lambda_permission for invokes", () => {
    expect(runtimeGuidance("lambda:InvokeFunction", [], undefined)).toContain('resource "aws_lambda_permission"');
  });
});

describe("the discover profile", () => {
  const env = (more: Partial<ResolvedEnvironment>) => ({ name: "test", ...more }) as ResolvedEnvironment;

  it("missing outside the sandbox: DISCOVER_PROFILE_MISSING, naming the config key", () => {
    const error = refusal(() => checkDiscoverConfigured(env({ profile: "shop-test" })));

    expect(error?.code).toBe("DISCOVER_PROFILE_MISSING");
    expect(error?.suggestion).toContain("handlers.hosting.aws.profiles.discover");
  });

  it.each([[{ discoverProfile: "shop-iam" }], [{ endpoint: "http://127.0.0.1:5000" }]])("%j is enough", (more) => {
    expect(refusal(() => checkDiscoverConfigured(env(more)))).toBeUndefined();
  });
});
