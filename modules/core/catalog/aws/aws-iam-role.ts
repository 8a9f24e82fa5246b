import { arnOf, type CatalogEntry } from "../entry";
import { name } from "../names";

/** An IAM role: its trust policy, inline policies, managed policy ARNs and permissions boundary. */
export const entry: CatalogEntry = {
  type: "aws_iam_role",
  arn: (c, p) => arnOf(p, "iam", name(c, "role"), { region: false }),
  globalNames: [{ attribute: "name", scope: "aws-account", what: "IAM role name", caseInsensitive: true }],
  forceNew: ["name", "name_prefix", "path"],
  grants: [
    { kind: "trust-policy", attributes: ["assume_role_policy"], policy: "assume_role_policy" },
    { kind: "identity-policy", attributes: ["inline_policy.policy", "inline_policy.name"], policy: "inline_policy.policy", principal: { attribute: "name", kind: "self" } },
    { kind: "policy-attachment", attributes: ["managed_policy_arns"], policy: "managed_policy_arns", principal: { attribute: "name", kind: "self" } },
    { kind: "permissions-boundary", attributes: ["permissions_boundary"] },
  ],
  local: {
    kind: "emulated",
    as: "role",
    attributes: {
      id: (b) => b.argument("name"),
    },
  },
};
