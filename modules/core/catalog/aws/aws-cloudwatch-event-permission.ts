import { type CatalogEntry } from "../entry";

/** Allows an account or organization to put events on a bus (a statement of the bus policy). */
export const entry: CatalogEntry = {
  type: "aws_cloudwatch_event_permission",
  forceNew: ["event_bus_name", "statement_id"],
  grants: [
    { kind: "resource-permission", attributes: ["*"] },
  ],
  local: { kind: "inert", why: "permissions for other accounts to put events: no other account is emulated" },
};
