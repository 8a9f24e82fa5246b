import type { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { overlappingFilter, type BucketLambdaNotification } from "../../../../modules/aws/events/bucket-notifications";

const existing = (events: string[], prefix?: string, suffix?: string): BucketLambdaNotification[] => [
  { id: "a-1", owner: "stack/A", lambdaFunctionArn: "arn", events, prefix, suffix, permission: {} as LambdaPermission },
];

/** Existing events, prefix, suffix; new events, prefix, suffix; why. */
type Case = [string[], string | undefined, string | undefined, string[], string | undefined, string | undefined, string];

describe("events: S3's overlapping-filter rule", () => {
  test.each<Case>([
    [["s3:ObjectCreated:*"], undefined, undefined, ["s3:ObjectCreated:Put"], "x/", ".jpg", "an absent filter matches every key"],
    [["s3:ObjectCreated:*"], "images/", undefined, ["s3:ObjectCreated:*"], "images/thumbs/", undefined, "one prefix starts the other"],
    [["s3:ObjectCreated:Put"], undefined, ".jpg", ["s3:ObjectCreated:*"], undefined, "large.jpg", "one suffix ends the other"],
  ])("%p %p %p and %p %p %p overlap (%s)", (e1, p1, s1, e2, p2, s2) => {
    expect(overlappingFilter(existing(e1, p1, s1), { events: e2, prefix: p2, suffix: s2 })).toBe("stack/A");
  });

  test.each<Case>([
    [["s3:ObjectCreated:*"], "in/", undefined, ["s3:ObjectRemoved:*"], "in/", undefined, "different event types"],
    [["s3:ObjectCreated:*"], "images/", undefined, ["s3:ObjectCreated:*"], "invoices/", undefined, "disjoint prefixes"],
    [["s3:ObjectCreated:*"], undefined, ".jpg", ["s3:ObjectCreated:*"], undefined, ".png", "disjoint suffixes"],
    [["s3:ObjectCreated:Put"], undefined, undefined, ["s3:ObjectCreated:Copy"], undefined, undefined, "two events of one family"],
  ])("%p %p %p and %p %p %p do not overlap (%s)", (e1, p1, s1, e2, p2, s2) => {
    expect(overlappingFilter(existing(e1, p1, s1), { events: e2, prefix: p2, suffix: s2 })).toBeUndefined();
  });
});
