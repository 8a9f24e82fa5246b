import { Testing } from "cdktf";
import { StateBucket, type StateBucketProps } from "../../../modules/aws";
import { dataSource, newStack, only, ref, resolved, resources, validationError, type Json } from "./support";

const NAME = "svc-terraform-state-eu-west-1";

function bucket(props: Partial<StateBucketProps> = {}) {
  const stack = newStack();
  const construct = new StateBucket(stack, "State", { bucketName: NAME, ...props } as StateBucketProps);
  return { stack, bucket: construct, json: JSON.parse(Testing.synth(stack)) as Json };
}

const BUCKET_ID = ref("aws_s3_bucket", "id");

describe("StateBucket", () => {
  test("the bucket is named as given and protected from destroy", () => {
    const { json } = bucket();
    expect(only(json, "aws_s3_bucket")).toEqual({ bucket: NAME, lifecycle: { prevent_destroy: true } });
  });

  test("versioning is enabled", () => {
    expect(only(bucket().json, "aws_s3_bucket_versioning")).toEqual({
      bucket: expect.stringMatching(BUCKET_ID),
      versioning_configuration: { status: "Enabled" },
    });
  });

  test("objects are encrypted with aws:kms and a bucket key (AWS-managed key by default)", () => {
    expect(only(bucket().json, "aws_s3_bucket_server_side_encryption_configuration")).toEqual({
      bucket: expect.stringMatching(BUCKET_ID),
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true }],
    });
  });

  test("a customer-managed KMS key when given", () => {
    const key = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const sse = only(bucket({ kmsKeyArn: key }).json, "aws_s3_bucket_server_side_encryption_configuration");
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: key });
  });

  test("all four public access blocks are on", () => {
    expect(only(bucket().json, "aws_s3_bucket_public_access_block")).toEqual({
      bucket: expect.stringMatching(BUCKET_ID),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("object ownership is BucketOwnerEnforced (ACLs disabled)", () => {
    expect(only(bucket().json, "aws_s3_bucket_ownership_controls")).toEqual({
      bucket: expect.stringMatching(BUCKET_ID),
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  test("the bucket policy denies every request not made over TLS, on the bucket and its objects", () => {
    const { json } = bucket();
    const policy = only(json, "aws_s3_bucket_policy");
    expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.[A-Za-z0-9_]+\.json\}$/);
    const publicAccessId = Object.keys(resources(json, "aws_s3_bucket_public_access_block"))[0];
    expect(policy.depends_on).toEqual([`aws_s3_bucket_public_access_block.${publicAccessId}`]);
    expect(dataSource(json, "aws_iam_policy_document", "BucketPolicy").statement).toEqual([
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: [expect.stringMatching(ref("aws_s3_bucket", "arn")), expect.stringMatching(/^\$\{aws_s3_bucket\.[A-Za-z0-9_]+\.arn\}\/\*$/)],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
  });

  test("accountAccess: another account may list, read, write and delete under its own prefix only", () => {
    const { json } = bucket({ accountAccess: [{ accountId: "222222222222", keyPrefix: "svc/stg/" }] });
    const statements = dataSource(json, "aws_iam_policy_document", "BucketPolicy").statement as Json[];
    expect(statements.slice(1)).toEqual([
      {
        sid: "Account222222222222svcstgList",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::222222222222:root"] }],
        actions: ["s3:ListBucket"],
        resources: [expect.stringMatching(ref("aws_s3_bucket", "arn"))],
        condition: [{ test: "StringLike", variable: "s3:prefix", values: ["svc/stg/*"] }],
      },
      {
        sid: "Account222222222222svcstgReadWrite",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::222222222222:root"] }],
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: [expect.stringMatching(/^\$\{aws_s3_bucket\.[A-Za-z0-9_]+\.arn\}\/svc\/stg\/\*$/)],
      },
    ]);
  });

  test("lifecycle: old state versions expire after 90 days, unfinished uploads are aborted after 7", () => {
    const lifecycle = only(bucket().json, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.bucket).toMatch(BUCKET_ID);
    expect(lifecycle.rule).toEqual([
      {
        id: "expire-old-state-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        expiration: [{ expired_object_delete_marker: true }],
      },
      {
        id: "abort-incomplete-uploads",
        status: "Enabled",
        filter: [{ prefix: "" }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  test("lifecycle days as given", () => {
    const rule = only(bucket({ noncurrentVersionExpirationDays: 30, abortIncompleteUploadDays: 1 }).json, "aws_s3_bucket_lifecycle_configuration").rule;
    expect(rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(rule[1].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 1 }]);
  });

  test("the lifecycle configuration waits for versioning (noncurrent-version rules need it)", () => {
    const { json } = bucket();
    const versioningId = Object.keys(resources(json, "aws_s3_bucket_versioning"))[0];
    expect(only(json, "aws_s3_bucket_lifecycle_configuration").depends_on).toEqual([`aws_s3_bucket_versioning.${versioningId}`]);
  });

  test("tags on the bucket", () => {
    expect(only(bucket({ tags: { Owner: "platform-team" } }).json, "aws_s3_bucket").tags).toEqual({ Owner: "platform-team" });
  });

  test("exposes the bucket name and ARN", () => {
    const { stack, bucket: construct } = bucket();
    expect(resolved(stack, construct.bucketName)).toMatch(ref("aws_s3_bucket", "bucket"));
    expect(resolved(stack, construct.arn)).toMatch(ref("aws_s3_bucket", "arn"));
  });
});

describe("StateBucket validation", () => {
  const RULE = "3 to 63 lowercase letters, digits, - and . (S3 bucket naming rules)";

  function refused(props: Partial<StateBucketProps>, prop: string, rule: string, received: unknown): void {
    const error = validationError(() => bucket(props));
    expect(error.problems).toEqual([{ path: "stack/State", prop, rule, received }]);
    expect(error.message).toContain(`Invalid StateBucket props at stack/State`);
    expect(error.message).toContain(`[stack/State] ${prop}: must be ${rule}; received ${JSON.stringify(received)}`);
  }

  test("accountAccess: an account id that is not 12 digits is refused", () => {
    refused({ accountAccess: [{ accountId: "2222", keyPrefix: "svc/stg/" }] }, "accountAccess[0].accountId", "a 12-digit AWS account id", "2222");
  });

  test("accountAccess: a key prefix with a wildcard, a leading / or no trailing / is refused", () => {
    for (const keyPrefix of ["svc/*", "/svc/stg/", "svc/stg"]) {
      refused(
        { accountAccess: [{ accountId: "222222222222", keyPrefix }] },
        "accountAccess[0].keyPrefix",
        "a key prefix such as svc/dev/ (no leading /, no wildcard, ending with /)",
        keyPrefix,
      );
    }
  });

  test("an unknown prop (bucket) is refused, not ignored", () => {
    refused(
      { bucket: "x" } as Partial<StateBucketProps>,
      "bucket",
      "one of the known props (bucketName, kmsKeyArn, noncurrentVersionExpirationDays, abortIncompleteUploadDays, accountAccess, tags)",
      "an unknown prop",
    );
  });

  test("a second bucket of the stack with the same name is refused", () => {
    const stack = newStack();
    new StateBucket(stack, "A", { bucketName: NAME });
    const error = validationError(() => new StateBucket(stack, "B", { bucketName: NAME }));
    expect(error.problems).toEqual([
      { path: "stack/B", prop: "bucketName", rule: "a bucket name no other construct of the stack uses (stack/A has it)", received: NAME },
    ]);
  });

  test("a bucket name with uppercase is refused", () => {
    refused({ bucketName: "Svc-State" }, "bucketName", RULE, "Svc-State");
  });

  test("a bucket name in IP address form is refused", () => {
    refused({ bucketName: "192.168.5.4" }, "bucketName", RULE, "192.168.5.4");
  });

  test.each(["ab", "a".repeat(64), "-state", "state-", "my..state", "my.-state", "my_state", "xn--state", "sthree-state", "state-s3alias", "state--ol-s3"])(
    "the bucket name %p is refused",
    (name) => {
      refused({ bucketName: name }, "bucketName", RULE, name);
    },
  );

  test.each(["abc", "a".repeat(63), "svc.state.eu-west-1", "1-state"])("the bucket name %p is accepted", (name) => {
    expect(() => bucket({ bucketName: name })).not.toThrow();
  });

  test("a missing bucket name is refused", () => {
    const error = validationError(() => bucket({ bucketName: undefined }));
    expect(error.problems[0]).toMatchObject({ prop: "bucketName", rule: "set (it is required)" });
  });

  test("a KMS key that is not a KMS ARN is refused", () => {
    refused({ kmsKeyArn: "alias/aws/s3" }, "kmsKeyArn", "a KMS key or alias ARN, ...:key/<key id> or ...:alias/<name> (arn:aws:kms:<region>:<account>:...)", "alias/aws/s3");
  });

  test("noncurrentVersionExpirationDays 0 is refused", () => {
    refused({ noncurrentVersionExpirationDays: 0 }, "noncurrentVersionExpirationDays", "an integer from 1 to 3650 days", 0);
  });

  test("abortIncompleteUploadDays 366 is refused", () => {
    refused({ abortIncompleteUploadDays: 366 }, "abortIncompleteUploadDays", "an integer from 1 to 365 days", 366);
  });

  test("tag value over 256 characters is refused", () => {
    const value = "v".repeat(257);
    const error = validationError(() => bucket({ tags: { Owner: value } }));
    expect(error.problems.map((p) => p.prop)).toEqual(["tags.Owner"]);
  });

  test("several problems are reported together", () => {
    const error = validationError(() => bucket({ bucketName: "Bad_Name", kmsKeyArn: "k", abortIncompleteUploadDays: 0 }));
    expect(error.problems.map((p) => p.prop)).toEqual(["bucketName", "kmsKeyArn", "abortIncompleteUploadDays"]);
  });
});
