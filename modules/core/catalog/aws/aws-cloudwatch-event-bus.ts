import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** An EventBridge event bus. */
export const entry: CatalogEntry = {
  type: "aws_cloudwatch_event_bus",
  globalNames: [{ attribute: "name", scope: "aws-region", what: "EventBridge event bus name" }],
  arn: (c, p) => arnOf(p, "events", prefixed("event-bus/", literal(c, "name"))),
  forceNew: ["name", "event_source_name"],
  local: {
    kind: "emulated",
    as: "event-bus",
    attributes: {
      id: (b) => b.argument("name"),
    },
  },
};
