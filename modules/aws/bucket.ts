import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { booleanValue, integerBetween, KMS_KEY_ARN, matches } from "../core/rules";
import { optional, props, required, type TypeOf } from "../core/schema";
import { AWS_TAGS } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { Validator } from "../core/validation";
import { grantToFunction, keyStatement, sidPart, type GrantableFunction, type GrantStatement } from "./function-grants";
import { S3_BUCKET_NAME } from "./s3-bucket-name";
import { checkAgainstAwsStack } from "./aws-stack-checks";

/** Days before S3 aborts a multipart upload that was never completed (its parts are billed until then). */
const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/** The props of `Bucket`. */
export const BUCKET_PROPS = props(
  {
    /** Globally unique bucket name (S3 naming rules: 3 to 63 lowercase letters, digits, `-` and `.`). */
    bucketName: required(S3_BUCKET_NAME),
    /** Keep every version of an object, so an overwritten or deleted one can be restored. @default true */
    versioned: optional(booleanValue),
    /** Customer-managed KMS key (a key ARN, in the stack's region); grants then include the key through S3. @default the AWS-managed key aws/s3 */
    kmsKeyArn: optional(KMS_KEY_ARN),
    /** Days after which objects expire (and, in a versioned bucket, replaced versions too), 1 to 36500. @default never */
    expireAfterDays: optional(integerBetween(1, 36500, "days")),
    /** Tags on the bucket (the provider adds its default tags). @default none */
    tags: optional(AWS_TAGS),
  },
  {
    name: "Bucket props",
    expected: "an object with at least bucketName",
    refine(bucket, r) {
      if (!r.scope) return;
      // Bucket names are global: a second bucket with the same name fails at apply (BucketAlreadyOwnedByYou).
      claimUniqueName(r.v, r.scope, "bucket name", "bucketName", bucket.bucketName);
      checkAgainstAwsStack(r, bucket);
    },
  },
);

export interface BucketProps extends TypeOf<typeof BUCKET_PROPS> {}

/** A key prefix a grant is limited to: no wildcard and no policy variable (it is written into the ARN), not starting with `/`. */
const PREFIX = matches(/^(?!\/)[^*?$]{1,1024}$/, "a key prefix such as uploads/ (1 to 1024 characters, not starting with /, without * ? or $)");

/** Reading objects; listing keys is `ListBucket` on the bucket, limited to the prefix by `s3:prefix`. */
const READ_ACTIONS = ["s3:GetObject"];
/** Writing objects: put (multipart uploads included), abort an upload, delete. */
const WRITE_ACTIONS = ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"];
/** S3 decrypts an object's data key with the reader's permission; a writer makes one (and multipart uploads decrypt it). */
const READ_KEY_ACTIONS = ["kms:Decrypt"];
const WRITE_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

/**
 * An S3 bucket, secure by default: private (all four public access blocks, ACLs disabled by
 * `BucketOwnerEnforced`), TLS only (its policy denies plain HTTP), encrypted with KMS (the
 * AWS-managed key or a customer-managed one, with an S3 bucket key), versioned, and unfinished
 * uploads aborted after 7 days. `grant*` methods give a function exactly what it needs, on the
 * whole bucket or under one key prefix.
 */
export class Bucket extends Construct {
  /** The bucket's name as given. */
  public readonly bucketName: string;
  /** The bucket's name (a reference to it, for `{ type: "s3", bucket }` events and environment variables). */
  public readonly name: string;
  public readonly arn: string;
  /** The customer-managed key that encrypts the bucket, when it has one. */
  public readonly kmsKeyArn?: string;
  public readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: BucketProps) {
    super(scope, id);
    BUCKET_PROPS.validate(this, props);
    this.bucketName = props.bucketName;
    this.kmsKeyArn = props.kmsKeyArn;
    const versioned = props.versioned ?? true;
    // "Default": the bucket keeps the address a raw S3Bucket with the construct's id had (`aws_s3_bucket.<id>`).
    this.bucket = new S3Bucket(this, "Default", { bucket: props.bucketName, tags: props.tags ? { ...props.tags } : undefined });
    const bucketId = this.bucket.id;
    const publicAccess = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", { bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: bucketId,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    const versioning = versioned ? new S3BucketVersioningA(this, "Versioning", { bucket: bucketId, versioningConfiguration: { status: "Enabled" } }) : undefined;
    const tlsOnly = new DataAwsIamPolicyDocument(this, "PolicyDocument", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          // A Deny narrows access; denying every S3 action is what makes plain HTTP useless.
          actions: ["s3:*"],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new S3BucketPolicy(this, "Policy", { bucket: bucketId, policy: tlsOnly.json, dependsOn: [publicAccess] });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucketId,
      rule: lifecycleRules(versioned, props.expireAfterDays),
      // Noncurrent-version rules need versioning on first (as the provider's documentation asks).
      dependsOn: versioning ? [versioning] : undefined,
    });
    this.name = this.bucket.bucket;
    this.arn = this.bucket.arn;
  }

  /** Lets `fn` read objects (and list keys) of the bucket, or only those under `prefix`. */
  public grantRead(fn: GrantableFunction, prefix?: string): void {
    grantToFunction(this, "Bucket", "grantRead", fn, this.readStatements("grantRead", prefix));
  }

  /** Lets `fn` write (put, delete, abort uploads of) objects of the bucket, or only those under `prefix`. */
  public grantWrite(fn: GrantableFunction, prefix?: string): void {
    grantToFunction(this, "Bucket", "grantWrite", fn, this.writeStatements("grantWrite", prefix));
  }

  /** Both `grantRead` and `grantWrite`, on the same objects. */
  public grantReadWrite(fn: GrantableFunction, prefix?: string): void {
    grantToFunction(this, "Bucket", "grantReadWrite", fn, [...this.readStatements("grantReadWrite", prefix), ...this.writeStatements("grantReadWrite", prefix)]);
  }

  private readStatements(method: string, prefix: string | undefined): GrantStatement[] {
    const { sid, objects } = this.target(method, prefix);
    return [
      { sid: `${sid}Read`, actions: READ_ACTIONS, resources: [objects] },
      {
        sid: `${sid}List`,
        actions: ["s3:ListBucket"],
        resources: [this.arn],
        ...(prefix !== undefined ? { conditions: [{ test: "StringLike", variable: "s3:prefix", values: [`${prefix}*`] }] } : {}),
      },
      ...this.keyStatements(`${sid}ReadKey`, READ_KEY_ACTIONS),
    ];
  }

  private writeStatements(method: string, prefix: string | undefined): GrantStatement[] {
    const { sid, objects } = this.target(method, prefix);
    return [{ sid: `${sid}Write`, actions: WRITE_ACTIONS, resources: [objects] }, ...this.keyStatements(`${sid}WriteKey`, WRITE_KEY_ACTIONS)];
  }

  /** The objects a grant is on (every object, or those under `prefix`) and its statements' sid. */
  private target(method: string, prefix: string | undefined): { sid: string; objects: string } {
    if (prefix !== undefined) new Validator(`Bucket ${method}`, this.node.path).check("prefix", prefix, PREFIX).throwIfInvalid();
    const sid = `Bucket${sidPart(this.node.id)}${prefix !== undefined ? sidPart(prefix) : ""}`;
    return { sid, objects: `${this.arn}/${prefix ?? ""}*` };
  }

  private keyStatements(sid: string, actions: readonly string[]): GrantStatement[] {
    return this.kmsKeyArn !== undefined ? [keyStatement(this, sid, this.kmsKeyArn, actions, "s3", `bucket ${this.bucketName}`)] : [];
  }
}

/** Unfinished uploads aborted; with `expireAfterDays`, objects (and replaced versions) expire. */
function lifecycleRules(versioned: boolean, expireAfterDays: number | undefined): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: "abort-incomplete-uploads",
      status: "Enabled",
      filter: [{ prefix: "" }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
    },
  ];
  if (expireAfterDays !== undefined) {
    rules.push({
      id: "expire-objects",
      status: "Enabled",
      filter: [{ prefix: "" }],
      expiration: [{ days: expireAfterDays }],
      ...(versioned ? { noncurrentVersionExpiration: [{ noncurrentDays: expireAfterDays }] } : {}),
    });
  }
  return rules;
}
