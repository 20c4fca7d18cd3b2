// The resource part of the AWS posture service: S3 bucket settings, security groups, EBS volumes,
// Lambda runtimes and CloudTrail status. Scoped to the names and ids the caller passes, except
// CloudTrail, which is account-wide by nature.
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import type {
  BucketFact,
  FunctionFact,
  IngressRuleFact,
  PostureService,
  SecurityGroupFact,
  TrailFact,
  VolumeFact,
} from "../../../../core/services/posture.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { awsCodeOf, lazyClient, mapLimit, unlessAbsent } from "./posture-util.js";
import { loadSdk } from "../sdk/load.js";

type ResourcePosture = Pick<PostureService, "buckets" | "securityGroups" | "volumes" | "functions" | "trails">;

const PUBLIC_GRANTEES: Record<string, string> = {
  "http://acs.amazonaws.com/groups/global/AllUsers": "AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
};

// EC2 filters take at most 200 values each.
function chunks<T>(items: readonly T[], size = 200): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function resourcePosture(env: ResolvedEnvironment): ResourcePosture {
  const s3 = lazyClient(
    () => loadSdk("s3"),
    (sdk) => new sdk.S3Client({ ...clientConfig(env), followRegionRedirects: true }),
  );
  const ec2 = lazyClient(
    () => loadSdk("ec2"),
    (sdk) => new sdk.EC2Client(clientConfig(env)),
  );
  const lambda = lazyClient(
    () => loadSdk("audit-lambda"),
    (sdk) => new sdk.LambdaClient(clientConfig(env)),
  );
  const cloudtrail = lazyClient(
    () => loadSdk("cloudtrail"),
    (sdk) => new sdk.CloudTrailClient(clientConfig(env)),
  );

  async function bucket(name: string): Promise<BucketFact> {
    const { sdk, client } = await s3();
    const acl = await unlessAbsent(["NoSuchBucket"], () =>
      call("s3:GetBucketAcl", env, () => client.send(new sdk.GetBucketAclCommand({ Bucket: name }))),
    );
    if (acl === undefined) return { name, missing: true, publicGrants: [], encryption: [] };
    const [block, policy, encryption] = await Promise.all([
      unlessAbsent(["NoSuchPublicAccessBlockConfiguration"], () =>
        call("s3:GetPublicAccessBlock", env, () => client.send(new sdk.GetPublicAccessBlockCommand({ Bucket: name }))),
      ),
      unlessAbsent(["NoSuchBucketPolicy"], () =>
        call("s3:GetBucketPolicy", env, () => client.send(new sdk.GetBucketPolicyCommand({ Bucket: name }))),
      ),
      unlessAbsent(["ServerSideEncryptionConfigurationNotFoundError"], () =>
        call("s3:GetBucketEncryption", env, () => client.send(new sdk.GetBucketEncryptionCommand({ Bucket: name }))),
      ),
    ]);
    const config = block?.PublicAccessBlockConfiguration;
    let parsedPolicy: unknown;
    try {
      parsedPolicy = policy?.Policy === undefined ? undefined : (JSON.parse(policy.Policy) as unknown);
    } catch {
      parsedPolicy = undefined;
    }
    const publicGrants = (acl.Grants ?? []).flatMap((grant) => {
      const who = PUBLIC_GRANTEES[grant.Grantee?.URI ?? ""];
      return who === undefined ? [] : [`${who}:${grant.Permission ?? "?"}`];
    });
    const algorithms = (encryption?.ServerSideEncryptionConfiguration?.Rules ?? []).flatMap((rule) => {
      const algorithm = rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
      return algorithm === undefined ? [] : [algorithm];
    });
    return {
      name,
      ...(config === undefined
        ? {}
        : {
            publicAccessBlock: {
              blockPublicAcls: config.BlockPublicAcls === true,
              ignorePublicAcls: config.IgnorePublicAcls === true,
              blockPublicPolicy: config.BlockPublicPolicy === true,
              restrictPublicBuckets: config.RestrictPublicBuckets === true,
            },
          }),
      ...(parsedPolicy === undefined ? {} : { policy: parsedPolicy }),
      publicGrants,
      encryption: algorithms,
    };
  }

  async function fn(name: string): Promise<FunctionFact> {
    const { sdk, client } = await lambda();
    const config = await unlessAbsent(["ResourceNotFoundException"], () =>
      call("lambda:GetFunctionConfiguration", env, () =>
        client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: name })),
      ),
    );
    if (config === undefined) return { name, missing: true };
    return {
      name,
      ...(config.FunctionArn === undefined ? {} : { arn: config.FunctionArn }),
      ...(config.Runtime === undefined ? {} : { runtime: config.Runtime }),
      ...(config.PackageType === undefined ? {} : { packageType: config.PackageType }),
      ...(config.MemorySize === undefined ? {} : { memoryMb: config.MemorySize }),
    };
  }

  async function volumesBy(
    filter: "volume-id" | "attachment.instance-id",
    values: readonly string[],
  ): Promise<VolumeFact[]> {
    const { sdk, client } = await ec2();
    const found: VolumeFact[] = [];
    for (const part of chunks(values)) {
      await call("ec2:DescribeVolumes", env, async () => {
        for await (const page of sdk.paginateDescribeVolumes(
          { client },
          { Filters: [{ Name: filter, Values: part }] },
        )) {
          for (const volume of page.Volumes ?? []) {
            if (volume.VolumeId === undefined) continue;
            found.push({
              id: volume.VolumeId,
              encrypted: volume.Encrypted === true,
              ...(volume.Size === undefined ? {} : { sizeGb: volume.Size }),
              attachedTo: (volume.Attachments ?? []).flatMap((a) => (a.InstanceId === undefined ? [] : [a.InstanceId])),
            });
          }
        }
      });
    }
    return found;
  }

  return {
    buckets: (names) => mapLimit([...new Set(names)], 4, bucket),

    async securityGroups(ids) {
      if (ids.length === 0) return [];
      const { sdk, client } = await ec2();
      const groups: SecurityGroupFact[] = [];
      for (const part of chunks([...new Set(ids)])) {
        await call("ec2:DescribeSecurityGroups", env, async () => {
          for await (const page of sdk.paginateDescribeSecurityGroups(
            { client },
            { Filters: [{ Name: "group-id", Values: part }] },
          )) {
            for (const group of page.SecurityGroups ?? []) {
              if (group.GroupId === undefined) continue;
              const ingress: IngressRuleFact[] = (group.IpPermissions ?? []).map((rule) => ({
                protocol: rule.IpProtocol ?? "-1",
                ...(rule.FromPort === undefined ? {} : { fromPort: rule.FromPort }),
                ...(rule.ToPort === undefined ? {} : { toPort: rule.ToPort }),
                ranges: [
                  ...(rule.IpRanges ?? []).flatMap((r) => (r.CidrIp === undefined ? [] : [r.CidrIp])),
                  ...(rule.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 === undefined ? [] : [r.CidrIpv6])),
                ],
              }));
              groups.push({
                id: group.GroupId,
                name: group.GroupName ?? group.GroupId,
                ...(group.VpcId === undefined ? {} : { vpcId: group.VpcId }),
                ingress,
              });
            }
          }
        });
      }
      return groups;
    },

    async volumes({ volumeIds, instanceIds }) {
      const byId = volumeIds.length === 0 ? [] : await volumesBy("volume-id", [...new Set(volumeIds)]);
      const attached =
        instanceIds.length === 0 ? [] : await volumesBy("attachment.instance-id", [...new Set(instanceIds)]);
      return [...new Map([...byId, ...attached].map((volume) => [volume.id, volume])).values()];
    },

    functions: (names) => mapLimit([...new Set(names)], 4, fn),

    async trails() {
      const { sdk, client } = await cloudtrail();
      const answer = await call("cloudtrail:DescribeTrails", env, () =>
        client.send(new sdk.DescribeTrailsCommand({ includeShadowTrails: true })),
      );
      return mapLimit(answer.trailList ?? [], 4, async (trail): Promise<TrailFact> => {
        const name = trail.Name ?? trail.TrailARN ?? "(unnamed)";
        let logging: boolean | undefined;
        try {
          const status = await call("cloudtrail:GetTrailStatus", env, () =>
            client.send(new sdk.GetTrailStatusCommand({ Name: trail.TrailARN ?? name })),
          );
          logging = status.IsLogging === true;
        } catch (error) {
          // A trail of another region or account may refuse its status; that is not a failure of the audit.
          if (awsCodeOf(error) === undefined) throw error;
        }
        return {
          name,
          ...(trail.TrailARN === undefined ? {} : { arn: trail.TrailARN }),
          multiRegion: trail.IsMultiRegionTrail === true,
          ...(trail.HomeRegion === undefined ? {} : { homeRegion: trail.HomeRegion }),
          ...(logging === undefined ? {} : { logging }),
        };
      });
    },
  };
}
