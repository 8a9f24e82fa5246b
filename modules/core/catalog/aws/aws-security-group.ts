import { type CatalogEntry } from "../entry";

/** A VPC security group with its inline rules. */
export const entry: CatalogEntry = {
  type: "aws_security_group",
  forceNew: ["name", "name_prefix", "description", "vpc_id"],
  grants: [
    { kind: "network-ingress", attributes: ["ingress"] },
    { kind: "network-egress", attributes: ["egress"] },
  ],
  local: { kind: "inert", why: "VPC networking is not reproduced: functions reach only the local endpoint" },
};
