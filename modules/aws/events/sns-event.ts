import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { arnOf, oneOf } from "../../core/rules";
import { instanceOf, object, optional, required, type TypeOf } from "../../core/schema";
import { SNS_FILTER_POLICY } from "../sns-filter-policy";
import { Topic } from "../topic";
import { EVENT_IDENTITY_FIELDS, type EventIdentity } from "./event-identity";
import { sourceArn } from "./references";
import { allowInvoke, type EventBinding, type EventTarget } from "./event-target";

const TOPIC_ARN = arnOf("sns", "an SNS topic ARN", /^[A-Za-z0-9_-]{1,256}$/);
const SNS_EVENT = object(
  {
    /** `"sns"`. */
    type: required(oneOf(["sns"] as const)),
    /** The topic, a `Topic` of the app (a standard one: a FIFO topic delivers to SQS queues only, never to Lambda). Exactly one of `topic`, `topicArn`. @default none */
    topic: optional(instanceOf(Topic, "a Topic (the construct; or give topicArn)", { sameStack: true })),
    /** ARN of the topic (a literal ARN, or `arn` of a raw `SnsTopic`). Exactly one of `topic`, `topicArn`. @default none */
    topicArn: optional(sourceArn(TOPIC_ARN, "sns")),
    /**
     * Subscription filter policy on message attributes, as an object (`{ kind: ["order.paid"] }`):
     * only matching messages invoke the function.
     * @default every message
     */
    filterPolicy: optional(SNS_FILTER_POLICY),
    ...EVENT_IDENTITY_FIELDS,
  },
  {
    refine(event, r) {
      if ((event.topic === undefined) === (event.topicArn === undefined)) {
        r.fail("topic | topicArn", "exactly one of topic (a Topic) and topicArn", event.topic === undefined ? "neither" : "both");
      } else if (event.topic instanceof Topic && event.topic.fifo) {
        r.fail("topic", "a standard topic (a FIFO topic delivers to SQS queues only, never to Lambda: subscribe a FIFO Queue with subscribeQueue)", event.topic.node.path);
      }
    },
  },
);

/** An SNS topic that pushes its messages to the function (a subscription). */
export interface SnsEvent extends TypeOf<typeof SNS_EVENT> {}
export const SNS_EVENT_SCHEMA = SNS_EVENT.named<SnsEvent>();

export function bindSnsEvent(target: EventTarget, event: SnsEvent, identity: EventIdentity): EventBinding {
  const topicArn = event.topic?.arn ?? event.topicArn!;
  const permission = allowInvoke(target, identity, { principal: "sns.amazonaws.com", sourceArn: topicArn });
  new SnsTopicSubscription(identity, "Subscription", {
    topicArn,
    protocol: "lambda",
    endpoint: target.invokeTargetArn,
    filterPolicy: event.filterPolicy ? JSON.stringify(event.filterPolicy) : undefined,
    // SNS delivers as soon as the subscription exists: the permission comes first.
    dependsOn: [permission],
  });
  return { statements: [] };
}
