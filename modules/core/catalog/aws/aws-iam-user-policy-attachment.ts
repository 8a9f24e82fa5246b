import { type CatalogEntry } from "../entry";

/** A managed policy attached to an IAM user. */
export const entry: CatalogEntry = {
  type: "aws_iam_user_policy_attachment",
  forceNew: { all: true, except: [] },
  grants: [
    { kind: "policy-attachment", attributes: ["policy_arn", "user"], policy: "policy_arn", principal: { attribute: "user", kind: "user" } },
  ],
  local: { kind: "not-emulated", what: "IAM users and groups: no local caller acts as one" },
};
