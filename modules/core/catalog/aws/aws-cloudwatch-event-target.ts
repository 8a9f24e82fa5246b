import { type CatalogEntry } from "../entry";

/** Where an EventBridge rule sends its events. */
export const entry: CatalogEntry = {
  type: "aws_cloudwatch_event_target",
  forceNew: ["rule", "target_id", "event_bus_name"],
  local: { kind: "emulated", as: "event-target" },
  grants: [
    { kind: "runs-as", attributes: ["role_arn"], role: "role_arn" },
    { kind: "data-egress", attributes: ["arn"], endpoint: "arn" },
  ],
};
