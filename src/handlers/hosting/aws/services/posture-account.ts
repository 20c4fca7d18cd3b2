// The account-control part of the AWS posture service: GuardDuty detectors, the AWS Config recorder and
// the account-wide S3 Block Public Access setting. Settings of the account (or its region), not of any
// project resource, so nothing here is scoped to the project.
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import type {
  ConfigRecorderFact,
  DetectorFact,
  PostureService,
  PublicAccessBlockFact,
} from "../../../../core/services/posture.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { lazyClient, mapLimit, unlessAbsent } from "./posture-util.js";
import { loadSdk } from "../sdk/load.js";

type AccountPosture = Pick<PostureService, "guardDutyDetectors" | "configRecorders" | "accountPublicAccessBlock">;

export function accountPosture(env: ResolvedEnvironment): AccountPosture {
  const guardduty = lazyClient(
    () => loadSdk("guardduty"),
    (sdk) => new sdk.GuardDutyClient(clientConfig(env)),
  );
  const config = lazyClient(
    () => loadSdk("config-service"),
    (sdk) => new sdk.ConfigServiceClient(clientConfig(env)),
  );
  const endpoint = env.endpoint;
  const s3control = lazyClient(
    () => loadSdk("s3-control"),
    (sdk) =>
      new sdk.S3ControlClient({
        ...clientConfig(env),
        // S3 Control puts the account id in the host name ({account}.host), which an emulator on an IP
        // address cannot serve; emulators route on the path and the x-amz-account-id header instead.
        ...(endpoint === undefined ? {} : { endpointProvider: () => ({ url: new URL(endpoint) }) }),
      }),
  );

  return {
    async guardDutyDetectors() {
      const { sdk, client } = await guardduty();
      const ids = await call("guardduty:ListDetectors", env, async () => {
        const all: string[] = [];
        for await (const page of sdk.paginateListDetectors({ client }, {})) all.push(...(page.DetectorIds ?? []));
        return all;
      });
      return mapLimit(ids, 4, async (id): Promise<DetectorFact> => {
        const detector = await call("guardduty:GetDetector", env, () =>
          client.send(new sdk.GetDetectorCommand({ DetectorId: id })),
        );
        return { id, ...(detector.Status === undefined ? {} : { status: detector.Status }) };
      });
    },

    async configRecorders() {
      const { sdk, client } = await config();
      const [recorders, statuses] = await Promise.all([
        call("config:DescribeConfigurationRecorders", env, () =>
          client.send(new sdk.DescribeConfigurationRecordersCommand({})),
        ),
        call("config:DescribeConfigurationRecorderStatus", env, () =>
          client.send(new sdk.DescribeConfigurationRecorderStatusCommand({})),
        ),
      ]);
      const statusOf = new Map((statuses.ConfigurationRecordersStatus ?? []).map((s) => [s.name, s]));
      return (recorders.ConfigurationRecorders ?? []).map((recorder): ConfigRecorderFact => {
        const name = recorder.name ?? "(unnamed)";
        const status = statusOf.get(recorder.name);
        return {
          name,
          allSupported: recorder.recordingGroup?.allSupported === true,
          ...(status?.recording === undefined ? {} : { recording: status.recording }),
          ...(status?.lastStatus === undefined ? {} : { lastStatus: status.lastStatus }),
        };
      });
    },

    async accountPublicAccessBlock(account) {
      const { sdk, client } = await s3control();
      const answer = await unlessAbsent(["NoSuchPublicAccessBlockConfiguration"], () =>
        call("s3:GetAccountPublicAccessBlock", env, () =>
          client.send(new sdk.GetPublicAccessBlockCommand({ AccountId: account })),
        ),
      );
      const block = answer?.PublicAccessBlockConfiguration;
      if (block === undefined) return undefined;
      return {
        blockPublicAcls: block.BlockPublicAcls === true,
        ignorePublicAcls: block.IgnorePublicAcls === true,
        blockPublicPolicy: block.BlockPublicPolicy === true,
        restrictPublicBuckets: block.RestrictPublicBuckets === true,
      } satisfies PublicAccessBlockFact;
    },
  };
}
