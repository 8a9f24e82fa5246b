import { type CatalogEntry } from "../entry";

/** Subscribes an endpoint to a topic. */
export const entry: CatalogEntry = {
  type: "aws_sns_topic_subscription",
  forceNew: ["topic_arn", "protocol", "endpoint"],
};
