import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** An EventBridge rule on a bus (or a schedule). */
export const entry: CatalogEntry = {
  type: "aws_cloudwatch_event_rule",
  arn: (c, p) => { const bus = literal(c, "event_bus_name"); return arnOf(p, "events", prefixed(`rule/${bus && bus !== "default" ? `${bus}/` : ""}`, literal(c, "name"))); },
  forceNew: ["name", "name_prefix", "event_bus_name"],
  local: {
    kind: "emulated",
    as: "event-rule",
    attributes: {
      // The provider's id: the rule's name, after its bus's name when the bus is not the default one.
      id: (b) => { const name = b.argument("name"); const bus = b.argument("event_bus_name"); return name && (bus && bus !== "default" ? `${bus}/${name}` : name); },
    },
  },
  grants: [
    { kind: "runs-as", attributes: ["role_arn"], role: "role_arn" },
  ],
};
