// Only the IAM and STS operations the permission manager uses to extend the deploy policy through the
// discover profile, so the bundle keeps just these (imported lazily).
export {
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListPolicyVersionsCommand,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListEntitiesForPolicy,
  paginateListPolicies,
} from "@aws-sdk/client-iam";
export { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
