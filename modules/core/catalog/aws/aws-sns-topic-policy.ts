import { type CatalogEntry } from "../entry";

/** The resource policy of an SNS topic. */
export const entry: CatalogEntry = {
  type: "aws_sns_topic_policy",
  forceNew: ["arn"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "arn"], policy: "policy", resource: "arn" },
  ],
  local: { kind: "emulated", as: "resource-policy" },
};
