// The AWS probes behind post-deployment tests: one cheap read per recorded resource to confirm it
// exists (HeadBucket, GetFunction, GetRole, Describe*), ELBv2 DescribeTargetHealth, and Lambda Invoke.
// A failure for one resource becomes that resource's answer; it never fails the whole probe.
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import { loadSdk } from "../sdk/load.js";
import { isDevopsError } from "../../../../core/errors.js";
import type {
  Existence,
  InvokeOutcome,
  ProbeRef,
  ProbesService,
  TargetHealthState,
} from "../../../../core/services/probes.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { mapLimit } from "./shared.js";

type Sdk = typeof import("../sdk/probes.js");
const PARALLEL = 8;

interface Clients {
  sdk: Sdk;
  s3: InstanceType<Sdk["S3Client"]>;
  lambda: InstanceType<Sdk["LambdaClient"]>;
  iam: InstanceType<Sdk["IAMClient"]>;
  cloudwatch: InstanceType<Sdk["CloudWatchClient"]>;
  logs: InstanceType<Sdk["CloudWatchLogsClient"]>;
  ecs: InstanceType<Sdk["ECSClient"]>;
  elb: InstanceType<Sdk["ElasticLoadBalancingV2Client"]>;
  ec2: InstanceType<Sdk["EC2Client"]>;
}

/** true: exists; false: missing. Errors (not-found ones included) are mapped by the caller. */
type Check = (c: Clients, ref: ProbeRef, env: ResolvedEnvironment) => Promise<boolean>;
const idOf = (ref: ProbeRef) => ref.id ?? ref.name;

const loadBalancer: Check = async (c, ref, env) =>
  (
    (
      await call("elasticloadbalancing:DescribeLoadBalancers", env, () =>
        c.elb.send(new c.sdk.DescribeLoadBalancersCommand({ LoadBalancerArns: [ref.arn ?? idOf(ref)] })),
      )
    ).LoadBalancers ?? []
  ).length > 0;
const targetGroup: Check = async (c, ref, env) =>
  (
    (
      await call("elasticloadbalancing:DescribeTargetGroups", env, () =>
        c.elb.send(new c.sdk.DescribeTargetGroupsCommand({ TargetGroupArns: [ref.arn ?? idOf(ref)] })),
      )
    ).TargetGroups ?? []
  ).length > 0;

const CHECKS: Readonly<Record<string, Check>> = {
  aws_s3_bucket: async (c, ref, env) => {
    await call("s3:HeadBucket", env, () => c.s3.send(new c.sdk.HeadBucketCommand({ Bucket: idOf(ref) })));
    return true;
  },
  aws_lambda_function: async (c, ref, env) => {
    await call("lambda:GetFunction", env, () =>
      c.lambda.send(new c.sdk.GetFunctionCommand({ FunctionName: ref.arn ?? idOf(ref) })),
    );
    return true;
  },
  aws_iam_role: async (c, ref, env) => {
    await call("iam:GetRole", env, () => c.iam.send(new c.sdk.GetRoleCommand({ RoleName: idOf(ref) })));
    return true;
  },
  aws_iam_policy: async (c, ref, env) => {
    await call("iam:GetPolicy", env, () => c.iam.send(new c.sdk.GetPolicyCommand({ PolicyArn: ref.arn ?? idOf(ref) })));
    return true;
  },
  aws_cloudwatch_metric_alarm: async (c, ref, env) =>
    (
      (
        await call("cloudwatch:DescribeAlarms", env, () =>
          c.cloudwatch.send(new c.sdk.DescribeAlarmsCommand({ AlarmNames: [idOf(ref)] })),
        )
      ).MetricAlarms ?? []
    ).length > 0,
  aws_cloudwatch_log_group: async (c, ref, env) => {
    const answer = await call("logs:DescribeLogGroups", env, () =>
      c.logs.send(new c.sdk.DescribeLogGroupsCommand({ logGroupNamePrefix: idOf(ref), limit: 5 })),
    );
    return (answer.logGroups ?? []).some((group) => group.logGroupName === idOf(ref));
  },
  aws_ecs_cluster: async (c, ref, env) => {
    const answer = await call("ecs:DescribeClusters", env, () =>
      c.ecs.send(new c.sdk.DescribeClustersCommand({ clusters: [ref.arn ?? idOf(ref)] })),
    );
    return (answer.clusters ?? []).some((cluster) => cluster.status === "ACTIVE");
  },
  aws_ecs_service: async (c, ref, env) => {
    const answer = await call("ecs:DescribeServices", env, () =>
      c.ecs.send(
        new c.sdk.DescribeServicesCommand({
          ...(ref.cluster === undefined ? {} : { cluster: ref.cluster }),
          services: [ref.arn ?? idOf(ref)],
        }),
      ),
    );
    return (answer.services ?? []).some((service) => service.status === "ACTIVE");
  },
  aws_ecs_task_definition: async (c, ref, env) => {
    const answer = await call("ecs:DescribeTaskDefinition", env, () =>
      c.ecs.send(new c.sdk.DescribeTaskDefinitionCommand({ taskDefinition: ref.arn ?? idOf(ref) })),
    );
    return answer.taskDefinition?.status === "ACTIVE";
  },
  aws_lb: loadBalancer,
  aws_alb: loadBalancer,
  aws_lb_target_group: targetGroup,
  aws_alb_target_group: targetGroup,
  aws_vpc: async (c, ref, env) =>
    (
      (await call("ec2:DescribeVpcs", env, () => c.ec2.send(new c.sdk.DescribeVpcsCommand({ VpcIds: [idOf(ref)] }))))
        .Vpcs ?? []
    ).length > 0,
  aws_subnet: async (c, ref, env) =>
    (
      (
        await call("ec2:DescribeSubnets", env, () =>
          c.ec2.send(new c.sdk.DescribeSubnetsCommand({ SubnetIds: [idOf(ref)] })),
        )
      ).Subnets ?? []
    ).length > 0,
  aws_security_group: async (c, ref, env) =>
    (
      (
        await call("ec2:DescribeSecurityGroups", env, () =>
          c.ec2.send(new c.sdk.DescribeSecurityGroupsCommand({ GroupIds: [idOf(ref)] })),
        )
      ).SecurityGroups ?? []
    ).length > 0,
};

function failure(error: unknown): Existence {
  if (
    isDevopsError(error) &&
    (error.code === "AWS_NOT_FOUND" || /NotFound|NoSuch/i.test(String(error.details?.awsCode ?? "")))
  )
    return { outcome: "missing" };
  return {
    outcome: "error",
    code: isDevopsError(error) ? error.code : "AWS_REQUEST_FAILED",
    message: error instanceof Error ? error.message : String(error),
  };
}

export function createProbesService(env: ResolvedEnvironment): ProbesService {
  let made: Promise<Clients> | undefined;
  const clients = () =>
    (made ??= loadSdk("probes").then((sdk) => {
      const config = clientConfig(env);
      return {
        sdk,
        s3: new sdk.S3Client(config),
        lambda: new sdk.LambdaClient(config),
        iam: new sdk.IAMClient(config),
        cloudwatch: new sdk.CloudWatchClient(config),
        logs: new sdk.CloudWatchLogsClient(config),
        ecs: new sdk.ECSClient(config),
        elb: new sdk.ElasticLoadBalancingV2Client(config),
        ec2: new sdk.EC2Client(config),
      };
    }));

  return {
    service: "probes",
    existenceTypes: () => Object.keys(CHECKS),
    async exists(refs) {
      const out = new Map<string, Existence>();
      const checkable = refs.filter((ref) => CHECKS[ref.type] !== undefined);
      for (const ref of refs) if (CHECKS[ref.type] === undefined) out.set(ref.key, { outcome: "unsupported" });
      if (checkable.length === 0) return out;
      const c = await clients();
      await mapLimit(checkable, PARALLEL, async (ref) => {
        try {
          out.set(ref.key, (await CHECKS[ref.type]!(c, ref, env)) ? { outcome: "exists" } : { outcome: "missing" });
        } catch (error) {
          out.set(ref.key, failure(error));
        }
      });
      return out;
    },
    async targetHealth(targetGroupArn): Promise<TargetHealthState[]> {
      const c = await clients();
      const answer = await call("elasticloadbalancing:DescribeTargetHealth", env, () =>
        c.elb.send(new c.sdk.DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })),
      );
      return (answer.TargetHealthDescriptions ?? []).map((d) => ({
        target: d.Target?.Id ?? "unknown",
        ...(d.Target?.Port === undefined ? {} : { port: d.Target.Port }),
        state: d.TargetHealth?.State ?? "unknown",
        ...(d.TargetHealth?.Reason === undefined ? {} : { reason: d.TargetHealth.Reason }),
        ...(d.TargetHealth?.Description === undefined ? {} : { description: d.TargetHealth.Description }),
      }));
    },
    async invokeFunction(functionName, options): Promise<InvokeOutcome> {
      const c = await clients();
      try {
        const answer = await call("lambda:Invoke", env, () =>
          c.lambda.send(
            new c.sdk.InvokeCommand({
              FunctionName: functionName,
              InvocationType: options.dryRun ? "DryRun" : "RequestResponse",
              Payload: new TextEncoder().encode("{}"),
            }),
          ),
        );
        if (answer.FunctionError !== undefined) {
          return {
            outcome: "function_error",
            error: answer.FunctionError,
            payload: answer.Payload === undefined ? "" : new TextDecoder().decode(answer.Payload).slice(0, 2000),
          };
        }
        return { outcome: "ok", statusCode: answer.StatusCode ?? 0 };
      } catch (error) {
        return {
          outcome: "failed",
          code: isDevopsError(error) ? error.code : "AWS_REQUEST_FAILED",
          message: error instanceof Error ? error.message : String(error),
        };
      }
    },
  };
}
