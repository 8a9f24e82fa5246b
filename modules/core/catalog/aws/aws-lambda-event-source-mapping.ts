import { type CatalogEntry } from "../entry";

/** Lambda polls a queue or stream and invokes the function. */
export const entry: CatalogEntry = {
  type: "aws_lambda_event_source_mapping",
  forceNew: ["event_source_arn", "starting_position", "starting_position_timestamp", "self_managed_event_source", "topics", "queues"],
  local: { kind: "emulated", as: "event-source-mapping" },
};
