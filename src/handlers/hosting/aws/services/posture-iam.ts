// The IAM part of the AWS posture service: customer-managed policy documents, the inline and attached
// policies of the project's roles, every user's access keys and the password policy (account-wide by nature).
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import type {
  AccessKeyFact,
  PasswordPolicyFact,
  PolicyFact,
  PostureService,
  RolePolicies,
} from "../../../../core/services/posture.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { lazyClient, mapLimit, parsePolicyDocument, unlessAbsent } from "./posture-util.js";
import { loadSdk } from "../sdk/load.js";

const NO_ENTITY = ["NoSuchEntity", "NoSuchEntityException"];
const AWS_MANAGED = /^arn:aws[\w-]*:iam::aws:policy\//;

export function iamPosture(
  env: ResolvedEnvironment,
): Pick<PostureService, "managedPolicies" | "rolePolicies" | "accessKeys" | "passwordPolicy"> {
  const iam = lazyClient(
    () => loadSdk("iam"),
    (sdk) => new sdk.IAMClient(clientConfig(env)),
  );

  async function managedPolicy(arn: string): Promise<PolicyFact | undefined> {
    const { sdk, client } = await iam();
    const policy = await unlessAbsent(NO_ENTITY, () =>
      call("iam:GetPolicy", env, () => client.send(new sdk.GetPolicyCommand({ PolicyArn: arn }))),
    );
    const versionId = policy?.Policy?.DefaultVersionId;
    if (versionId === undefined) return undefined;
    const version = await call("iam:GetPolicyVersion", env, () =>
      client.send(new sdk.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })),
    );
    return {
      kind: "managed",
      name: policy?.Policy?.PolicyName ?? arn,
      arn,
      document: parsePolicyDocument(version.PolicyVersion?.Document),
    };
  }

  async function ofRole(role: string): Promise<RolePolicies> {
    const { sdk, client } = await iam();
    const names = await unlessAbsent(NO_ENTITY, () =>
      call("iam:ListRolePolicies", env, async () => {
        const all: string[] = [];
        for await (const page of sdk.paginateListRolePolicies({ client }, { RoleName: role }))
          all.push(...(page.PolicyNames ?? []));
        return all;
      }),
    );
    if (names === undefined) return { inline: [], attachedArns: [], missingRoles: [role] };
    const inline = await mapLimit(names, 4, async (name) => {
      const answer = await call("iam:GetRolePolicy", env, () =>
        client.send(new sdk.GetRolePolicyCommand({ RoleName: role, PolicyName: name })),
      );
      return { kind: "inline", name, role, document: parsePolicyDocument(answer.PolicyDocument) } satisfies PolicyFact;
    });
    const attachedArns = await call("iam:ListAttachedRolePolicies", env, async () => {
      const all: string[] = [];
      for await (const page of sdk.paginateListAttachedRolePolicies({ client }, { RoleName: role })) {
        for (const attached of page.AttachedPolicies ?? [])
          if (attached.PolicyArn !== undefined && !AWS_MANAGED.test(attached.PolicyArn)) all.push(attached.PolicyArn);
      }
      return all;
    });
    return { inline, attachedArns, missingRoles: [] };
  }

  return {
    async managedPolicies(arns) {
      const found = await mapLimit([...new Set(arns)], 4, managedPolicy);
      return found.filter((policy): policy is PolicyFact => policy !== undefined);
    },

    async rolePolicies(roleNames) {
      const parts = await mapLimit([...new Set(roleNames)], 4, ofRole);
      return {
        inline: parts.flatMap((part) => part.inline),
        attachedArns: [...new Set(parts.flatMap((part) => part.attachedArns))],
        missingRoles: parts.flatMap((part) => part.missingRoles),
      };
    },

    async accessKeys() {
      const { sdk, client } = await iam();
      const users = await call("iam:ListUsers", env, async () => {
        const all: string[] = [];
        for await (const page of sdk.paginateListUsers({ client }, {}))
          for (const user of page.Users ?? []) if (user.UserName !== undefined) all.push(user.UserName);
        return all;
      });
      const perUser = await mapLimit(users, 4, (user) =>
        call("iam:ListAccessKeys", env, async () => {
          const keys: AccessKeyFact[] = [];
          for await (const page of sdk.paginateListAccessKeys({ client }, { UserName: user })) {
            for (const key of page.AccessKeyMetadata ?? []) {
              if (key.AccessKeyId === undefined) continue;
              keys.push({
                user,
                keyId: key.AccessKeyId,
                status: key.Status ?? "Active",
                ...(key.CreateDate === undefined ? {} : { created: key.CreateDate.toISOString() }),
              });
            }
          }
          return keys;
        }),
      );
      return perUser.flat();
    },

    async passwordPolicy() {
      const { sdk, client } = await iam();
      const answer = await unlessAbsent(NO_ENTITY, () =>
        call("iam:GetAccountPasswordPolicy", env, () => client.send(new sdk.GetAccountPasswordPolicyCommand({}))),
      );
      const policy = answer?.PasswordPolicy;
      if (policy === undefined) return undefined;
      return {
        minimumLength: policy.MinimumPasswordLength ?? 6,
        requireSymbols: policy.RequireSymbols === true,
        requireNumbers: policy.RequireNumbers === true,
        requireUppercase: policy.RequireUppercaseCharacters === true,
        requireLowercase: policy.RequireLowercaseCharacters === true,
        ...(policy.ExpirePasswords === true && policy.MaxPasswordAge !== undefined
          ? { maxAgeDays: policy.MaxPasswordAge }
          : {}),
        ...(policy.PasswordReusePrevention === undefined ? {} : { reusePrevention: policy.PasswordReusePrevention }),
      } satisfies PasswordPolicyFact;
    },
  };
}
