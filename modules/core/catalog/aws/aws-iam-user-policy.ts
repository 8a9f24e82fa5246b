import { type CatalogEntry } from "../entry";

/** An inline policy of an IAM user. */
export const entry: CatalogEntry = {
  type: "aws_iam_user_policy",
  forceNew: ["name", "name_prefix", "user"],
  grants: [
    { kind: "identity-policy", attributes: ["policy", "user"], policy: "policy", principal: { attribute: "user", kind: "user" } },
  ],
  local: { kind: "not-emulated", what: "IAM users and groups: no local caller acts as one" },
};
