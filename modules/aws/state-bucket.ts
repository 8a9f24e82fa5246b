import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { integerBetween, KMS_KEY_OR_ALIAS_ARN, matches } from "../core/rules";
import { list, object, optional, props, required, type TypeOf } from "../core/schema";
import { ACCOUNT_ID } from "./aws-ids";
import { S3_BUCKET_NAME } from "./s3-bucket-name";
import { AWS_TAGS } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { useRelativeLocalState } from "../core/relative-local-state";
import { checkAgainstAwsStack } from "./aws-stack-checks";

const ACCOUNT_ACCESS = object(
  {
    /** The 12-digit account; its IAM policies then decide which of its roles may use the grant. */
    accountId: required(ACCOUNT_ID),
    /** The key prefix it may list, read, write and delete under, e.g. `svc/dev/` (ends with `/`). */
    keyPrefix: required(matches(/^[A-Za-z0-9!_.'()-]+(\/[A-Za-z0-9!_.'()-]+)*\/$/, "a key prefix such as svc/dev/ (no leading /, no wildcard, ending with /)")),
  },
  { expected: "an object { accountId, keyPrefix }" },
);

/** Another account's access to its own part of the bucket, granted by the bucket policy. */
export interface StateBucketAccountAccess extends TypeOf<typeof ACCOUNT_ACCESS> {}

/** The props of `StateBucket`. */
export const STATE_BUCKET_PROPS = props(
  {
    /** Globally unique bucket name (S3 naming rules: 3 to 63 lowercase letters, digits, `-` and `.`). */
    bucketName: required(S3_BUCKET_NAME),
    /** Customer-managed KMS key for state objects. @default the AWS-managed key aws/s3 */
    kmsKeyArn: optional(KMS_KEY_OR_ALIAS_ARN),
    /** Days a replaced state version is kept before it expires. @default 90 */
    noncurrentVersionExpirationDays: optional(integerBetween(1, 3650, "days")),
    /** Days before an unfinished multipart upload is aborted. @default 7 */
    abortIncompleteUploadDays: optional(integerBetween(1, 365, "days")),
    /**
     * Accounts other than the bucket's own that keep state here, each limited to its key prefix
     * (environments in their own accounts sharing one state bucket).
     * @default none: only the owning account, through its IAM policies
     */
    accountAccess: optional(list(ACCOUNT_ACCESS.named<StateBucketAccountAccess>(), { of: "{ accountId, keyPrefix }" })),
    /** Tags on every resource it creates (the provider adds its default tags). @default none */
    tags: optional(AWS_TAGS),
  },
  {
    name: "StateBucket props",
    expected: "an object with at least bucketName",
    refine(props, r) {
      const scope = r.scope!;
      // Bucket names are global: a second bucket with the same name fails at apply (BucketAlreadyOwnedByYou).
      claimUniqueName(r.v, scope, "bucket name", "bucketName", props.bucketName);
      checkAgainstAwsStack(r, props);
    },
  },
);

export interface StateBucketProps extends TypeOf<typeof STATE_BUCKET_PROPS> {}

/**
 * The bucket that holds Terraform remote state: versioned, KMS-encrypted, private (all four public
 * access blocks, bucket owner enforced), TLS only, old versions expired, and protected from destroy.
 */
export class StateBucket extends Construct {
  public readonly bucketName: string;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    useRelativeLocalState(this);
    STATE_BUCKET_PROPS.validate(this, props);

    const bucket = new S3Bucket(this, "Bucket", {
      bucket: props.bucketName,
      tags: props.tags ? { ...props.tags } : undefined,
      lifecycle: { preventDestroy: true },
    });
    const versioning = new S3BucketVersioningA(this, "Versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const policy = new DataAwsIamPolicyDocument(this, "BucketPolicy", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          // A Deny narrows access; denying every S3 action is what makes plain HTTP useless.
          actions: ["s3:*"],
          resources: [bucket.arn, `${bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        ...(props.accountAccess ?? []).flatMap((access) => accountStatements(bucket.arn, access)),
      ],
    });
    new S3BucketPolicy(this, "Policy", {
      bucket: bucket.id,
      policy: policy.json,
      dependsOn: [publicAccess],
    });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
        {
          id: "abort-incomplete-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteUploadDays ?? 7 }],
        },
      ],
      // Noncurrent-version rules need versioning on first (as the provider's documentation asks).
      dependsOn: [versioning],
    });

    this.bucketName = bucket.bucket;
    this.arn = bucket.arn;
  }
}

/**
 * What the S3 backend needs, for one account under its own prefix only: list the prefix (workspaces
 * and the lock file), read, write and delete its objects (state and `.tflock`).
 */
function accountStatements(bucketArn: string, access: StateBucketAccountAccess) {
  const principals = [{ type: "AWS", identifiers: [`arn:aws:iam::${access.accountId}:root`] }];
  const sid = `Account${access.accountId}${access.keyPrefix.replace(/[^A-Za-z0-9]/g, "")}`;
  return [
    {
      sid: `${sid}List`,
      effect: "Allow",
      principals,
      actions: ["s3:ListBucket"],
      resources: [bucketArn],
      condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${access.keyPrefix}*`] }],
    },
    {
      sid: `${sid}ReadWrite`,
      effect: "Allow",
      principals,
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      resources: [`${bucketArn}/${access.keyPrefix}*`],
    },
  ];
}
