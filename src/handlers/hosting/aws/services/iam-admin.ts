// AWS implementation of the IAM administration service: reads and versions customer-managed policies
// with the DISCOVER profile's credentials (clientConfig(env, "discover")), never the environment's.
import { ProviderError } from "../../../../core/errors.js";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import type { IamAdminService, PolicyRef } from "../../../../core/services/iam-admin.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { loadSdk } from "../sdk/load.js";
import { lazyClient } from "./shared.js";
import { parsePolicyDocument, unlessAbsent } from "./posture-util.js";

const NO_ENTITY = ["NoSuchEntity", "NoSuchEntityException"];
const AWS_MANAGED = /^arn:aws[\w-]*:iam::aws:policy\//;

/** The IAM user or role behind an IAM or STS ARN (an assumed role's session is its role). */
export function identityEntity(arn: string): { kind: "user" | "role"; name: string } | undefined {
  const assumed = /^arn:[\w-]+:sts::\d{12}:assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (assumed !== null) return { kind: "role", name: assumed[1]! };
  const iam = /^arn:[\w-]+:iam::\d{12}:(user|role)\/(?:[^/]+\/)*([^/]+)$/.exec(arn);
  return iam === null ? undefined : { kind: iam[1] as "user" | "role", name: iam[2]! };
}

export function createIamAdminService(env: ResolvedEnvironment): IamAdminService {
  const iam = lazyClient(
    () => loadSdk("iam-admin"),
    (sdk) => new sdk.IAMClient(clientConfig(env, "discover")),
  );

  return {
    service: "iamAdmin",

    async discoverIdentity() {
      const { sdk } = await iam();
      const client = new sdk.STSClient(clientConfig(env, "discover"));
      try {
        const answer = await call("sts:GetCallerIdentity (discover profile)", env, () =>
          client.send(new sdk.GetCallerIdentityCommand({})),
        );
        if (answer.Account === undefined || answer.Arn === undefined)
          throw new ProviderError(
            "AWS_IDENTITY_UNKNOWN",
            "STS GetCallerIdentity returned no account for the discover profile",
          );
        return { account: answer.Account, arn: answer.Arn, userId: answer.UserId ?? "" };
      } finally {
        client.destroy();
      }
    },

    async getPolicy(arn) {
      const { sdk, client } = await iam();
      const answer = await unlessAbsent(NO_ENTITY, () =>
        call("iam:GetPolicy", env, () => client.send(new sdk.GetPolicyCommand({ PolicyArn: arn }))),
      );
      const policy = answer?.Policy;
      if (policy?.Arn === undefined || policy.DefaultVersionId === undefined) return undefined;
      return {
        arn: policy.Arn,
        name: policy.PolicyName ?? arn.split("/").pop()!,
        defaultVersionId: policy.DefaultVersionId,
        ...(policy.AttachmentCount === undefined ? {} : { attachmentCount: policy.AttachmentCount }),
      };
    },

    async findPoliciesByName(name) {
      const { sdk, client } = await iam();
      return call("iam:ListPolicies", env, async () => {
        const found: PolicyRef[] = [];
        for await (const page of sdk.paginateListPolicies({ client }, { Scope: "Local" })) {
          for (const policy of page.Policies ?? [])
            if (policy.PolicyName === name && policy.Arn !== undefined) found.push({ arn: policy.Arn, name });
        }
        return found;
      });
    },

    async attachedPolicies(identityArn) {
      const entity = identityEntity(identityArn);
      if (entity === undefined) return [];
      const { sdk, client } = await iam();
      const found = await unlessAbsent(NO_ENTITY, () =>
        call(
          entity.kind === "user" ? "iam:ListAttachedUserPolicies" : "iam:ListAttachedRolePolicies",
          env,
          async () => {
            const all: PolicyRef[] = [];
            const pages =
              entity.kind === "user"
                ? sdk.paginateListAttachedUserPolicies({ client }, { UserName: entity.name })
                : sdk.paginateListAttachedRolePolicies({ client }, { RoleName: entity.name });
            for await (const page of pages) {
              for (const attached of page.AttachedPolicies ?? []) {
                if (attached.PolicyArn !== undefined && !AWS_MANAGED.test(attached.PolicyArn))
                  all.push({ arn: attached.PolicyArn, name: attached.PolicyName ?? attached.PolicyArn });
              }
            }
            return all;
          },
        ),
      );
      return found ?? [];
    },

    async policyEntities(arn) {
      const { sdk, client } = await iam();
      return call("iam:ListEntitiesForPolicy", env, async () => {
        const entities = { users: [] as string[], roles: [] as string[], groups: [] as string[] };
        for await (const page of sdk.paginateListEntitiesForPolicy({ client }, { PolicyArn: arn })) {
          for (const user of page.PolicyUsers ?? [])
            if (user.UserName !== undefined) entities.users.push(user.UserName);
          for (const role of page.PolicyRoles ?? [])
            if (role.RoleName !== undefined) entities.roles.push(role.RoleName);
          for (const group of page.PolicyGroups ?? [])
            if (group.GroupName !== undefined) entities.groups.push(group.GroupName);
        }
        return entities;
      });
    },

    async policyDocument(arn, versionId) {
      const { sdk, client } = await iam();
      const answer = await call("iam:GetPolicyVersion", env, () =>
        client.send(new sdk.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })),
      );
      const document = parsePolicyDocument(answer.PolicyVersion?.Document);
      if (document === undefined)
        throw new ProviderError(
          "AWS_BAD_RESPONSE",
          `iam:GetPolicyVersion returned no readable document for ${arn} ${versionId}`,
        );
      return JSON.stringify(document);
    },

    async listPolicyVersions(arn) {
      const { sdk, client } = await iam();
      const answer = await call("iam:ListPolicyVersions", env, () =>
        client.send(new sdk.ListPolicyVersionsCommand({ PolicyArn: arn })),
      );
      return (answer.Versions ?? [])
        .filter((version) => version.VersionId !== undefined)
        .map((version) => ({
          versionId: version.VersionId!,
          isDefault: version.IsDefaultVersion ?? false,
          ...(version.CreateDate === undefined ? {} : { created: version.CreateDate.toISOString() }),
        }));
    },

    async deletePolicyVersion(arn, versionId) {
      const { sdk, client } = await iam();
      await call("iam:DeletePolicyVersion", env, () =>
        client.send(new sdk.DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })),
      );
    },

    async createDefaultPolicyVersion(arn, document) {
      const { sdk, client } = await iam();
      const answer = await call("iam:CreatePolicyVersion", env, () =>
        client.send(
          new sdk.CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: document, SetAsDefault: true }),
        ),
      );
      const versionId = answer.PolicyVersion?.VersionId;
      if (versionId === undefined)
        throw new ProviderError("AWS_BAD_RESPONSE", `iam:CreatePolicyVersion returned no version id for ${arn}`);
      return versionId;
    },
  };
}
