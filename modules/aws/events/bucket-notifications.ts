import type { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { App, dependable, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { shortHash } from "../../core/naming";
import { isUnresolved } from "../../core/validation";
import { referenceOf } from "./references";

/** One function's notification on a bucket: one `lambda_function` block of the bucket's notification. */
export interface BucketLambdaNotification {
  /** The block's id, `<functionName>-<event number>`: unique and stable. */
  readonly id: string;
  /** Construct path of the function, to name it when another filter overlaps. */
  readonly owner: string;
  readonly lambdaFunctionArn: string;
  readonly events: readonly string[];
  readonly prefix?: string;
  readonly suffix?: string;
  /** S3 checks that it may invoke the function when the notification is written: created first. */
  readonly permission: LambdaPermission;
}

export type NotificationFilter = Pick<BucketLambdaNotification, "events" | "prefix" | "suffix">;
/** A filter and who holds it (a construct path, or an earlier event of the same function). */
export type OwnedNotificationFilter = NotificationFilter & Pick<BucketLambdaNotification, "owner">;

/** Which stack writes the notification of each bucket, per app. */
const writers = new WeakMap<App, Map<string, TerraformStack>>();

/**
 * A bucket's key across the app: its literal name, or the address of the bucket resource a
 * reference points at (`bucket.bucket`, `bucket.id`); undefined for other unresolved values
 * (variables, data sources), which synth cannot compare.
 */
export function bucketKey(bucketName: string, stack: TerraformStack): string | undefined {
  if (!isUnresolved(bucketName)) return bucketName;
  const ref = referenceOf(bucketName);
  if (!ref || ref.resourceType !== "aws_s3_bucket" || !["bucket", "id"].includes(ref.attribute)) return undefined;
  return `${(ref.stack ?? stack).node.path}/${ref.address}`;
}

/**
 * The one `aws_s3_bucket_notification` of a bucket in a stack (Terraform keeps one per bucket: a
 * second resource would overwrite the first at every apply). Every function of the stack that
 * listens to the bucket adds its `lambda_function` block to it.
 */
export class BucketNotifications extends Construct {
  /** The notification of `bucketName` in `stack`, created on first use. */
  static of(stack: TerraformStack, bucketName: string): BucketNotifications {
    const key = bucketKey(bucketName, stack) ?? bucketName;
    const id = `BucketNotification-${key.replace(/[^A-Za-z0-9-]/g, "_").slice(0, 40)}-${shortHash(key)}`;
    const found = stack.node.tryFindChild(id);
    if (found instanceof BucketNotifications) return found;
    return new BucketNotifications(stack, id, bucketName, key);
  }

  /** The notifications already declared for a bucket in the stack of `scope`. */
  static existing(scope: Construct, key: string): readonly BucketLambdaNotification[] {
    const stack = TerraformStack.of(scope);
    const found = stack.node.children.find((c): c is BucketNotifications => c instanceof BucketNotifications && c.key === key);
    return found ? found.notifications : [];
  }

  /** The stack that writes the notification of the bucket, if one does. */
  static ownerStackOf(scope: Construct, key: string): TerraformStack | undefined {
    return writers.get(App.of(scope))?.get(key);
  }

  public readonly resource: S3BucketNotification;
  private readonly notifications: BucketLambdaNotification[] = [];

  private constructor(
    stack: TerraformStack,
    id: string,
    bucketName: string,
    private readonly key: string,
  ) {
    super(stack, id);
    this.resource = new S3BucketNotification(this, "Notification", { bucket: bucketName });
    const app = App.of(stack);
    if (!writers.has(app)) writers.set(app, new Map());
    writers.get(app)!.set(key, stack);
  }

  add(notification: BucketLambdaNotification): void {
    this.notifications.push(notification);
    this.resource.putLambdaFunction(
      this.notifications.map((n) => ({
        id: n.id,
        lambdaFunctionArn: n.lambdaFunctionArn,
        events: [...n.events],
        filterPrefix: n.prefix,
        filterSuffix: n.suffix,
      })),
    );
    this.resource.dependsOn = this.notifications.map((n) => dependable(n.permission));
  }
}

/**
 * The owner of the first notification whose filter overlaps `filter`, as S3 judges it ("Configurations
 * overlap"): an event type in common (`s3:ObjectCreated:*` covers `s3:ObjectCreated:Put`), and
 * prefixes one of which starts the other and suffixes one of which ends the other (an absent one
 * matches every key).
 */
export function overlappingFilter(existing: readonly OwnedNotificationFilter[], filter: NotificationFilter): string | undefined {
  return existing.find(
    (n) =>
      n.events.some((a) => filter.events.some((b) => eventsOverlap(a, b))) &&
      prefixesOverlap(n.prefix, filter.prefix) &&
      suffixesOverlap(n.suffix, filter.suffix),
  )?.owner;
}

function eventsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const family = (e: string) => (e.endsWith(":*") ? e.slice(0, -1) : undefined);
  const fa = family(a);
  const fb = family(b);
  return (fa !== undefined && b.startsWith(fa)) || (fb !== undefined && a.startsWith(fb));
}

function prefixesOverlap(a?: string, b?: string): boolean {
  if (!a || !b || isUnresolved(a) || isUnresolved(b)) return true;
  return a.startsWith(b) || b.startsWith(a);
}

function suffixesOverlap(a?: string, b?: string): boolean {
  if (!a || !b || isUnresolved(a) || isUnresolved(b)) return true;
  return a.endsWith(b) || b.endsWith(a);
}
