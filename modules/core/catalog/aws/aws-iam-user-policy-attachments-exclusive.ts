import { type CatalogEntry } from "../entry";

/** The complete list of managed policies attached to an IAM user. */
export const entry: CatalogEntry = {
  type: "aws_iam_user_policy_attachments_exclusive",
  forceNew: ["user_name"],
  grants: [
    { kind: "policy-attachment", attributes: ["policy_arns", "user_name"], policy: "policy_arns", principal: { attribute: "user_name", kind: "user" } },
  ],
  local: { kind: "not-emulated", what: "IAM users and groups: no local caller acts as one" },
};
