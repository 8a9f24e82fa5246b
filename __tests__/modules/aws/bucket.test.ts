import { Testing } from "cdktf";
import { Bucket, type BucketProps } from "../../../modules/aws";
import { only, resources, validationError, type Json } from "./support";
import { envStack, EVERY_ENVIRONMENT, grantedStatements, grantee, KEY_ARN, packReport } from "./data-support";

const UPLOADS: BucketProps = { bucketName: "orders-uploads-111111111111" };
const synth = (stack: ReturnType<typeof envStack>): Json => JSON.parse(Testing.synth(stack));
const BUCKET = "${aws_s3_bucket.Uploads.id}";

describe("Bucket", () => {
  test("defaults: private, owner-enforced, KMS-encrypted with a bucket key, versioned, TLS only, unfinished uploads aborted", () => {
    const stack = envStack();
    new Bucket(stack, "Uploads", UPLOADS);
    const json = synth(stack);
    expect(resources(json, "aws_s3_bucket")).toEqual({ Uploads: { bucket: "orders-uploads-111111111111" } });
    expect(only(json, "aws_s3_bucket_public_access_block")).toEqual({
      bucket: BUCKET,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only(json, "aws_s3_bucket_ownership_controls")).toEqual({ bucket: BUCKET, rule: { object_ownership: "BucketOwnerEnforced" } });
    expect(only(json, "aws_s3_bucket_server_side_encryption_configuration")).toEqual({
      bucket: BUCKET,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true }],
    });
    expect(only(json, "aws_s3_bucket_versioning")).toEqual({ bucket: BUCKET, versioning_configuration: { status: "Enabled" } });
    expect(only(json, "aws_s3_bucket_lifecycle_configuration")).toMatchObject({
      bucket: BUCKET,
      rule: [{ id: "abort-incomplete-uploads", status: "Enabled", filter: [{ prefix: "" }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }],
    });
    const policy = only(json, "aws_s3_bucket_policy");
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\.Uploads_PublicAccessBlock_[0-9A-F]{8}$/)]);
    expect(Object.values(json.data.aws_iam_policy_document as Record<string, Json>)[0].statement).toEqual([
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: ["${aws_s3_bucket.Uploads.arn}", "${aws_s3_bucket.Uploads.arn}/*"],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
  });

  test("a customer key, expiry (objects and replaced versions), unversioned, tags", () => {
    const stack = envStack();
    new Bucket(stack, "Uploads", { ...UPLOADS, kmsKeyArn: KEY_ARN, expireAfterDays: 30, tags: { Team: "a" } });
    new Bucket(stack, "Scratch", { bucketName: "scratch-111111111111", versioned: false, expireAfterDays: 1 });
    const json = synth(stack);
    const of = (type: string, id: string) => Object.entries(resources(json, type)).find(([k]) => k.startsWith(`${id}_`))![1];
    const encryption = of("aws_s3_bucket_server_side_encryption_configuration", "Uploads");
    expect(encryption.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: KEY_ARN });
    expect(resources(json, "aws_s3_bucket").Uploads.tags).toEqual({ Team: "a" });
    const lifecycles = [of("aws_s3_bucket_lifecycle_configuration", "Uploads"), of("aws_s3_bucket_lifecycle_configuration", "Scratch")];
    expect(lifecycles[0].rule[1]).toEqual({ id: "expire-objects", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: 30 }], noncurrent_version_expiration: [{ noncurrent_days: 30 }] });
    expect(lifecycles[1].rule[1]).toEqual({ id: "expire-objects", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: 1 }] });
    expect(lifecycles[1].depends_on).toBeUndefined();
    expect(Object.keys(resources(json, "aws_s3_bucket_versioning"))).toEqual([expect.stringMatching(/^Uploads_/)]);
  });

  test.each<[string, Partial<BucketProps> & Record<string, unknown>, string, RegExp, Partial<BucketProps>]>([
    ["an uppercase name", { bucketName: "Orders-Uploads" }, "bucketName", /lowercase/, { bucketName: "orders-uploads" }],
    ["expiry of zero days", { expireAfterDays: 0 }, "expireAfterDays", /from 1 to 36500/, { expireAfterDays: 1 }],
    ["a key of another region", { kmsKeyArn: KEY_ARN.replace("eu-west-1", "us-west-2") }, "kmsKeyArn", /region/, { kmsKeyArn: KEY_ARN }],
    ["a misspelt prop", { versioning: true }, "versioning", /one of the known props \(bucketName, versioned, kmsKeyArn, expireAfterDays, tags\)/, { versioned: true }],
  ])("Noncompliance: %s is refused; its safe twin is accepted", (_what, bad, prop, rule, twin) => {
    const error = validationError(() => new Bucket(envStack(), "Uploads", { ...UPLOADS, ...bad } as BucketProps));
    expect(error.problems.map((p) => [p.path, p.prop])).toEqual([["stack/Uploads", prop]]);
    expect(error.problems[0].rule).toMatch(rule);
    expect(() => new Bucket(envStack(), "Uploads", { ...UPLOADS, ...twin })).not.toThrow();
  });

  describe("grants", () => {
    test("grantRead with a prefix: objects under it, and listing limited to it", () => {
      const stack = envStack();
      new Bucket(stack, "Uploads", UPLOADS).grantRead(grantee(stack), "incoming/");
      expect(grantedStatements(stack)).toEqual([
        { sid: "BucketUploadsIncomingRead", effect: "Allow", actions: ["s3:GetObject"], resources: ["${aws_s3_bucket.Uploads.arn}/incoming/*"] },
        {
          sid: "BucketUploadsIncomingList",
          effect: "Allow",
          actions: ["s3:ListBucket"],
          resources: ["${aws_s3_bucket.Uploads.arn}"],
          condition: [{ test: "StringLike", variable: "s3:prefix", values: ["incoming/*"] }],
        },
      ]);
    });

    test("grantWrite on the whole bucket; grantReadWrite on a prefix; a customer key through S3", () => {
      const stack = envStack();
      const bucket = new Bucket(stack, "Uploads", { ...UPLOADS, kmsKeyArn: KEY_ARN });
      bucket.grantWrite(grantee(stack, "Writer"));
      bucket.grantReadWrite(grantee(stack, "Both"), "thumbs/");
      const via = [{ test: "StringEquals", variable: "kms:ViaService", values: ["s3.eu-west-1.amazonaws.com"] }];
      expect(grantedStatements(stack, "Writer")).toEqual([
        { sid: "BucketUploadsWrite", effect: "Allow", actions: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"], resources: ["${aws_s3_bucket.Uploads.arn}/*"] },
        { sid: "BucketUploadsWriteKey", effect: "Allow", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [KEY_ARN], condition: via },
      ]);
      expect(grantedStatements(stack, "Both").map((s) => [s.sid, s.resources])).toEqual([
        ["BucketUploadsThumbsRead", ["${aws_s3_bucket.Uploads.arn}/thumbs/*"]],
        ["BucketUploadsThumbsList", ["${aws_s3_bucket.Uploads.arn}"]],
        ["BucketUploadsThumbsReadKey", [KEY_ARN]],
        ["BucketUploadsThumbsWrite", ["${aws_s3_bucket.Uploads.arn}/thumbs/*"]],
        ["BucketUploadsThumbsWriteKey", [KEY_ARN]],
      ]);
    });

    test.each(["*", "in/*", "/abs", "a?b", "${aws:username}/"])("a prefix %p is refused (it is written into the ARN)", (prefix) => {
      const stack = envStack();
      const bucket = new Bucket(stack, "Uploads", UPLOADS);
      const error = validationError(() => bucket.grantRead(grantee(stack), prefix));
      expect(error.message).toMatch(/^Invalid Bucket grantRead at stack\/Uploads/);
      expect(error.problems.map((p) => [p.prop, p.received])).toEqual([["prefix", prefix]]);
    });
  });

  test.each(EVERY_ENVIRONMENT)("passes the rule pack in %s with no suppression, granted to a function", (environment) => {
    const stack = envStack(environment);
    const bucket = new Bucket(stack, "Uploads", { ...UPLOADS, kmsKeyArn: KEY_ARN, expireAfterDays: 90 });
    bucket.grantReadWrite(grantee(stack), "incoming/");
    const report = packReport(stack);
    expect(report.findings.filter((f) => f.path.startsWith("stack/Uploads") || /s3|iam|kms|resource-policy/.test(f.ruleId))).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });
});
