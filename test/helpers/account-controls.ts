// Seeds the account-level controls the audit reads (GuardDuty, AWS Config, the account's S3 Block Public
// Access) in a moto server, the way an account owner or a landing zone would set them up.
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service";
import { CreateDetectorCommand, GuardDutyClient } from "@aws-sdk/client-guardduty";
import { PutPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";

export interface MotoClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export async function enableGuardDuty(config: MotoClientConfig, enable = true): Promise<string> {
  const answer = await new GuardDutyClient(config).send(new CreateDetectorCommand({ Enable: enable }));
  if (answer.DetectorId === undefined) throw new Error("moto created a GuardDuty detector without an id");
  return answer.DetectorId;
}

export async function configRecorder(config: MotoClientConfig, recording: boolean): Promise<void> {
  const client = new ConfigServiceClient(config);
  await client.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: {
        name: "default",
        roleARN: "arn:aws:iam::123456789012:role/aws-config",
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      },
    }),
  );
  if (!recording) return;
  await client.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: "default", s3BucketName: "config" } }));
  await client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }));
}

export async function accountPublicAccessBlock(
  config: MotoClientConfig,
  account: string,
  flags: {
    BlockPublicAcls: boolean;
    IgnorePublicAcls: boolean;
    BlockPublicPolicy: boolean;
    RestrictPublicBuckets: boolean;
  },
): Promise<void> {
  // S3 Control would put the account id in the host name, which an emulator on an IP cannot serve.
  const client = new S3ControlClient({ ...config, endpointProvider: () => ({ url: new URL(config.endpoint) }) });
  await client.send(new PutPublicAccessBlockCommand({ AccountId: account, PublicAccessBlockConfiguration: flags }));
}

/** Every account control the audit reads, set up as recommended. */
export async function seedAccountControls(config: MotoClientConfig, account: string): Promise<void> {
  await enableGuardDuty(config);
  await configRecorder(config, true);
  await accountPublicAccessBlock(config, account, {
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
  });
}
