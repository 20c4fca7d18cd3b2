// The posture service a hosting handler offers to skills: security, cost and compliance facts for audits.
// Skills depend on this interface, never on an SDK client. Every method returns plain facts; the
// judgement (pass / warn / fail) is made by pure functions in the auditor skill.

/** An IAM policy document as stored by the provider, already decoded and parsed (unknown shape). */
export interface PolicyFact {
  kind: "managed" | "inline";
  name: string;
  arn?: string;
  /** For inline policies: the role that holds it. */
  role?: string;
  document: unknown;
}

export interface RolePolicies {
  inline: PolicyFact[];
  /** Customer-managed policies attached to the roles (AWS-managed ones are left out). */
  attachedArns: string[];
  /** Roles that do not exist (any more). */
  missingRoles: string[];
}

export interface AccessKeyFact {
  user: string;
  keyId: string;
  status: string;
  /** ISO instant the key was created. */
  created?: string;
}

export interface PublicAccessBlockFact {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface BucketFact {
  name: string;
  missing?: boolean;
  /** Absent when the bucket has no public access block configuration. */
  publicAccessBlock?: PublicAccessBlockFact;
  /** The bucket policy, parsed; absent when there is none. */
  policy?: unknown;
  /** ACL grants to everyone or to every AWS account, e.g. "AllUsers:READ". */
  publicGrants: string[];
  /** Default encryption algorithms ("AES256", "aws:kms"); empty when none is configured. */
  encryption: string[];
}

export interface IngressRuleFact {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  /** IPv4 and IPv6 ranges the rule admits. */
  ranges: string[];
}

export interface SecurityGroupFact {
  id: string;
  name: string;
  vpcId?: string;
  ingress: IngressRuleFact[];
}

export interface VolumeFact {
  id: string;
  encrypted: boolean;
  sizeGb?: number;
  attachedTo: string[];
}

export interface FunctionFact {
  name: string;
  missing?: boolean;
  arn?: string;
  runtime?: string;
  packageType?: string;
  memoryMb?: number;
}

export interface TrailFact {
  name: string;
  arn?: string;
  multiRegion: boolean;
  homeRegion?: string;
  /** Undefined when the status could not be read (a shadow trail of another region). */
  logging?: boolean;
}

/** The account's IAM password policy, as far as the audit judges it. */
export interface PasswordPolicyFact {
  minimumLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercase: boolean;
  requireLowercase: boolean;
  /** Days a password is valid; absent when passwords never expire. */
  maxAgeDays?: number;
  /** How many previous passwords cannot be reused; absent when reuse is not prevented. */
  reusePrevention?: number;
}

/** A GuardDuty detector of the environment's region (GuardDuty is regional: one detector per region). */
export interface DetectorFact {
  id: string;
  /** "ENABLED" or "DISABLED" as GuardDuty reports it; undefined when the detector's details were not returned. */
  status?: string;
}

/** An AWS Config configuration recorder of the environment's region, with its recording status. */
export interface ConfigRecorderFact {
  name: string;
  /** Undefined when no status was returned for the recorder. */
  recording?: boolean;
  /** The recorder records every supported resource type (not a hand-picked list). */
  allSupported: boolean;
  /** The last delivery status ("SUCCESS", "FAILURE", "PENDING"), when known. */
  lastStatus?: string;
}

/** A date range in UTC days, `end` exclusive (YYYY-MM-DD). */
export interface CostPeriod {
  start: string;
  end: string;
}

export interface ServiceCost {
  service: string;
  amount: number;
}

export interface CostByService {
  unit: string;
  total: number;
  services: ServiceCost[];
  /** True when the provider marks any of the figures as not final. */
  estimated: boolean;
  /** True when the provider returned no figures at all for the period. */
  empty: boolean;
}

export interface DailyCost {
  date: string;
  amount: number;
}

export interface PostureService {
  readonly service: "posture";
  /** The default versions of these customer-managed policies; unknown ARNs are left out. */
  managedPolicies(arns: readonly string[]): Promise<PolicyFact[]>;
  /** Inline policies of these roles, and the customer-managed policies attached to them. */
  rolePolicies(roleNames: readonly string[]): Promise<RolePolicies>;
  /** Every IAM user's access keys (account-wide). */
  accessKeys(): Promise<AccessKeyFact[]>;
  buckets(names: readonly string[]): Promise<BucketFact[]>;
  securityGroups(ids: readonly string[]): Promise<SecurityGroupFact[]>;
  /** Volumes with these ids, and those attached to these instances. */
  volumes(selection: { volumeIds: readonly string[]; instanceIds: readonly string[] }): Promise<VolumeFact[]>;
  functions(names: readonly string[]): Promise<FunctionFact[]>;
  /** Every trail visible from the environment's region, with its logging status. */
  trails(): Promise<TrailFact[]>;
  /** The account's IAM password policy; undefined when the account has none (AWS's defaults apply). */
  passwordPolicy(): Promise<PasswordPolicyFact | undefined>;
  /** The GuardDuty detectors of the environment's region, each with its status. */
  guardDutyDetectors(): Promise<DetectorFact[]>;
  /** The AWS Config recorders of the environment's region, with their recording status. */
  configRecorders(): Promise<ConfigRecorderFact[]>;
  /** The account-wide S3 Block Public Access setting; undefined when the account has none. */
  accountPublicAccessBlock(account: string): Promise<PublicAccessBlockFact | undefined>;
  /** Cost for the period, grouped by service (Cost Explorer; account-wide). */
  costByService(period: CostPeriod): Promise<CostByService>;
  /** Cost per day for the period (Cost Explorer; account-wide). */
  dailyCost(period: CostPeriod): Promise<DailyCost[]>;
}
