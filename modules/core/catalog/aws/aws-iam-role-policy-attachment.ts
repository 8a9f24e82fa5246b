import { type CatalogEntry } from "../entry";

/** A managed policy attached to an IAM role. */
export const entry: CatalogEntry = {
  type: "aws_iam_role_policy_attachment",
  forceNew: { all: true, except: [] },
  grants: [
    { kind: "policy-attachment", attributes: ["policy_arn", "role"], policy: "policy_arn", principal: { attribute: "role", kind: "role" } },
  ],
  local: { kind: "emulated", as: "policy-attachment" },
};
