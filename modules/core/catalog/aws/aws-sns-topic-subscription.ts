import { type CatalogEntry } from "../entry";

/** Subscribes an endpoint to a topic: every message published goes there. */
export const entry: CatalogEntry = {
  type: "aws_sns_topic_subscription",
  forceNew: ["topic_arn", "protocol", "endpoint"],
  grants: [
    { kind: "runs-as", attributes: ["subscription_role_arn"], role: "subscription_role_arn" },
    { kind: "data-egress", attributes: ["endpoint", "protocol"], endpoint: "endpoint", protocol: "protocol" },
  ],
};
