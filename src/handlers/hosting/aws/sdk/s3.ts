// Only the S3 bucket-settings reads the auditor uses, so the bundle keeps just these (imported lazily).
export {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from "@aws-sdk/client-s3";
