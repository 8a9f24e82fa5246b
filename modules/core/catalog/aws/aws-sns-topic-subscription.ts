import { type CatalogEntry } from "../entry";

/** Subscribes an endpoint to a topic. */
export const entry: CatalogEntry = {
  type: "aws_sns_topic_subscription",
  forceNew: ["topic_arn", "protocol", "endpoint"],
  grants: [
    { kind: "runs-as", attributes: ["subscription_role_arn"], role: "subscription_role_arn" },
  ],
};
