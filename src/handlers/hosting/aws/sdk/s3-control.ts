// Only the account-level S3 Block Public Access read the auditor uses, so the bundle keeps just this.
export { GetPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
