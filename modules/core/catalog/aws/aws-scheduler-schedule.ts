import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** An EventBridge Scheduler schedule. */
export const entry: CatalogEntry = {
  type: "aws_scheduler_schedule",
  arn: (c, p) => arnOf(p, "scheduler", prefixed(`schedule/${literal(c, "group_name") ?? "default"}/`, literal(c, "name"))),
  forceNew: ["name", "name_prefix", "group_name"],
  grants: [
    { kind: "runs-as", attributes: ["target.role_arn"], role: "target.role_arn" },
  ],
  local: { kind: "emulated", as: "schedule" },
};
