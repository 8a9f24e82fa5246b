import type { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { overlappingFilter, type BucketLambdaNotification } from "../../../../modules/aws/events/bucket-notifications";

const existing = (events: string[], prefix?: string, suffix?: string): BucketLambdaNotification[] => [
  { id: "a-1", owner: "stack/A", lambdaFunctionArn: "arn", events, prefix, suffix, permission: {} as LambdaPermission },
];

describe("events: S3's overlapping-filter rule", () => {
  test.each([
    [["s3:ObjectCreated:*"], undefined, undefined, ["s3:ObjectCreated:Put"], "x/", ".jpg", "an absent filter matches every key"],
    [["s3:ObjectCreated:*"], "images/", undefined, ["s3:ObjectCreated:*"], "images/thumbs/", undefined, "one prefix starts the other"],
    [["s3:ObjectCreated:Put"], undefined, ".jpg", ["s3:ObjectCreated:*"], undefined, "large.jpg", "one suffix ends the other"],
  ])("%p %p %p and %p %p %p overlap (%s)", (e1, p1, s1, e2, p2, s2) => {
    expect(overlappingFilter(existing(e1 as string[], p1 as string | undefined, s1 as string | undefined), { events: e2 as string[], prefix: p2 as string | undefined, suffix: s2 as string | undefined })).toBe("stack/A");
  });

  test.each([
    [["s3:ObjectCreated:*"], "in/", undefined, ["s3:ObjectRemoved:*"], "in/", undefined, "different event types"],
    [["s3:ObjectCreated:*"], "images/", undefined, ["s3:ObjectCreated:*"], "invoices/", undefined, "disjoint prefixes"],
    [["s3:ObjectCreated:*"], undefined, ".jpg", ["s3:ObjectCreated:*"], undefined, ".png", "disjoint suffixes"],
    [["s3:ObjectCreated:Put"], undefined, undefined, ["s3:ObjectCreated:Copy"], undefined, undefined, "two events of one family"],
  ])("%p %p %p and %p %p %p do not overlap (%s)", (e1, p1, s1, e2, p2, s2) => {
    expect(overlappingFilter(existing(e1 as string[], p1 as string | undefined, s1 as string | undefined), { events: e2 as string[], prefix: p2 as string | undefined, suffix: s2 as string | undefined })).toBeUndefined();
  });
});
