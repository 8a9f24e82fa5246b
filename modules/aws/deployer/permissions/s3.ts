import { environmentArn, type DeployGrants } from "./grant";

const BUCKET = environmentArn("aws_s3_bucket", { bucket: "{prefix}*" });
/** What the provider (5.x) reads to refresh a bucket, settings kept in their own resources included. */
const BUCKET_READ = [
  "s3:ListBucket",
  "s3:GetBucketLocation",
  "s3:GetBucketPolicy",
  "s3:GetBucketAcl",
  "s3:GetBucketCORS",
  "s3:GetBucketWebsite",
  "s3:GetBucketVersioning",
  "s3:GetAccelerateConfiguration",
  "s3:GetBucketRequestPayment",
  "s3:GetBucketLogging",
  "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration",
  "s3:GetEncryptionConfiguration",
  "s3:GetBucketObjectLockConfiguration",
  "s3:GetBucketTagging",
];
const read = (...actions: string[]) => ({ phase: "read" as const, actions, resources: [BUCKET] });
const manage = (...actions: string[]) => ({ phase: "manage" as const, actions, resources: [BUCKET] });

/** S3 buckets of the environment and their settings. */
export const S3_GRANTS: DeployGrants = {
  aws_s3_bucket: [read(...BUCKET_READ), manage("s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucketTagging")],
  aws_s3_bucket_policy: [read("s3:GetBucketPolicy"), manage("s3:PutBucketPolicy", "s3:DeleteBucketPolicy")],
  aws_s3_bucket_versioning: [read("s3:GetBucketVersioning"), manage("s3:PutBucketVersioning")],
  aws_s3_bucket_server_side_encryption_configuration: [read("s3:GetEncryptionConfiguration"), manage("s3:PutEncryptionConfiguration")],
  aws_s3_bucket_public_access_block: [read("s3:GetBucketPublicAccessBlock"), manage("s3:PutBucketPublicAccessBlock")],
  aws_s3_bucket_ownership_controls: [read("s3:GetBucketOwnershipControls"), manage("s3:PutBucketOwnershipControls")],
  aws_s3_bucket_lifecycle_configuration: [read("s3:GetLifecycleConfiguration"), manage("s3:PutLifecycleConfiguration")],
  aws_s3_bucket_notification: [read("s3:GetBucketNotification"), manage("s3:PutBucketNotification")],
};
