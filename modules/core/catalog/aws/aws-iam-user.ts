import { arnOf, type CatalogEntry } from "../entry";
import { name } from "../names";

/** An IAM user (a long-lived identity). */
export const entry: CatalogEntry = {
  type: "aws_iam_user",
  arn: (c, p) => arnOf(p, "iam", name(c, "user"), { region: false }),
  globalNames: [{ attribute: "name", scope: "aws-account", what: "IAM user name", caseInsensitive: true }],
  forceNew: [],
  local: { kind: "not-emulated", what: "IAM users and groups: no local caller acts as one" },
};
