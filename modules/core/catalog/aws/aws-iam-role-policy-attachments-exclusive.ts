import { type CatalogEntry } from "../entry";

/** The complete list of managed policies attached to an IAM role. */
export const entry: CatalogEntry = {
  type: "aws_iam_role_policy_attachments_exclusive",
  forceNew: ["role_name"],
  grants: [
    { kind: "policy-attachment", attributes: ["policy_arns", "role_name"], policy: "policy_arns", principal: { attribute: "role_name", kind: "role" } },
  ],
  local: { kind: "emulated", as: "policy-attachment" },
};
