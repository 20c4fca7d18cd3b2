// The one way AWS SDK code is loaded: by name, on first use. From the sources each name is a normal
// dynamic import; in the bundle (scripts/build.mjs) all of them live in one embedded module that is
// compiled only when a command first calls AWS, so commands that never do start fast.
const loaders = {
  "audit-lambda": () => import("./audit-lambda.js"),
  cloudtrail: () => import("./cloudtrail.js"),
  "cloudwatch-logs": () => import("./cloudwatch-logs.js"),
  cloudwatch: () => import("./cloudwatch.js"),
  "config-service": () => import("./config-service.js"),
  "cost-explorer": () => import("./cost-explorer.js"),
  "credential-providers": () => import("./credential-providers.js"),
  ec2: () => import("./ec2.js"),
  guardduty: () => import("./guardduty.js"),
  "ecs-status": () => import("./ecs-status.js"),
  ecs: () => import("./ecs.js"),
  iam: () => import("./iam.js"),
  "iam-admin": () => import("./iam-admin.js"),
  pricing: () => import("./pricing.js"),
  probes: () => import("./probes.js"),
  "inv-cloudwatch": () => import("./inv-cloudwatch.js"),
  "inv-ecs": () => import("./inv-ecs.js"),
  "inv-lambda": () => import("./inv-lambda.js"),
  "lambda-status": () => import("./lambda-status.js"),
  lambda: () => import("./lambda.js"),
  s3: () => import("./s3.js"),
  "s3-control": () => import("./s3-control.js"),
  sts: () => import("./sts.js"),
  tagging: () => import("./tagging.js"),
};

export type SdkName = keyof typeof loaders;
export type Sdk<K extends SdkName> = Awaited<ReturnType<(typeof loaders)[K]>>;

export function loadSdk<K extends SdkName>(name: K): Promise<Sdk<K>> {
  return loaders[name]() as Promise<Sdk<K>>;
}
