// Only the GuardDuty reads the auditor uses, so the bundle keeps just these (imported lazily).
export { GetDetectorCommand, GuardDutyClient, paginateListDetectors } from "@aws-sdk/client-guardduty";
