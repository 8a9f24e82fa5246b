import { type CatalogEntry } from "../entry";

/** The default security group of a VPC, with its inline rules. */
export const entry: CatalogEntry = {
  type: "aws_default_security_group",
  forceNew: ["vpc_id"],
  grants: [
    { kind: "network-ingress", attributes: ["ingress"] },
    { kind: "network-egress", attributes: ["egress"] },
  ],
  local: { kind: "inert", why: "VPC networking is not reproduced: functions reach only the local endpoint" },
};
