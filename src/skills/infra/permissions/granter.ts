// infra-permission-manager: opens an environment for a grant (the discover profile's IAM service),
// checks both identities, finds the deploy policy, computes the next policy document for a grant and
// writes it as a new default version (pruning the oldest non-default one at the 5-version limit).
import type { ProjectContext } from "../../../core/context.js";
import { ProviderError, UserError } from "../../../core/errors.js";
import type { CallerIdentity, HostingHandler } from "../../../core/handler-contract.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";
import type { IamAdminService, ManagedPolicyInfo } from "../../../core/services/iam-admin.js";
import { awsHostingBlock } from "../../../handlers/hosting/aws/config.js";
import { loadHostingHandler } from "../../../handlers/registry.js";
import { checkAccount } from "../target.js";
import { computeGrant, environmentNamePattern, type Grant, type GrantRequest, type GrantScope } from "./grant-plan.js";
import {
  checkPolicySize,
  grantPresent,
  mergeGrant,
  parsePolicy,
  policyHash,
  versionToPrune,
  type PolicyDocument,
} from "./policy-document.js";
import {
  checkDenial,
  checkDiscoverConfigured,
  checkNotAttachedToDiscover,
  checkPrincipal,
  principalFromError,
  roleName,
  runtimeGuidance,
  type DenialFlags,
} from "./runtime.js";

/** One denied permission, as the debugger or a person describes it. */
export interface GrantFacts extends GrantRequest {
  /** The principal the error names ("User: <arn> is not authorized"). */
  principal?: string;
  denial?: DenialFlags;
  sourceError?: string;
  reason?: string;
}

export interface GrantTarget {
  env: ResolvedEnvironment;
  hosting: HostingHandler;
  iam: IamAdminService;
}

export interface Identities {
  /** The environment's deploy identity (the policy's target). */
  deploy: CallerIdentity;
  /** The discover profile's identity (who writes the policy). */
  discover: CallerIdentity;
}

/** The environment, refused before any AWS call when it has no discover profile (and is not a sandbox). */
export async function openGrantTarget(project: ProjectContext, environmentWord: string): Promise<GrantTarget> {
  const env = project.environment(environmentWord);
  checkDiscoverConfigured(env);
  const hosting = await loadHostingHandler(project, project.config.handlers.hosting.active);
  return { env, hosting, iam: hosting.services(project, env).iamAdmin };
}

/** Both identities, each confirmed to be in the environment's account (STS) before anything is read. */
export async function resolveIdentities(project: ProjectContext, target: GrantTarget): Promise<Identities> {
  const deploy = await checkAccount(project, target.hosting, target.env);
  const discover = await target.iam.discoverIdentity();
  if (discover.account !== deploy.account) {
    throw new ProviderError(
      "ACCOUNT_MISMATCH",
      `the discover profile reaches AWS account ${discover.account} (${discover.arn}), but "${target.env.name}" deploys to ${deploy.account}`,
      {
        suggestion:
          "set handlers.hosting.aws.profiles.discover to a profile of the environment's account; nothing was changed",
        details: { expected: deploy.account, actual: discover.account },
      },
    );
  }
  return { deploy, discover };
}

function policyNotFound(env: ResolvedEnvironment, deployArn: string): UserError {
  return new UserError(
    "GRANT_POLICY_NOT_FOUND",
    `no customer-managed policy "${env.deployPolicy}" is attached to ${deployArn} or exists in the account`,
    {
      suggestion: `create the deploy identity's customer-managed policy "${env.deployPolicy}" (in Terraform) and attach it to the deploy identity, or set environments.${env.name}.deploy_policy to its name or ARN`,
    },
  );
}

/** The deploy policy: environments.<env>.deploy_policy as an ARN, else by name among the deploy identity's policies, else in the account. */
export async function findDeployPolicy(target: GrantTarget, identities: Identities): Promise<ManagedPolicyInfo> {
  const { env, iam } = target;
  const wanted = env.deployPolicy;
  let arn: string | undefined;
  if (wanted.startsWith("arn:")) {
    arn = wanted;
  } else {
    const attached = (await iam.attachedPolicies(identities.deploy.arn)).filter((policy) => policy.name === wanted);
    const candidates = attached.length > 0 ? attached : await iam.findPoliciesByName(wanted);
    if (candidates.length > 1) {
      throw new UserError(
        "GRANT_POLICY_AMBIGUOUS",
        `${candidates.length} customer-managed policies are named "${wanted}": ${candidates.map((c) => c.arn).join(", ")}`,
        {
          suggestion: `set environments.${env.name}.deploy_policy to the ARN of the deploy identity's policy`,
        },
      );
    }
    arn = candidates[0]?.arn;
  }
  if (arn !== undefined && /^arn:[\w-]+:iam::aws:policy\//.test(arn)) {
    throw new UserError(
      "GRANT_POLICY_AWS_MANAGED",
      `${arn} is an AWS-managed policy; grants extend a customer-managed policy`,
      { suggestion: `set environments.${env.name}.deploy_policy to the deploy identity's own policy` },
    );
  }
  if (arn !== undefined && arn.split(":")[4] !== identities.deploy.account) {
    throw new UserError(
      "GRANT_OUT_OF_SCOPE",
      `the deploy policy ${arn} is not in account ${identities.deploy.account}`,
      { suggestion: `correct environments.${env.name}.deploy_policy` },
    );
  }
  const policy = arn === undefined ? undefined : await iam.getPolicy(arn);
  if (policy === undefined) throw policyNotFound(env, identities.deploy.arn);
  return policy;
}

export function grantScope(project: ProjectContext, env: ResolvedEnvironment, identities: Identities): GrantScope {
  const partition = identities.deploy.arn.split(":")[1] ?? "aws";
  const regions = [env.region, ...(awsHostingBlock(project.config).regions ?? []).filter((r) => r !== env.region)];
  return {
    environment: env.name,
    namePattern: environmentNamePattern(project.config, env.name),
    partition,
    account: identities.deploy.account,
    regions,
  };
}

/** The grant for the facts, after the refusals a grant cannot fix (denials, runtime roles, the discover identity). */
export function planGrant(
  project: ProjectContext,
  target: GrantTarget,
  identities: Identities,
  facts: GrantFacts,
): Grant {
  checkDenial(facts.denial ?? {}, facts.sourceError);
  const scope = grantScope(project, target.env, identities);
  const guidance = (role: string | undefined) => {
    let resources: string[] = [];
    try {
      resources = computeGrant(facts, scope).resources;
    } catch {
      // The guidance still names the action; the resource is then a placeholder.
    }
    return runtimeGuidance(
      facts.action,
      resources,
      role ?? (facts.principal === undefined ? undefined : roleName(facts.principal)),
    );
  };
  const principal = facts.principal ?? principalFromError(facts.sourceError);
  checkPrincipal(
    {
      deployArn: identities.deploy.arn,
      discoverArn: identities.discover.arn,
      sandbox: target.env.endpoint !== undefined,
      ...(principal === undefined ? {} : { principal }),
      ...(facts.sourceError === undefined ? {} : { sourceError: facts.sourceError }),
    },
    guidance,
  );
  return computeGrant(facts, scope);
}

export interface PolicyState {
  policy: ManagedPolicyInfo;
  versionId: string;
  document: PolicyDocument;
  hash: string;
}

export async function readPolicyState(target: GrantTarget, policy: ManagedPolicyInfo): Promise<PolicyState> {
  const text = await target.iam.policyDocument(policy.arn, policy.defaultVersionId);
  const document = parsePolicy(text, `${policy.arn} ${policy.defaultVersionId}`);
  return { policy, versionId: policy.defaultVersionId, document, hash: policyHash(document) };
}

export interface GrantProposal {
  grant: Grant;
  before: PolicyState;
  /** The next document; undefined when the grant is already present. */
  after?: { document: PolicyDocument; text: string; hash: string };
}

/** The deploy policy as it is, and as it would be with the grant (size checked). */
export async function proposeGrant(target: GrantTarget, identities: Identities, grant: Grant): Promise<GrantProposal> {
  const policy = await findDeployPolicy(target, identities);
  checkNotAttachedToDiscover(identities.discover.arn, policy.arn, await target.iam.policyEntities(policy.arn));
  const before = await readPolicyState(target, policy);
  if (grantPresent(before.document, grant)) return { grant, before };
  const merged = mergeGrant(before.document, grant);
  if (!merged.changed) return { grant, before };
  const text = JSON.stringify(merged.document);
  checkPolicySize(text, policy.arn);
  return { grant, before, after: { document: merged.document, text, hash: policyHash(merged.document) } };
}

export interface WrittenGrant {
  versionAfter: string;
  pruned?: string;
}

/**
 * Writes the proposal's document as the new default version. The policy must still be at the version
 * and hash the proposal was computed from (else GRANT_STALE, nothing written); at 5 versions the oldest
 * non-default one is deleted first.
 */
export async function writeGrant(target: GrantTarget, proposal: GrantProposal, again: string): Promise<WrittenGrant> {
  const { iam } = target;
  const { before, after } = proposal;
  if (after === undefined) throw new Error("writeGrant needs a changed document");
  const now = await iam.getPolicy(before.policy.arn);
  const current = now === undefined ? undefined : await readPolicyState(target, now);
  if (current === undefined || current.versionId !== before.versionId || current.hash !== before.hash) {
    throw new UserError(
      "GRANT_STALE",
      `${before.policy.arn} changed since the grant was computed (default version ${current?.versionId ?? "(gone)"}, was ${before.versionId})`,
      { suggestion: again },
    );
  }
  const pruned = versionToPrune(await iam.listPolicyVersions(before.policy.arn));
  if (pruned !== undefined) await iam.deletePolicyVersion(before.policy.arn, pruned);
  const versionAfter = await iam.createDefaultPolicyVersion(before.policy.arn, after.text);
  return { versionAfter, ...(pruned === undefined ? {} : { pruned }) };
}
