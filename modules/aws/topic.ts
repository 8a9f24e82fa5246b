import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { booleanValue, KMS_KEY_ARN, matches } from "../core/rules";
import { optional, props, required, type Refinement, type TypeOf } from "../core/schema";
import { AWS_TAGS } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { Validator } from "../core/validation";
import { grantToFunction, keyStatement, sidPart, type GrantableFunction, type GrantStatement } from "./function-grants";
import { Queue } from "./queue";
import { QueuePolicy } from "./queue-policy";
import { SNS_FILTER_POLICY } from "./sns-filter-policy";
import { checkAgainstAwsStack } from "./aws-stack-checks";

const TOPIC_NAME_MAX = 256;
const FIFO_SUFFIX = ".fifo";
/** Topics encrypted with no customer key use the account's AWS-managed key for SNS. */
const AWS_MANAGED_KEY = "alias/aws/sns";

/** The props of `Topic`. */
export const TOPIC_PROPS = props(
  {
    /** Name of the topic: 1 to 256 letters, digits, `-` or `_` (a FIFO topic's name ends with `.fifo`, added when missing). */
    topicName: required(matches(/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/, "1 to 256 letters, digits, - or _ (then .fifo for a FIFO topic)")),
    /** A FIFO topic (ordered, deduplicated); it delivers to FIFO queues only, never to Lambda. @default false */
    fifo: optional(booleanValue),
    /**
     * Customer-managed KMS key (a key ARN, in the stack's region); `grantPublish` then includes the key
     * through SNS. Queues subscribed need nothing more; the key's policy must let SNS use it.
     * @default the AWS-managed key `alias/aws/sns`
     */
    kmsKeyArn: optional(KMS_KEY_ARN),
    /** Tags on the topic (the provider adds its default tags). @default none */
    tags: optional(AWS_TAGS),
  },
  {
    name: "Topic props",
    expected: "an object with at least topicName",
    refine(topic, r) {
      refineTopic(topic, r);
    },
  },
);

export interface TopicProps extends TypeOf<typeof TOPIC_PROPS> {}

function refineTopic(topic: TopicProps, r: Refinement): void {
  if (typeof topic.topicName !== "string") return;
  if (topic.topicName.endsWith(FIFO_SUFFIX) && topic.fifo !== true) {
    r.fail("fifo", `true for a topic whose name ends with ${FIFO_SUFFIX} (SNS makes it a FIFO topic)`, topic.fifo);
  }
  const name = topicName(topic);
  if (name.length > TOPIC_NAME_MAX) r.fail("topicName", `at most ${TOPIC_NAME_MAX} characters with the ${FIFO_SUFFIX} suffix`, name);
  if (!r.scope) return;
  claimUniqueName(r.v, r.scope, "SNS topic name", "topicName", name);
  checkAgainstAwsStack(r, topic);
}

function topicName(props: TopicProps): string {
  return props.fifo === true && !props.topicName.endsWith(FIFO_SUFFIX) ? `${props.topicName}${FIFO_SUFFIX}` : props.topicName;
}

/** The options of `Topic.subscribeQueue`. */
export const TOPIC_QUEUE_SUBSCRIPTION = props(
  {
    /** Subscription filter policy on message attributes, as an object (`{ kind: ["order.paid"] }`): only matching messages reach the queue. @default every message */
    filterPolicy: optional(SNS_FILTER_POLICY),
    /** Deliver the message body as it was published, without SNS's JSON envelope. @default false */
    rawMessageDelivery: optional(booleanValue),
  },
  { name: "Topic subscribeQueue options", expected: "an object { filterPolicy?, rawMessageDelivery? }", rootProp: "options" },
);

export interface TopicQueueSubscriptionOptions extends TypeOf<typeof TOPIC_QUEUE_SUBSCRIPTION> {}

/** A publisher makes the data key SNS encrypts with, and SNS decrypts it with the publisher's permission (SNS developer guide, "Encryption at rest"). */
const PUBLISH_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

/**
 * An SNS topic, encrypted at rest (the AWS-managed key, or a customer-managed one). `grantPublish`
 * gives a function exactly what publishing takes; `subscribeQueue` delivers to a `Queue` whose
 * policy lets this topic, and no other, send to it.
 */
export class Topic extends Construct {
  /** The topic's name as SNS has it (with `.fifo` for a FIFO topic). */
  public readonly topicName: string;
  /** The topic's name (a reference to it). */
  public readonly name: string;
  public readonly arn: string;
  public readonly fifo: boolean;
  /** The customer-managed key that encrypts the topic, when it has one. */
  public readonly kmsKeyArn?: string;
  public readonly topic: SnsTopic;
  private readonly subscribed = new Set<Queue>();

  constructor(scope: Construct, id: string, props: TopicProps) {
    super(scope, id);
    TOPIC_PROPS.validate(this, props);
    this.fifo = props.fifo === true;
    this.topicName = topicName(props);
    this.kmsKeyArn = props.kmsKeyArn;
    // "Default": the topic keeps the address a raw SnsTopic with the construct's id had (`aws_sns_topic.<id>`).
    this.topic = new SnsTopic(this, "Default", {
      name: this.topicName,
      fifoTopic: this.fifo || undefined,
      kmsMasterKeyId: props.kmsKeyArn ?? AWS_MANAGED_KEY,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.name = this.topic.name;
    this.arn = this.topic.arn;
  }

  /** Lets `fn` publish to the topic (and use its customer-managed key through SNS, when it has one). */
  public grantPublish(fn: GrantableFunction): void {
    const sid = `Topic${sidPart(this.node.id)}`;
    const key: GrantStatement[] =
      this.kmsKeyArn !== undefined ? [keyStatement(this, `${sid}PublishKey`, this.kmsKeyArn, PUBLISH_KEY_ACTIONS, "sns", `topic ${this.topicName}`)] : [];
    grantToFunction(this, "Topic", "grantPublish", fn, [{ sid: `${sid}Publish`, actions: ["sns:Publish"], resources: [this.arn] }, ...key]);
  }

  /**
   * Delivers the topic's messages to `queue` (an SQS subscription), and adds to the queue's policy
   * a statement that lets this topic, and no other, send to it. A FIFO topic delivers to FIFO queues,
   * a standard one to standard queues.
   */
  public subscribeQueue(queue: Queue, options: TopicQueueSubscriptionOptions = {}): SnsTopicSubscription {
    const v = new Validator("Topic subscribeQueue", this.node.path);
    if (!(queue instanceof Queue)) {
      v.fail("queue", "a Queue (the construct: its policy gets a statement for this topic)", queue);
      v.throwIfInvalid();
    }
    if (queue.fifo !== this.fifo) {
      v.fail("queue", this.fifo ? "a FIFO queue (a FIFO topic delivers to FIFO queues only)" : "a standard queue (SNS delivers to a FIFO queue from a FIFO topic only)", queue.node.path);
    }
    if (this.subscribed.has(queue)) v.fail("queue", "a queue not yet subscribed to this topic (put both filters in one filterPolicy)", queue.node.path);
    v.throwIfInvalid();
    TOPIC_QUEUE_SUBSCRIPTION.validateAt(this.node.path, options, this);
    this.subscribed.add(queue);

    const policy = QueuePolicy.of(queue);
    policy.allowTopic(`AllowTopic${sidPart(pathInStack(this))}`, this.arn);
    return new SnsTopicSubscription(this, `Subscription-${pathInStack(queue)}`, {
      topicArn: this.arn,
      protocol: "sqs",
      endpoint: queue.arn,
      filterPolicy: options.filterPolicy ? JSON.stringify(options.filterPolicy) : undefined,
      rawMessageDelivery: options.rawMessageDelivery,
      // SNS delivers as soon as the subscription exists: the queue must already accept the topic.
      dependsOn: [policy.resource],
    });
  }
}

/** A construct's path within its stack, `/` written `-`: stable, and unique among the stack's constructs. */
function pathInStack(construct: Construct): string {
  const scopes = construct.node.scopes;
  return scopes
    .slice(scopes.indexOf(TerraformStack.of(construct)) + 1)
    .map((s) => s.node.id)
    .join("-");
}
