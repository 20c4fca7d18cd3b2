// Only the IAM operations the auditor reads, so the bundle keeps just these (imported lazily).
export {
  GetAccountPasswordPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  paginateListAccessKeys,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateListUsers,
} from "@aws-sdk/client-iam";
