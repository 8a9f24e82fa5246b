import { type CatalogEntry } from "../entry";

/** The dead-letter queue of an SQS queue. */
export const entry: CatalogEntry = {
  type: "aws_sqs_queue_redrive_policy",
  forceNew: ["queue_url"],
  local: { kind: "emulated", as: "queue-redrive" },
};
