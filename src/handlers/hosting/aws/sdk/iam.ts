// Only the IAM operations the auditor reads, so the bundle keeps just these (imported lazily).
export {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  paginateListAccessKeys,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateListUsers,
} from "@aws-sdk/client-iam";
