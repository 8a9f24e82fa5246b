import { type CatalogEntry } from "../entry";

/** A network ACL with its inline rules. */
export const entry: CatalogEntry = {
  type: "aws_network_acl",
  forceNew: ["vpc_id"],
  grants: [
    { kind: "network-ingress", attributes: ["ingress", "subnet_ids"] },
    { kind: "network-egress", attributes: ["egress"] },
  ],
  local: { kind: "inert", why: "VPC networking is not reproduced: functions reach only the local endpoint" },
};
