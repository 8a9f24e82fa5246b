import { type CatalogEntry } from "../entry";

/** Adds a user to groups (the user gets their policies). */
export const entry: CatalogEntry = {
  type: "aws_iam_user_group_membership",
  forceNew: ["user"],
  grants: [
    { kind: "policy-attachment", attributes: ["user", "groups"] },
  ],
  local: { kind: "not-emulated", what: "IAM users and groups: no local caller acts as one" },
};
