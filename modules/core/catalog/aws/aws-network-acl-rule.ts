import { type CatalogEntry } from "../entry";

/** One rule of a network ACL. */
export const entry: CatalogEntry = {
  type: "aws_network_acl_rule",
  forceNew: { all: true, except: [] },
  grants: [
    { kind: "network-ingress", attributes: ["*"] },
  ],
  local: { kind: "inert", why: "VPC networking is not reproduced: functions reach only the local endpoint" },
};
