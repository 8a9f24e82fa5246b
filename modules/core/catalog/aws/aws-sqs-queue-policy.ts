import { type CatalogEntry } from "../entry";

/** The resource policy of an SQS queue. */
export const entry: CatalogEntry = {
  type: "aws_sqs_queue_policy",
  forceNew: ["queue_url"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "queue_url"], policy: "policy", resource: "queue_url" },
  ],
  local: { kind: "emulated", as: "resource-policy" },
};
