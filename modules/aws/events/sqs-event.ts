import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { AllKeysListed } from "../../core/known-keys";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { arnOf, integerBetween } from "../../core/rules";
import { isUnresolved, type Validator } from "../../core/validation";
import type { EventBinding, EventTarget } from "./event-target";
import { polledMappingConfig, validatePolledCommon, type FilterPattern } from "./polling";
import { referenceOf, validateSourceArn } from "./references";

/** An SQS queue polled by Lambda (an event source mapping). */
export interface SqsEvent {
  readonly type: "sqs";
  /** ARN of the queue (a literal ARN or `queue.arn`). */
  readonly queueArn: string;
  /**
   * Messages per batch: 1 to 10000 (at most 10 for a FIFO queue); above 10, `maxBatchingWindowSeconds`
   * must be at least 1.
   * @default 10
   */
  readonly batchSize?: number;
  /** Seconds Lambda gathers messages before invoking, 0 to 300. @default 0 */
  readonly maxBatchingWindowSeconds?: number;
  /**
   * The handler returns `{ batchItemFailures: [{ itemIdentifier: messageId }] }` and only those
   * messages return to the queue.
   * @default true
   */
  readonly reportBatchItemFailures?: boolean;
  /** Most concurrent invocations this source may start, 2 to 1000. @default no limit (the function's) */
  readonly maxConcurrency?: number;
  /** Event filter patterns (objects, at most 5): only matching messages invoke the function. @default none */
  readonly filterPatterns?: readonly FilterPattern[];
}

export const SQS_EVENT_KEYS = [
  "type",
  "queueArn",
  "batchSize",
  "maxBatchingWindowSeconds",
  "reportBatchItemFailures",
  "maxConcurrency",
  "filterPatterns",
] as const satisfies readonly (keyof SqsEvent)[];
export type SqsEventKeysComplete = AllKeysListed<Exclude<keyof SqsEvent, (typeof SQS_EVENT_KEYS)[number]>>;

const QUEUE_ARN = arnOf("sqs", "an SQS queue ARN", /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/);
/** SQS's default visibility timeout, for a queue of the stack that does not set one. */
const SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;

export function validateSqsEvent(v: Validator, at: string, event: SqsEvent, scope: Construct, functionTimeout: number): void {
  validateSourceArn(v, `${at}.queueArn`, event.queueArn, QUEUE_ARN, "sqs");
  const fifo = isFifoQueue(scope, event.queueArn);
  v.check(`${at}.batchSize`, event.batchSize, integerBetween(1, fifo ? 10 : 10000, fifo ? "messages (FIFO queue)" : "messages"));
  if (fifo && typeof event.maxBatchingWindowSeconds === "number" && event.maxBatchingWindowSeconds > 0) {
    v.fail(`${at}.maxBatchingWindowSeconds`, "unset or 0 for a FIFO queue (Lambda has no batching window for FIFO queues)", event.maxBatchingWindowSeconds);
  }
  if (!fifo && typeof event.batchSize === "number" && event.batchSize > 10 && !((event.maxBatchingWindowSeconds ?? 0) >= 1)) {
    v.fail(`${at}.maxBatchingWindowSeconds`, "at least 1 second when batchSize is above 10 (SQS's rule)", event.maxBatchingWindowSeconds);
  }
  v.check(`${at}.maxConcurrency`, event.maxConcurrency, integerBetween(2, 1000));
  validatePolledCommon(v, at, event);
  const visibility = knownVisibilityTimeout(scope, event.queueArn);
  if (visibility !== undefined && visibility < functionTimeout) {
    v.fail(
      `${at}.queueArn`,
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
