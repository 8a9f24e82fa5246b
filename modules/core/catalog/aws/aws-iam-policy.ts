import { arnOf, type CatalogEntry } from "../entry";
import { name } from "../names";

/** A customer-managed IAM policy (identity-based); who gets it is said by its attachments. */
export const entry: CatalogEntry = {
  type: "aws_iam_policy",
  arn: (c, p) => arnOf(p, "iam", name(c, "policy"), { region: false }),
  globalNames: [{ attribute: "name", scope: "aws-account", what: "IAM policy name", caseInsensitive: true }],
  forceNew: ["name", "name_prefix", "path", "description"],
  grants: [
    { kind: "identity-policy", attributes: ["policy"], policy: "policy" },
  ],
  local: {
    kind: "emulated",
    as: "identity-policy",
    attributes: {
      id: (b) => b.attribute("arn"),
    },
  },
};
