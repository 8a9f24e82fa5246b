import { type CatalogEntry } from "../entry";

/** The resource policy of an event bus: who may put events on it. */
export const entry: CatalogEntry = {
  type: "aws_cloudwatch_event_bus_policy",
  forceNew: ["event_bus_name"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "event_bus_name"], policy: "policy", resource: "event_bus_name" },
  ],
  local: { kind: "emulated", as: "resource-policy" },
};
