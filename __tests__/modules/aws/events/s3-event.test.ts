import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TerraformStack, Testing } from "cdktf";
import { Bucket } from "../../../../modules/aws";
import { only, resources, validationError, type Json } from "../support";
import { ACCOUNT, accountStack, addedStatements, build, expectRefused, withProps } from "./helpers";

describe("events: s3", () => {
  test("a permission for S3 on that bucket from the provider's account, and the bucket's notification after it", () => {
    const { json } = withProps({ events: [{ type: "s3", bucketName: "orders-uploads", prefix: "incoming/", suffix: ".csv" }] });
    const permission = only(json, "aws_lambda_permission");
    expect(permission).toEqual({
      statement_id: "event-s3-orders-uploads-incoming-csv",
      action: "lambda:InvokeFunction",
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.[^.]+\.function_name\}$/),
      principal: "s3.amazonaws.com",
      source_arn: "arn:aws:s3:::orders-uploads",
      source_account: ACCOUNT,
    });
    const notification = only(json, "aws_s3_bucket_notification");
    expect(notification).toEqual({
      bucket: "orders-uploads",
      lambda_function: [
        {
          id: "orders-worker-s3-orders-uploads-incoming-csv",
          lambda_function_arn: expect.stringMatching(/^\$\{aws_lambda_function\.[^.]+\.arn\}$/),
          events: ["s3:ObjectCreated:*"],
          filter_prefix: "incoming/",
          filter_suffix: ".csv",
        },
      ],
      depends_on: [`aws_lambda_permission.${Object.keys(resources(json, "aws_lambda_permission"))[0]}`],
    });
    // A push source: the execution role gets nothing.
    expect(addedStatements(json)).toEqual([]);
  });

  test("bucketAccountId overrides the provider's account; without either, source_account cannot be known and is required", () => {
    const { json } = withProps({ events: [{ type: "s3", bucketName: "orders-uploads", bucketAccountId: "222222222222" }] });
    expect(only(json, "aws_lambda_permission").source_account).toBe("222222222222");
    const bare = new TerraformStack(Testing.app(), "stack");
    new AwsProvider(bare, "aws", { region: "eu-west-1" });
    expectRefused({ events: [{ type: "s3", bucketName: "orders-uploads" }] }, "events[0].bucketAccountId", /the account that owns the bucket/, undefined, bare);
  });

  test("two functions of a stack on one bucket share one notification, one block each, after both permissions", () => {
    const stack = accountStack();
    build({ functionName: "thumbnails", events: [{ type: "s3", bucketName: "orders-uploads", prefix: "images/" }] }, stack, "A");
    build({ functionName: "invoices", events: [{ type: "s3", bucketName: "orders-uploads", prefix: "invoices/", suffix: ".pdf" }] }, stack, "B");
    const json: Json = JSON.parse(Testing.synth(stack));
    const notification = only(json, "aws_s3_bucket_notification");
    expect(notification.lambda_function.map((l: Json) => [l.id, l.filter_prefix, l.filter_suffix])).toEqual([
      ["thumbnails-s3-orders-uploads-images", "images/", undefined],
      ["invoices-s3-orders-uploads-invoices-pdf", "invoices/", ".pdf"],
    ]);
    expect(notification.depends_on).toHaveLength(2);
    expect(Object.keys(resources(json, "aws_lambda_permission"))).toHaveLength(2);
  });

  test("a bucket given as a reference (bucket.bucket) is shared too", () => {
    const stack = accountStack();
    const bucket = new S3Bucket(stack, "Uploads", { bucket: "orders-uploads" });
    build({ functionName: "a", events: [{ type: "s3", bucketName: bucket.bucket, prefix: "a/" }] }, stack, "A");
    build({ functionName: "b", events: [{ type: "s3", bucketName: bucket.bucket, prefix: "b/" }] }, stack, "B");
    const json: Json = JSON.parse(Testing.synth(stack));
    expect(only(json, "aws_s3_bucket_notification")).toMatchObject({ bucket: "${aws_s3_bucket.Uploads.bucket}" });
    expect(Object.keys(resources(json, "aws_lambda_permission"))).toHaveLength(2);
  });

  test("overlapping filters for the same event types are refused, naming the function that has the other", () => {
    const stack = accountStack();
    build({ functionName: "a", events: [{ type: "s3", bucketName: "orders-uploads", prefix: "images/" }] }, stack, "A");
    const error = validationError(() =>
      build({ functionName: "b", events: [{ type: "s3", bucketName: "orders-uploads", prefix: "images/thumbs/", events: ["s3:ObjectCreated:Put"] }] }, stack, "B"),
    );
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].prop).toBe("events[0]");
    expect(error.problems[0].rule).toMatch(/S3 refuses overlapping prefixes and suffixes; stack\/A has one/);
  });

  test("the same prefix for different event types, or disjoint suffixes, do not overlap", () => {
    const stack = accountStack();
    build({ functionName: "a", events: [{ type: "s3", bucketName: "orders-uploads", prefix: "in/", events: ["s3:ObjectCreated:*"] }] }, stack, "A");
    build({ functionName: "b", events: [{ type: "s3", bucketName: "orders-uploads", prefix: "in/", events: ["s3:ObjectRemoved:*"] }] }, stack, "B");
    build({ functionName: "c", events: [{ type: "s3", bucketName: "other-bucket", suffix: ".jpg" }] }, stack, "C");
    expect(() => build({ functionName: "d", events: [{ type: "s3", bucketName: "other-bucket", suffix: ".png" }] }, stack, "D")).not.toThrow();
  });

  test("two stacks of the app writing the notification of one bucket are refused, both named", () => {
    const app = Testing.app();
    build({ functionName: "a", events: [{ type: "s3", bucketName: "orders-uploads", prefix: "a/" }] }, accountStack("first", app), "Fn");
    const error = validationError(() => build({ functionName: "b", events: [{ type: "s3", bucketName: "orders-uploads", prefix: "b/" }] }, accountStack("second", app), "Fn"));
    expect(error.problems.map((p) => p.prop)).toEqual(["events[0].bucketName"]);
    expect(error.problems[0].rule).toMatch(/stacks first and second would each overwrite the other's/);
  });

  test("event names must be S3's; bucket names S3's rules; prefix and suffix non-empty", () => {
    expectRefused({ events: [{ type: "s3", bucketName: "orders-uploads", events: ["s3:ObjectCreated"] }] }, "events[0].events[0]", /an S3 event type/, "s3:ObjectCreated");
    expectRefused({ events: [{ type: "s3", bucketName: "orders-uploads", events: [] }] }, "events[0].events", /a non-empty list of S3 event types/);
    expectRefused({ events: [{ type: "s3", bucketName: "Orders_Uploads" }] }, "events[0].bucketName", /S3 bucket naming rules/, "Orders_Uploads");
    expectRefused({ events: [{ type: "s3", bucketName: "orders-uploads", prefix: "" }] }, "events[0].prefix", /1 to 1024 characters/, "");
    expectRefused({ events: [{ type: "s3", bucketName: "orders-uploads", bucketAccountId: "12345" }] }, "events[0].bucketAccountId", /12-digit/, "12345");
  });
});

describe("events: s3 with a Bucket", () => {
  test("the permission names the bucket's ARN and the stack's account; the bucket's notification holds the block", () => {
    const stack = accountStack();
    const bucket = new Bucket(stack, "Uploads", { bucketName: "uploads-111111111111" });
    const { json } = withProps({ events: [{ type: "s3", bucket, prefix: "in/", suffix: ".csv" }] }, stack);
    expect(only(json, "aws_lambda_permission")).toMatchObject({
      statement_id: "event-s3-uploads-in-csv",
      principal: "s3.amazonaws.com",
      source_arn: "arn:aws:s3:::${aws_s3_bucket.Uploads.bucket}",
      source_account: ACCOUNT,
    });
    expect(only(json, "aws_s3_bucket_notification")).toMatchObject({
      bucket: "${aws_s3_bucket.Uploads.bucket}",
      lambda_function: [{ id: "orders-worker-s3-uploads-in-csv", filter_prefix: "in/", filter_suffix: ".csv", events: ["s3:ObjectCreated:*"] }],
    });
  });

  test("Noncompliance: both bucket and bucketName, or neither; overlapping filters on one Bucket; Compliance: distinct prefixes", () => {
    const withBucket = () => {
      const stack = accountStack();
      return { stack, bucket: new Bucket(stack, "Uploads", { bucketName: "uploads-111111111111" }) };
    };
    const both = withBucket();
    expectRefused({ events: [{ type: "s3", bucket: both.bucket, bucketName: "uploads-111111111111" }] }, "events[0].bucket | bucketName", /^exactly one of bucket \(a Bucket\) and bucketName$/, "both", both.stack);
    expectRefused({ events: [{ type: "s3" } as never] }, "events[0].bucket | bucketName", /^exactly one of/, "neither");
    const overlap = withBucket();
    expectRefused({ events: [{ type: "s3", bucket: overlap.bucket }, { type: "s3", bucket: overlap.bucket, prefix: "a/" }] }, "events[1]", /does not overlap/, {
      bucketName: "stack/Uploads",
      events: ["s3:ObjectCreated:*"],
      prefix: "a/",
      suffix: undefined,
    }, overlap.stack);
    const ok = withBucket();
    expect(() => build({ events: [{ type: "s3", bucket: ok.bucket, prefix: "a/" }, { type: "s3", bucket: ok.bucket, prefix: "b/" }] }, ok.stack)).not.toThrow();
  });
});
