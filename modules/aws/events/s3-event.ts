import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { AllKeysListed } from "../../core/known-keys";
import { lengthBetween, matches } from "../../core/rules";
import type { Validator } from "../../core/validation";
import { S3_BUCKET_NAME } from "../s3-bucket-name";
import { BucketNotifications, bucketKey, overlappingFilter, type OwnedNotificationFilter } from "./bucket-notifications";
import { allowInvoke, type EventBinding, type EventTarget } from "./event-target";
import { stackContext } from "../../core/stack-context";

/** Object events of an S3 bucket (the bucket's notification, shared by the functions of the stack). */
export interface S3Event {
  readonly type: "s3";
  /** Name of the bucket (a literal name or `bucket.bucket`). */
  readonly bucketName: string;
  /**
   * Account that owns the bucket, the permission's `source_account` (bucket ARNs carry no account:
   * without it, a bucket of the same name in another account could invoke the function).
   * @default the one account of the stack's AWS provider (`allowed_account_ids`)
   */
  readonly bucketAccountId?: string;
  /** S3 event types, e.g. `s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`. @default ["s3:ObjectCreated:*"] */
  readonly events?: readonly string[];
  /** Only keys that start with this. @default every key */
  readonly prefix?: string;
  /** Only keys that end with this. @default every key */
  readonly suffix?: string;
}

export const S3_EVENT_KEYS = ["type", "bucketName", "bucketAccountId", "events", "prefix", "suffix"] as const satisfies readonly (keyof S3Event)[];
export type S3EventKeysComplete = AllKeysListed<Exclude<keyof S3Event, (typeof S3_EVENT_KEYS)[number]>>;

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

const ACCOUNT_ID = matches(/^\d{12}$/, "a 12-digit AWS account id");
const S3_EVENT_TYPE = {
  description: `an S3 event type (${S3_EVENT_TYPES.join(", ")})`,
  test: (e: string) => (S3_EVENT_TYPES as readonly string[]).includes(e),
};

/** The s3 events of one function's list already checked, by bucket key: S3 compares them with each other too. */
export type EarlierS3Filters = Map<string, OwnedNotificationFilter[]>;

export function validateS3Event(v: Validator, at: string, event: S3Event, scope: Construct, earlier: EarlierS3Filters = new Map()): void {
  v.required(`${at}.bucketName`, event.bucketName).check(`${at}.bucketName`, event.bucketName, S3_BUCKET_NAME);
  v.check(`${at}.bucketAccountId`, event.bucketAccountId, ACCOUNT_ID);
  const events = v.list<string>(`${at}.events`, event.events, { of: "S3 event types", min: 1, item: S3_EVENT_TYPE });
  v.check(`${at}.prefix`, event.prefix, lengthBetween(1, 1024));
  v.check(`${at}.suffix`, event.suffix, lengthBetween(1, 1024));
  if (event.bucketAccountId === undefined && stackContext(scope).aws?.accountId === undefined) {
    v.fail(
      `${at}.bucketAccountId`,
      "set (the account that owns the bucket, the permission's source_account), since the stack's AWS provider names no single allowed account",
      undefined,
    );
  }
  if (typeof event.bucketName !== "string" || (events === undefined && event.events !== undefined)) return;
  const key = bucketKey(event.bucketName, TerraformStack.of(scope));
  if (key === undefined) return;
  const owner = BucketNotifications.ownerStackOf(scope, key);
  const stack = TerraformStack.of(scope);
  if (owner !== undefined && owner !== stack) {
    v.fail(
      `${at}.bucketName`,
      `a bucket whose notification no other stack of the app writes: Terraform keeps one aws_s3_bucket_notification per bucket, ` +
        `and stacks ${owner.node.path} and ${stack.node.path} would each overwrite the other's; listen to it from one stack`,
      event.bucketName,
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
      { bucketName: event.bucketName, events: events ?? DEFAULT_S3_EVENTS, prefix: event.prefix, suffix: event.suffix },
    );
  }
}

export function bindS3Event(target: EventTarget, event: S3Event, n: number): EventBinding {
  const stack = TerraformStack.of(target.scope);
  const aws = stackContext(target.scope).aws;
  const permission = allowInvoke(target, n, "s3", {
    principal: "s3.amazonaws.com",
    sourceArn: `arn:${aws?.partition ?? "aws"}:s3:::${event.bucketName}`,
    sourceAccount: event.bucketAccountId ?? aws?.accountId,
  });
  BucketNotifications.of(stack, event.bucketName).add({
    id: `${target.functionName}-${n}`,
    owner: target.scope.node.path,
    lambdaFunctionArn: target.invokeTargetArn,
    events: [...(event.events ?? DEFAULT_S3_EVENTS)],
    prefix: event.prefix,
    suffix: event.suffix,
    permission,
  });
  return { statements: [] };
}
