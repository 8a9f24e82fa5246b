import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { arnOf, booleanValue, integerBetween, oneOf } from "../../core/rules";
import { object, optional, required, type Refinement, type TypeOf } from "../../core/schema";
import { isUnresolved } from "../../core/validation";
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
    /** ARN of the queue (a literal ARN or `queue.arn`). */
    queueArn: required(sourceArn(QUEUE_ARN, "sqs")),
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
  },
  {
    refine(event, r) {
      const fifo = r.scope !== undefined && isFifoQueue(r.scope, event.queueArn);
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
  const visibility = r.scope && knownVisibilityTimeout(r.scope, event.queueArn);
  if (visibility !== undefined && visibility < functionTimeout) {
    r.v.fail(
      `${prop}.queueArn`,
      `a queue whose visibility timeout (${visibility} s) is at least the function's timeout (${functionTimeout} s), as Lambda requires; ` +
        `AWS recommends 6 times the timeout (${functionTimeout * 6} s) plus the batching window`,
      event.queueArn,
    );
  }
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

/** What the poller does with the role: receive, delete and read the attributes of this one queue. */
export function sqsEventStatements(event: SqsEvent, n: number): PolicyDocumentStatement[] {
  return [
    {
      sid: `Event${n}ConsumeQueue`,
      effect: "Allow",
      actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
      resources: [event.queueArn],
    },
  ];
}

export function bindSqsEvent(target: EventTarget, event: SqsEvent, n: number): EventBinding {
  new LambdaEventSourceMapping(target.scope, `Event${n}Mapping`, {
    eventSourceArn: event.queueArn,
    functionName: target.invokeTargetArn,
    batchSize: event.batchSize,
    scalingConfig: event.maxConcurrency !== undefined ? { maximumConcurrency: event.maxConcurrency } : undefined,
    ...polledMappingConfig(event),
    tags: target.tags,
  });
  return { statements: sqsEventStatements(event, n) };
}
