import { type CatalogEntry } from "../entry";

/** One ingress or egress rule of a security group. */
export const entry: CatalogEntry = {
  type: "aws_security_group_rule",
  forceNew: { all: true, except: ["description"] },
  grants: [
    { kind: "network-ingress", attributes: ["*"] },
  ],
  local: { kind: "inert", why: "VPC networking is not reproduced: functions reach only the local endpoint" },
};
