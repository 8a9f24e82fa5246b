import { type CatalogEntry } from "../entry";

/** The complete list of users of a group (they get its policies). */
export const entry: CatalogEntry = {
  type: "aws_iam_group_membership",
  forceNew: ["name", "group"],
  grants: [
    { kind: "policy-attachment", attributes: ["users", "group"] },
  ],
};
