import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { toDocumentStatement } from "../../core/policy/policy-statement";
import { arnOf, booleanValue, integerBetween, oneOf } from "../../core/rules";
import { instanceOf, object, optional, required, type Refinement, type TypeOf } from "../../core/schema";
import { isUnresolved } from "../../core/validation";
import { keyStatement } from "../function-grants";
import { Queue } from "../queue";
import { EVENT_IDENTITY_FIELDS, type EventIdentity } from "./event-identity";
import type { EventBinding, EventTarget } from "./event-target";
import { BATCHING_WINDOW, FILTER_PATTERNS, polledMappingConfig } from "./polling";
import { referenceOf, sourceArn } from "./references";

const QUEUE_ARN = arnOf("sqs", "an SQS queue ARN", /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/);
/** SQS's default visibility timeout, for a queue of the stack that does not set one. */
const SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
/** Lambda's batch size limit for FIFO queues. */
const FIFO_MAX_BATCH_SIZE = 10;

const SQS_EVENT = object(
  {
    /** `"sqs"`. */
    type: required(oneOf(["sqs"] as const)),
    /** The queue, a `Queue` of the app: its ARN, FIFO-ness, visibility timeout and key are read from it. Exactly one of `queue`, `queueArn`. @default none */
    queue: optional(instanceOf(Queue, "a Queue (the construct; or give queueArn)", { sameStack: true })),
    /** ARN of the queue (a literal ARN, or `arn` of a raw `SqsQueue`). Exactly one of `queue`, `queueArn`. @default none */
    queueArn: optional(sourceArn(QUEUE_ARN, "sqs")),
    /**
     * Messages per batch: 1 to 10000 (at most 10 for a FIFO queue); above 10, `maxBatchingWindowSeconds`
     * must be at least 1.
     * @default 10
     */
    batchSize: optional(integerBetween(1, 10000, "messages")),
    /** Seconds Lambda gathers messages before invoking, 0 to 300. @default 0 */
    maxBatchingWindowSeconds: optional(BATCHING_WINDOW),
    /**
     * The handler returns `{ batchItemFailures: [{ itemIdentifier: messageId }] }` and only those
     * messages return to the queue.
     * @default true
     */
    reportBatchItemFailures: optional(booleanValue),
    /** Most concurrent invocations this source may start, 2 to 1000. @default no limit (the function's) */
    maxConcurrency: optional(integerBetween(2, 1000)),
    /** Event filter patterns (objects, at most 5): only matching messages invoke the function. @default none */
    filterPatterns: optional(FILTER_PATTERNS),
    ...EVENT_IDENTITY_FIELDS,
  },
  {
    refine(event, r) {
      if ((event.queue === undefined) === (event.queueArn === undefined)) {
        r.fail("queue | queueArn", "exactly one of queue (a Queue) and queueArn", event.queue === undefined ? "neither" : "both");
      }
      const fifo = event.queue instanceof Queue ? event.queue.fifo : r.scope !== undefined && isFifoQueue(r.scope, event.queueArn);
      const { batchSize, maxBatchingWindowSeconds: window } = event;
      if (fifo && typeof batchSize === "number" && Number.isInteger(batchSize) && batchSize > FIFO_MAX_BATCH_SIZE) {
        r.fail("batchSize", integerBetween(1, FIFO_MAX_BATCH_SIZE, "messages (FIFO queue)").description, batchSize);
      }
      if (fifo && typeof window === "number" && window > 0) {
        r.fail("maxBatchingWindowSeconds", "unset or 0 for a FIFO queue (Lambda has no batching window for FIFO queues)", window);
      }
      if (!fifo && typeof batchSize === "number" && batchSize > 10 && !((window ?? 0) >= 1)) {
        r.fail("maxBatchingWindowSeconds", "at least 1 second when batchSize is above 10 (SQS's rule)", window);
      }
    },
  },
);

/** An SQS queue polled by Lambda (an event source mapping). */
export interface SqsEvent extends TypeOf<typeof SQS_EVENT> {}
export const SQS_EVENT_SCHEMA = SQS_EVENT.named<SqsEvent>();

/**
 * Lambda requires a queue whose visibility timeout is at least the function's timeout: checked for
 * the queues of the function's own stack (`queue.arn`), whose setting synth knows.
 */
export function checkQueueVisibility(r: Refinement, prop: string, event: SqsEvent, functionTimeout: number): void {
  const visibility = event.queue instanceof Queue ? event.queue.visibilityTimeoutSeconds : r.scope && knownVisibilityTimeout(r.scope, event.queueArn);
  if (visibility !== undefined && visibility < functionTimeout) {
    r.v.fail(
      `${prop}.${event.queue instanceof Queue ? "queue" : "queueArn"}`,
      `a queue whose visibility timeout (${visibility} s) is at least the function's timeout (${functionTimeout} s), as Lambda requires; ` +
        `AWS recommends 6 times the timeout (${functionTimeout * 6} s) plus the batching window`,
      event.queue instanceof Queue ? event.queue.node.path : event.queueArn,
    );
  }
}

/** The ARN of the queue an event reads: its `Queue`'s, or `queueArn`. */
export function queueArnOf(event: SqsEvent): string {
  return event.queue?.arn ?? event.queueArn!;
}

/** The `SqsQueue` of the function's own stack that `queueArn` refers to (`queue.arn`), if it is one. */
function queueOfStack(scope: Construct, queueArn: unknown): SqsQueue | undefined {
  const ref = referenceOf(queueArn);
  const stack = TerraformStack.of(scope);
  if (!ref || ref.resourceType !== "aws_sqs_queue" || ref.stack !== stack) return undefined;
  return stack.node.findAll().find((c): c is SqsQueue => c instanceof SqsQueue && `${c.terraformResourceType}.${c.friendlyUniqueId}` === ref.address);
}

/** True for a literal `.fifo` queue ARN, or a queue of the stack created with `fifoQueue: true` or a `.fifo` name. */
function isFifoQueue(scope: Construct, queueArn: unknown): boolean {
  if (typeof queueArn === "string" && !isUnresolved(queueArn)) return queueArn.endsWith(".fifo");
  const queue = queueOfStack(scope, queueArn);
  const name = queue?.nameInput;
  return queue?.fifoQueueInput === true || (typeof name === "string" && !isUnresolved(name) && name.endsWith(".fifo"));
}

/**
 * The visibility timeout of the queue when it is an `SqsQueue` of the function's own stack
 * (`queue.arn`) with a literal setting, or SQS's default when it sets none; otherwise unknown.
 */
function knownVisibilityTimeout(scope: Construct, queueArn: unknown): number | undefined {
  const queue = queueOfStack(scope, queueArn);
  const timeout = queue?.visibilityTimeoutSecondsInput;
  if (!queue || (timeout !== undefined && isUnresolved(timeout))) return undefined;
  return timeout ?? SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
}

/**
 * What the poller does with the role: receive, delete and read the attributes of this one queue,
 * and decrypt its messages through SQS when a `Queue` has a customer-managed key. `sid` is the event's.
 */
export function sqsEventStatements(scope: Construct | undefined, event: SqsEvent, sid: string): PolicyDocumentStatement[] {
  const statements: PolicyDocumentStatement[] = [
    {
      sid: `${sid}ConsumeQueue`,
      effect: "Allow",
      actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
      resources: [queueArnOf(event)],
    },
  ];
  const key = event.queue?.kmsKeyArn;
  if (key !== undefined && scope !== undefined) {
    const { sid: keySid, ...statement } = keyStatement(scope, `${sid}DecryptQueue`, key, ["kms:Decrypt"], "sqs", `queue ${event.queue!.queueName}`);
    statements.push(toDocumentStatement(statement, keySid));
  }
  return statements;
}

export function bindSqsEvent(target: EventTarget, event: SqsEvent, identity: EventIdentity): EventBinding {
  new LambdaEventSourceMapping(identity, "Mapping", {
    eventSourceArn: queueArnOf(event),
    functionName: target.invokeTargetArn,
    batchSize: event.batchSize,
    scalingConfig: event.maxConcurrency !== undefined ? { maximumConcurrency: event.maxConcurrency } : undefined,
    ...polledMappingConfig(event),
    tags: target.tags,
  });
  return { statements: sqsEventStatements(target.scope, event, identity.sid) };
}
