// The project's StateBootstrapStack (stacks/state-bootstrap-stack.ts) in stock style.
import * as aws from "@cdktf/provider-aws";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { defaultTags, EnvironmentSettings } from "./settings";

export class StateBootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, environments: EnvironmentSettings[]) {
    super(scope, id);
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    new aws.provider.AwsProvider(this, "aws", {
      region: environments[0].stateRegion,
      defaultTags: [{ tags: { ...defaultTags(environments[0]), Environment: "shared" } }],
    });

    const names = Array.from(new Set(environments.map((e) => e.stateBucket))).sort();
    for (const bucketName of names) {
      const bucket = new aws.s3Bucket.S3Bucket(this, `StateBucket-${bucketName}`, {
        bucket: bucketName,
        lifecycle: { preventDestroy: true },
      });
      new aws.s3BucketVersioning.S3BucketVersioningA(this, `StateBucketVersioning-${bucketName}`, {
        bucket: bucket.id,
        versioningConfiguration: { status: "Enabled" },
      });
      new aws.s3BucketServerSideEncryptionConfiguration.S3BucketServerSideEncryptionConfigurationA(this, `StateBucketEncryption-${bucketName}`, {
        bucket: bucket.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
      });
      const publicAccess = new aws.s3BucketPublicAccessBlock.S3BucketPublicAccessBlock(this, `StateBucketPublicAccess-${bucketName}`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      new aws.s3BucketOwnershipControls.S3BucketOwnershipControls(this, `StateBucketOwnership-${bucketName}`, {
        bucket: bucket.id,
        rule: { objectOwnership: "BucketOwnerEnforced" },
      });
      const tlsOnly = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, `StateBucketTlsOnly-${bucketName}`, {
        statement: [
          {
            effect: "Deny",
            principals: [{ type: "*", identifiers: ["*"] }],
            actions: ["s3:*"],
            resources: [bucket.arn, `${bucket.arn}/*`],
            condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
          },
        ],
      });
      new aws.s3BucketPolicy.S3BucketPolicy(this, `StateBucketPolicy-${bucketName}`, {
        bucket: bucket.id,
        policy: tlsOnly.json,
        dependsOn: [publicAccess],
      });
      new aws.s3BucketLifecycleConfiguration.S3BucketLifecycleConfiguration(this, `StateBucketLifecycle-${bucketName}`, {
        bucket: bucket.id,
        rule: [
          {
            id: "expire-old-state-versions",
            status: "Enabled",
            filter: [{ prefix: "" }],
            noncurrentVersionExpiration: [{ noncurrentDays: 90 }],
            expiration: [{ expiredObjectDeleteMarker: true }],
          },
          {
            id: "abort-incomplete-uploads",
            status: "Enabled",
            filter: [{ prefix: "" }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          },
        ],
      });
      new TerraformOutput(this, `state_bucket_${bucketName.replace(/[^A-Za-z0-9]/g, "_")}`, { value: bucket.bucket });
    }
  }
}
