// The IAM administration service a hosting handler offers to the permission manager: read and version
// the deploy identity's customer-managed policy. Every call uses the DISCOVER profile's credentials,
// never the environment's: deploy profiles never grant IAM. Skills depend on this interface only.
import type { CallerIdentity } from "./identity.js";

export interface PolicyRef {
  arn: string;
  name: string;
}

export interface ManagedPolicyInfo extends PolicyRef {
  defaultVersionId: string;
  attachmentCount?: number;
}

export interface PolicyVersionInfo {
  versionId: string;
  isDefault: boolean;
  /** ISO instant the version was created, when the provider says. */
  created?: string;
}

/** Who a customer-managed policy is attached to, as IAM names. */
export interface PolicyEntities {
  users: string[];
  roles: string[];
  groups: string[];
}

export interface IamAdminService {
  readonly service: "iamAdmin";
  /** Who the discover profile's credentials are (STS GetCallerIdentity with the discover profile). */
  discoverIdentity(): Promise<CallerIdentity>;
  /** The policy, or undefined when IAM does not know it. */
  getPolicy(arn: string): Promise<ManagedPolicyInfo | undefined>;
  /** Customer-managed (Local) policies of the account whose name is exactly `name`. */
  findPoliciesByName(name: string): Promise<PolicyRef[]>;
  /** Customer-managed policies attached to an IAM user or role (by its IAM or STS ARN); empty when it does not exist. */
  attachedPolicies(identityArn: string): Promise<PolicyRef[]>;
  policyEntities(arn: string): Promise<PolicyEntities>;
  /** The version's document as JSON text (IAM's URL encoding removed). */
  policyDocument(arn: string, versionId: string): Promise<string>;
  listPolicyVersions(arn: string): Promise<PolicyVersionInfo[]>;
  deletePolicyVersion(arn: string, versionId: string): Promise<void>;
  /** CreatePolicyVersion with SetAsDefault; returns the new version id. */
  createDefaultPolicyVersion(arn: string, document: string): Promise<string>;
}
