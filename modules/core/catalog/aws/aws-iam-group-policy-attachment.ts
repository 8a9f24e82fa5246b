import { type CatalogEntry } from "../entry";

/** A managed policy attached to an IAM group. */
export const entry: CatalogEntry = {
  type: "aws_iam_group_policy_attachment",
  forceNew: { all: true, except: [] },
  grants: [
    { kind: "policy-attachment", attributes: ["policy_arn", "group"], policy: "policy_arn", principal: { attribute: "group", kind: "group" } },
  ],
  local: { kind: "not-emulated", what: "IAM users and groups: no local caller acts as one" },
};
