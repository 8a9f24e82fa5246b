import { arnOf, type CatalogEntry } from "../entry";
import { name } from "../names";

/** An IAM group. */
export const entry: CatalogEntry = {
  type: "aws_iam_group",
  arn: (c, p) => arnOf(p, "iam", name(c, "group"), { region: false }),
  globalNames: [{ attribute: "name", scope: "aws-account", what: "IAM group name", caseInsensitive: true }],
  forceNew: [],
  local: { kind: "not-emulated", what: "IAM users and groups: no local caller acts as one" },
};
