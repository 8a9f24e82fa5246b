import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { arnOf, oneOf } from "../../core/rules";
import { custom, object, optional, required, type TypeOf } from "../../core/schema";
import { sourceArn } from "./references";
import { allowInvoke, type EventBinding, type EventTarget } from "./event-target";

const TOPIC_ARN = arnOf("sns", "an SNS topic ARN", /^[A-Za-z0-9_-]{1,256}$/);
/** SNS: "the maximum size of a filter policy is 256 KB"; at most 5 keys (attribute names). */
const FILTER_POLICY_MAX_BYTES = 256 * 1024;
const FILTER_POLICY_MAX_KEYS = 5;
const FILTER_POLICY_RULE = 'a non-empty filter policy object, e.g. { kind: ["order.paid"] }';

const FILTER_POLICY = custom<Readonly<Record<string, unknown>>>(FILTER_POLICY_RULE, (c, prop, policy) => {
  if (policy === null || typeof policy !== "object" || Array.isArray(policy) || Object.keys(policy).length === 0) {
    c.v.fail(prop, FILTER_POLICY_RULE, policy);
    return;
  }
  if (Object.keys(policy).length > FILTER_POLICY_MAX_KEYS) c.v.fail(prop, `at most ${FILTER_POLICY_MAX_KEYS} attribute names`, Object.keys(policy));
  const bytes = Buffer.byteLength(JSON.stringify(policy));
  if (bytes > FILTER_POLICY_MAX_BYTES) c.v.fail(prop, `at most ${FILTER_POLICY_MAX_BYTES} bytes as JSON`, `${bytes} bytes`);
});

const SNS_EVENT = object({
  /** `"sns"`. */
  type: required(oneOf(["sns"] as const)),
  /** ARN of the topic (a literal ARN or `topic.arn`). A FIFO topic delivers to SQS queues only, never to Lambda. */
  topicArn: required(sourceArn(TOPIC_ARN, "sns")),
  /**
   * Subscription filter policy on message attributes, as an object (`{ kind: ["order.paid"] }`):
   * only matching messages invoke the function.
   * @default every message
   */
  filterPolicy: optional(FILTER_POLICY),
});

/** An SNS topic that pushes its messages to the function (a subscription). */
export interface SnsEvent extends TypeOf<typeof SNS_EVENT> {}
export const SNS_EVENT_SCHEMA = SNS_EVENT.named<SnsEvent>();

export function bindSnsEvent(target: EventTarget, event: SnsEvent, n: number): EventBinding {
  const permission = allowInvoke(target, n, "sns", { principal: "sns.amazonaws.com", sourceArn: event.topicArn });
  new SnsTopicSubscription(target.scope, `Event${n}Subscription`, {
    topicArn: event.topicArn,
    protocol: "lambda",
    endpoint: target.invokeTargetArn,
    filterPolicy: event.filterPolicy ? JSON.stringify(event.filterPolicy) : undefined,
    // SNS delivers as soon as the subscription exists: the permission comes first.
    dependsOn: [permission],
  });
  return { statements: [] };
}
