import { arnOf, literal, type CatalogEntry } from "../entry";

/** An SNS topic (with its optional inline policy). */
export const entry: CatalogEntry = {
  type: "aws_sns_topic",
  globalNames: [{ attribute: "name", scope: "aws-region", what: "SNS topic name" }],
  arn: (c, p) => arnOf(p, "sns", literal(c, "name")),
  forceNew: ["name", "name_prefix", "fifo_topic"],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
  ],
  local: {
    kind: "emulated",
    as: "topic",
    attributes: {
      id: (b) => b.attribute("arn"),
    },
  },
};
