import { type CatalogEntry } from "../entry";

/** Which source queues may use this queue as their dead-letter queue. */
export const entry: CatalogEntry = {
  type: "aws_sqs_queue_redrive_allow_policy",
  forceNew: ["queue_url"],
  local: { kind: "inert", why: "which queues may name this one as their dead-letter queue: AWS checks it when a redrive policy is set, not when messages move" },
};
