import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A CloudWatch Logs log group. */
export const entry: CatalogEntry = {
  type: "aws_cloudwatch_log_group",
  globalNames: [{ attribute: "name", scope: "aws-region", what: "CloudWatch log group name" }],
  arn: (c, p) => arnOf(p, "logs", prefixed("log-group:", literal(c, "name"))),
  forceNew: ["name", "name_prefix", "log_group_class"],
  local: {
    kind: "inert",
    why: "function logs are printed on the console, not kept",
    attributes: {
      id: (b) => b.argument("name"),
    },
  },
};
