import { arnOf, literal, type CatalogEntry } from "../entry";

/** An SSM parameter (its value is read through wherever it is referenced). */
export const entry: CatalogEntry = {
  type: "aws_ssm_parameter",
  globalNames: [{ attribute: "name", scope: "aws-region", what: "SSM parameter name" }],
  arn: (c, p) => { const n = literal(c, "name"); return n ? arnOf(p, "ssm", `parameter/${n.replace(/^\//, "")}`) : undefined; },
  forceNew: ["name"],
  identity: ["name", "arn", "id", "version"],
  local: {
    kind: "not-emulated",
    what: "SSM Parameter Store: calls to it are refused",
    attributes: {
      id: (b) => b.argument("name"),
    },
  },
};
