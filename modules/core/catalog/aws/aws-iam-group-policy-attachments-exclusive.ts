import { type CatalogEntry } from "../entry";

/** The complete list of managed policies attached to an IAM group. */
export const entry: CatalogEntry = {
  type: "aws_iam_group_policy_attachments_exclusive",
  forceNew: ["group_name"],
  grants: [
    { kind: "policy-attachment", attributes: ["policy_arns", "group_name"], policy: "policy_arns", principal: { attribute: "group_name", kind: "group" } },
  ],
  local: { kind: "not-emulated", what: "IAM users and groups: no local caller acts as one" },
};
