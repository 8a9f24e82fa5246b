import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { boundedName } from "../core/naming";
import { booleanValue, integerBetween, KMS_KEY_ARN, matches } from "../core/rules";
import { optional, props, required, type Refinement, type TypeOf } from "../core/schema";
import { AWS_TAGS } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { ValidationError, Validator } from "../core/validation";
import { grantToFunction, keyStatement, sidPart, type GrantableFunction, type GrantStatement } from "./function-grants";
import { checkAgainstAwsStack } from "./aws-stack-checks";

/** SQS's limits (CreateQueue): names, visibility timeout, retention, receives before dead-lettering. */
const QUEUE_NAME_MAX = 80;
const FIFO_SUFFIX = ".fifo";
const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
const DEFAULT_RETENTION_SECONDS = 4 * 24 * 3600;
/** The dead-letter queue keeps messages as long as SQS allows: a message's age counts from its first enqueue. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;
const DEFAULT_MAX_RECEIVE_COUNT = 3;

/** The props of `Queue`. */
export const QUEUE_PROPS = props(
  {
    /**
     * Name of the queue: 1 to 80 letters, digits, `-` or `_` (a FIFO queue's name ends with `.fifo`,
     * added when missing). Its dead-letter queue is `<queueName>-dlq`.
     */
    queueName: required(matches(/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/, "1 to 80 letters, digits, - or _ (then .fifo for a FIFO queue)")),
    /** A FIFO queue (ordered, exactly-once processing); its dead-letter queue is FIFO too. @default false */
    fifo: optional(booleanValue),
    /** Seconds a received message stays hidden from other consumers, 0 to 43200 (at least the timeout of the function that consumes it). @default 30 */
    visibilityTimeoutSeconds: optional(integerBetween(0, 43200, "seconds")),
    /** Seconds a message is kept, 60 to 1209600 (14 days). @default 345600 (4 days) */
    retentionSeconds: optional(integerBetween(60, 1209600, "seconds")),
    /** Receives of a message before it moves to the queue's own dead-letter queue, 1 to 1000. @default 3 */
    maxReceiveCount: optional(integerBetween(1, 1000)),
    /**
     * Customer-managed KMS key (a key ARN, in the stack's region); grants then include the key through
     * SQS. A topic subscribed to the queue needs the key's policy to let `sns.amazonaws.com` use it.
     * @default SSE-SQS (SQS-managed encryption)
     */
    kmsKeyArn: optional(KMS_KEY_ARN),
    /** Tags on the queue and its dead-letter queue (the provider adds its default tags). @default none */
    tags: optional(AWS_TAGS),
  },
  {
    name: "Queue props",
    expected: "an object with at least queueName",
    refine(queue, r) {
      refineQueue(queue, r);
    },
  },
);

export interface QueueProps extends TypeOf<typeof QUEUE_PROPS> {}

function refineQueue(queue: QueueProps, r: Refinement): void {
  if (typeof queue.queueName !== "string") return;
  if (queue.queueName.endsWith(FIFO_SUFFIX) && queue.fifo !== true) {
    r.fail("fifo", `true for a queue whose name ends with ${FIFO_SUFFIX} (SQS makes it a FIFO queue)`, queue.fifo);
  }
  const name = queueName(queue);
  if (name.length > QUEUE_NAME_MAX) r.fail("queueName", `at most ${QUEUE_NAME_MAX} characters with the ${FIFO_SUFFIX} suffix`, name);
  if (!r.scope) return;
  // Its dead-letter queue's name is claimed too (no queue may take it); a clash is reported once,
  // with the name that clashes.
  for (const claimed of [name, deadLetterQueueName(name, queue.fifo === true)]) {
    const claim = new Validator(r.kind, r.scope.node.path);
    claimUniqueName(claim, r.scope, "queue name", "queueName", claimed);
    try {
      claim.throwIfInvalid();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      r.fail("queueName", e.problems[0].rule, claimed);
      break;
    }
  }
  checkAgainstAwsStack(r, queue);
}

/** The queue's name as SQS has it: `.fifo` added to a FIFO queue's name when missing. */
function queueName(props: QueueProps): string {
  return props.fifo === true && !props.queueName.endsWith(FIFO_SUFFIX) ? `${props.queueName}${FIFO_SUFFIX}` : props.queueName;
}

/** `<name>-dlq` (`<name>-dlq.fifo`), within SQS's 80 characters. */
function deadLetterQueueName(name: string, fifo: boolean): string {
  const base = fifo && name.endsWith(FIFO_SUFFIX) ? name.slice(0, -FIFO_SUFFIX.length) : name;
  return boundedName(base, `-dlq${fifo ? FIFO_SUFFIX : ""}`, QUEUE_NAME_MAX);
}

/** What sending takes (`SendMessageBatch` is authorized as `SendMessage`). */
const SEND_ACTIONS = ["sqs:SendMessage"];
/** What a consumer's code takes: receive, delete, extend visibility, read the queue's attributes. */
const CONSUME_ACTIONS = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"];
/** A producer makes the data key SQS encrypts with; a consumer decrypts it (SQS developer guide, "Key management"). */
const SEND_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];
const CONSUME_KEY_ACTIONS = ["kms:Decrypt"];

/**
 * An SQS queue, secure by default: encrypted (SSE-SQS or a customer-managed key), with its own
 * dead-letter queue (kept 14 days, redrive after `maxReceiveCount` receives, and allowing this queue
 * only as its source). `grantSend` and `grantConsume` give a function exactly what it needs on it.
 */
export class Queue extends Construct {
  /** The queue's name as SQS has it (with `.fifo` for a FIFO queue). */
  public readonly queueName: string;
  /** The queue's name (a reference to it). */
  public readonly name: string;
  public readonly arn: string;
  public readonly url: string;
  public readonly fifo: boolean;
  public readonly visibilityTimeoutSeconds: number;
  public readonly maxReceiveCount: number;
  /** The customer-managed key that encrypts the queue, when it has one. */
  public readonly kmsKeyArn?: string;
  /** Where messages go after `maxReceiveCount` receives (alarm on its depth). */
  public readonly deadLetterQueue: SqsQueue;
  public readonly queue: SqsQueue;

  constructor(scope: Construct, id: string, props: QueueProps) {
    super(scope, id);
    QUEUE_PROPS.validate(this, props);
    this.fifo = props.fifo === true;
    this.queueName = queueName(props);
    this.visibilityTimeoutSeconds = props.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
    this.maxReceiveCount = props.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
    this.kmsKeyArn = props.kmsKeyArn;
    const deadLetterName = deadLetterQueueName(this.queueName, this.fifo);
    const tags = props.tags ? { ...props.tags } : undefined;
    const encryption = props.kmsKeyArn !== undefined ? { kmsMasterKeyId: props.kmsKeyArn } : { sqsManagedSseEnabled: true };

    this.deadLetterQueue = new SqsQueue(this, "DeadLetterQueue", {
      name: deadLetterName,
      fifoQueue: this.fifo || undefined,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      ...encryption,
      tags,
    });
    // "Default": the queue keeps the address a raw SqsQueue with the construct's id had (`aws_sqs_queue.<id>`).
    this.queue = new SqsQueue(this, "Default", {
      name: this.queueName,
      fifoQueue: this.fifo || undefined,
      visibilityTimeoutSeconds: this.visibilityTimeoutSeconds,
      messageRetentionSeconds: props.retentionSeconds ?? DEFAULT_RETENTION_SECONDS,
      ...encryption,
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: this.maxReceiveCount }),
      tags,
    });
    // Only this queue may dead-letter into it (a separate resource: the two queues would otherwise refer to each other).
    new SqsQueueRedriveAllowPolicy(this, "DeadLetterSources", {
      queueUrl: this.deadLetterQueue.url,
      redriveAllowPolicy: Fn.jsonencode({ redrivePermission: "byQueue", sourceQueueArns: [this.queue.arn] }),
    });
    this.name = this.queue.name;
    this.arn = this.queue.arn;
    this.url = this.queue.url;
  }

  /** Lets `fn` send messages to the queue (and use its key, through SQS, to encrypt them). */
  public grantSend(fn: GrantableFunction): void {
    grantToFunction(this, "Queue", "grantSend", fn, [
      { sid: `${this.sid()}Send`, actions: SEND_ACTIONS, resources: [this.arn] },
      ...this.keyStatements("SendKey", SEND_KEY_ACTIONS),
    ]);
  }

  /**
   * Lets `fn`'s code receive, delete and change the visibility of messages (a function that reads
   * the queue as an event source needs no grant: `{ type: "sqs", queue }` gives its poller what it needs).
   */
  public grantConsume(fn: GrantableFunction): void {
    grantToFunction(this, "Queue", "grantConsume", fn, [
      { sid: `${this.sid()}Consume`, actions: CONSUME_ACTIONS, resources: [this.arn] },
      ...this.keyStatements("ConsumeKey", CONSUME_KEY_ACTIONS),
    ]);
  }

  private sid(): string {
    return `Queue${sidPart(this.node.id)}`;
  }

  private keyStatements(what: string, actions: readonly string[]): GrantStatement[] {
    return this.kmsKeyArn !== undefined ? [keyStatement(this, `${this.sid()}${what}`, this.kmsKeyArn, actions, "sqs", `queue ${this.queueName}`)] : [];
  }
}
