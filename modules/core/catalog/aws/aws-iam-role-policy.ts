import { type CatalogEntry } from "../entry";

/** An inline policy of an IAM role. */
export const entry: CatalogEntry = {
  type: "aws_iam_role_policy",
  forceNew: ["name", "name_prefix", "role"],
  grants: [
    { kind: "identity-policy", attributes: ["policy", "role"], policy: "policy", principal: { attribute: "role", kind: "role" } },
  ],
  local: { kind: "emulated", as: "identity-policy" },
};
