import { type CatalogEntry } from "../entry";

/** Subscribes an endpoint to a topic. */
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
};
