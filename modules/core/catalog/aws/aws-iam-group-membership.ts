import { type CatalogEntry } from "../entry";

/** The complete list of users of a group (they get its policies). */
export const entry: CatalogEntry = {
  type: "aws_iam_group_membership",
  forceNew: ["name", "group"],
  grants: [
    { kind: "policy-attachment", attributes: ["users", "group"] },
  ],
  local: { kind: "not-emulated", what: "IAM users and groups: no local caller acts as one" },
};
