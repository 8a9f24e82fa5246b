import { type CatalogEntry } from "../entry";

/** An inline policy of an IAM group. */
export const entry: CatalogEntry = {
  type: "aws_iam_group_policy",
  forceNew: ["name", "name_prefix", "group"],
  grants: [
    { kind: "identity-policy", attributes: ["policy", "group"], policy: "policy", principal: { attribute: "group", kind: "group" } },
  ],
  local: { kind: "not-emulated", what: "IAM users and groups: no local caller acts as one" },
};
