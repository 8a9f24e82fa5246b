import { type CatalogEntry } from "../entry";

/** One ingress rule of a security group. */
export const entry: CatalogEntry = {
  type: "aws_vpc_security_group_ingress_rule",
  forceNew: ["security_group_id"],
  grants: [
    { kind: "network-ingress", attributes: ["*"] },
  ],
  local: { kind: "inert", why: "VPC networking is not reproduced: functions reach only the local endpoint" },
};
