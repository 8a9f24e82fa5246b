import { type CatalogEntry } from "../entry";

/** A managed policy attached exclusively to roles, users and groups (it detaches the policy from every other principal). */
export const entry: CatalogEntry = {
  type: "aws_iam_policy_attachment",
  forceNew: ["name", "policy_arn"],
  grants: [
    { kind: "policy-attachment", attributes: ["policy_arn", "roles", "users", "groups"], policy: "policy_arn" },
  ],
  local: { kind: "emulated", as: "policy-attachment" },
};
