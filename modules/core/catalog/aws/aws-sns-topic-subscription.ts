import { type CatalogEntry } from "../entry";

/** Subscribes an endpoint to a topic: every message published goes there. */
export const entry: CatalogEntry = {
  type: "aws_sns_topic_subscription",
  forceNew: ["topic_arn", "protocol", "endpoint"],
  local: {
    kind: "emulated",
    as: "topic-subscription",
    attributes: {
      // SNS ends a subscription's ARN with a UUID it chooses: the block's name stands in.
      arn: (b) => { const topic = b.argument("topic_arn"); return topic && `${topic}:${b.name}`; },
      id: (b) => b.attribute("arn"),
    },
  },
  grants: [
    { kind: "runs-as", attributes: ["subscription_role_arn"], role: "subscription_role_arn" },
    { kind: "data-egress", attributes: ["endpoint", "protocol"], endpoint: "endpoint", protocol: "protocol" },
  ],
};
