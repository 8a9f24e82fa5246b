import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { lengthBetween, oneOf } from "../../core/rules";
import { instanceOf, list, object, optional, required, type TypeOf } from "../../core/schema";
import type { Validator } from "../../core/validation";
import { ACCOUNT_ID } from "../aws-ids";
import { Bucket } from "../bucket";
import { S3_BUCKET_NAME } from "../s3-bucket-name";
import { BucketNotifications, bucketKey, overlappingFilter, type OwnedNotificationFilter } from "./bucket-notifications";
import { EVENT_IDENTITY_FIELDS, type EventIdentity } from "./event-identity";
import { allowInvoke, type EventBinding, type EventTarget } from "./event-target";
import { stackContext } from "../../core/stack-context";

/** The event types S3 sends notifications for (S3 User Guide, "Supported event types"). */
export const S3_EVENT_TYPES = [
  "s3:TestEvent",
  "s3:ObjectCreated:*",
  "s3:ObjectCreated:Put",
  "s3:ObjectCreated:Post",
  "s3:ObjectCreated:Copy",
  "s3:ObjectCreated:CompleteMultipartUpload",
  "s3:ObjectRemoved:*",
  "s3:ObjectRemoved:Delete",
  "s3:ObjectRemoved:DeleteMarkerCreated",
  "s3:ObjectRestore:*",
  "s3:ObjectRestore:Post",
  "s3:ObjectRestore:Completed",
  "s3:ObjectRestore:Delete",
  "s3:ReducedRedundancyLostObject",
  "s3:Replication:*",
  "s3:Replication:OperationFailedReplication",
  "s3:Replication:OperationMissedThreshold",
  "s3:Replication:OperationReplicatedAfterThreshold",
  "s3:Replication:OperationNotTracked",
  "s3:LifecycleExpiration:*",
  "s3:LifecycleExpiration:Delete",
  "s3:LifecycleExpiration:DeleteMarkerCreated",
  "s3:LifecycleTransition",
  "s3:IntelligentTiering",
  "s3:ObjectTagging:*",
  "s3:ObjectTagging:Put",
  "s3:ObjectTagging:Delete",
  "s3:ObjectAcl:Put",
] as const;
export const DEFAULT_S3_EVENTS = ["s3:ObjectCreated:*"] as const;

const S3_EVENT_TYPE = {
  description: `an S3 event type (${S3_EVENT_TYPES.join(", ")})`,
  test: (e: string) => (S3_EVENT_TYPES as readonly string[]).includes(e),
};

const S3_EVENT = object(
  {
    /** `"s3"`. */
    type: required(oneOf(["s3"] as const)),
    /** The bucket, a `Bucket` of the app. Exactly one of `bucket`, `bucketName`. @default none */
    bucket: optional(instanceOf(Bucket, "a Bucket (the construct; or give bucketName)", { sameStack: true })),
    /** Name of the bucket (a literal name, or `bucket` of a raw `S3Bucket`). Exactly one of `bucket`, `bucketName`. @default none */
    bucketName: optional(S3_BUCKET_NAME),
    /**
     * Account that owns the bucket, the permission's `source_account` (bucket ARNs carry no account:
     * without it, a bucket of the same name in another account could invoke the function).
     * @default the one account of the stack's AWS provider (`allowed_account_ids`)
     */
    bucketAccountId: optional(ACCOUNT_ID),
    /** S3 event types, e.g. `s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`. @default ["s3:ObjectCreated:*"] */
    events: optional(list(S3_EVENT_TYPE, { of: "S3 event types", min: 1 })),
    /** Only keys that start with this. @default every key */
    prefix: optional(lengthBetween(1, 1024)),
    /** Only keys that end with this. @default every key */
    suffix: optional(lengthBetween(1, 1024)),
    ...EVENT_IDENTITY_FIELDS,
  },
  {
    refine(event, r) {
      if ((event.bucket === undefined) === (event.bucketName === undefined)) {
        r.fail("bucket | bucketName", "exactly one of bucket (a Bucket) and bucketName", event.bucket === undefined ? "neither" : "both");
      }
      if (event.bucketAccountId === undefined && r.scope !== undefined && r.context("aws").aws?.accountId === undefined) {
        r.fail(
          "bucketAccountId",
          "set (the account that owns the bucket, the permission's source_account), since the stack's AWS provider names no single allowed account",
          undefined,
        );
      }
    },
  },
);

/** Object events of an S3 bucket (the bucket's notification, shared by the functions of the stack). */
export interface S3Event extends TypeOf<typeof S3_EVENT> {}
export const S3_EVENT_SCHEMA = S3_EVENT.named<S3Event>();

/** The s3 events of one function's list already checked, by bucket key: S3 compares them with each other too. */
export type EarlierS3Filters = Map<string, OwnedNotificationFilter[]>;

/**
 * Checks what S3 decides for the whole bucket: one stack writes its notification, and no two
 * notifications for the same event types have overlapping prefixes and suffixes (this function's
 * earlier s3 events, in `earlier`, included).
 */
export function checkS3Notification(v: Validator, scope: Construct, at: string, event: S3Event, earlier: EarlierS3Filters): void {
  const events = Array.isArray(event.events) ? event.events : undefined;
  const bucketName = bucketNameOf(event);
  if (typeof bucketName !== "string" || (events === undefined && event.events !== undefined)) return;
  const key = bucketKey(bucketName, TerraformStack.of(scope));
  if (key === undefined) return;
  const owner = BucketNotifications.ownerStackOf(scope, key);
  const stack = TerraformStack.of(scope);
  if (owner !== undefined && owner !== stack) {
    v.fail(
      `${at}.${event.bucket !== undefined ? "bucket" : "bucketName"}`,
      `a bucket whose notification no other stack of the app writes: Terraform keeps one aws_s3_bucket_notification per bucket, ` +
        `and stacks ${owner.node.path} and ${stack.node.path} would each overwrite the other's; listen to it from one stack`,
      event.bucket !== undefined ? event.bucket.node.path : bucketName,
    );
    return;
  }
  const filter = { events: events ?? DEFAULT_S3_EVENTS, prefix: event.prefix, suffix: event.suffix };
  const mine = earlier.get(key) ?? [];
  const clash = overlappingFilter([...BucketNotifications.existing(scope, key), ...mine], filter);
  earlier.set(key, [...mine, { ...filter, owner: `${at} of ${scope.node.path}` }]);
  if (clash) {
    v.fail(
      `${at}`,
      `a filter that does not overlap another notification of the bucket for the same event types (S3 refuses overlapping prefixes and suffixes; ${clash} has one); ` +
        "give each function distinct prefixes or suffixes",
      { bucketName: event.bucket !== undefined ? event.bucket.node.path : bucketName, events: events ?? DEFAULT_S3_EVENTS, prefix: event.prefix, suffix: event.suffix },
    );
  }
}

/** The name of the bucket an event listens to: its `Bucket`'s (a reference), or `bucketName`. */
export function bucketNameOf(event: S3Event): string | undefined {
  return event.bucket instanceof Bucket ? event.bucket.name : event.bucketName;
}

export function bindS3Event(target: EventTarget, event: S3Event, identity: EventIdentity): EventBinding {
  const stack = TerraformStack.of(target.scope);
  const aws = stackContext(target.scope, "aws").aws;
  const bucketName = bucketNameOf(event)!;
  const permission = allowInvoke(target, identity, {
    principal: "s3.amazonaws.com",
    sourceArn: `arn:${aws?.partition ?? "aws"}:s3:::${bucketName}`,
    sourceAccount: event.bucketAccountId ?? aws?.accountId,
  });
  BucketNotifications.of(stack, bucketName).add({
    id: identity.physicalName("", 255, "-<n>"),
    owner: target.scope.node.path,
    lambdaFunctionArn: target.invokeTargetArn,
    events: [...(event.events ?? DEFAULT_S3_EVENTS)],
    prefix: event.prefix,
    suffix: event.suffix,
    permission,
  });
  return { statements: [] };
}
