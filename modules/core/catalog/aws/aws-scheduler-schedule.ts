import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** An EventBridge Scheduler schedule. */
export const entry: CatalogEntry = {
  type: "aws_scheduler_schedule",
  arn: (c, p) => arnOf(p, "scheduler", prefixed(`schedule/${literal(c, "group_name") ?? "default"}/`, literal(c, "name"))),
  forceNew: ["name", "name_prefix", "group_name"],
  local: { kind: "emulated", as: "schedule" },
  grants: [
    // What it calls (`target.arn`: a function, or a universal target `arn:aws:scheduler:::aws-sdk:<service>:<api>` calling any AWS API) and with what input, as the role.
    { kind: "runs-as", attributes: ["target.role_arn", "target.arn", "target.input"], role: "target.role_arn" },
  ],
};
