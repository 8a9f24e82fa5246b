import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A DynamoDB table. */
export const entry: CatalogEntry = {
  type: "aws_dynamodb_table",
  globalNames: [{ attribute: "name", scope: "aws-region", what: "DynamoDB table name" }],
  arn: (c, p) => arnOf(p, "dynamodb", prefixed("table/", literal(c, "name"))),
  forceNew: ["name", "hash_key", "range_key", "local_secondary_index"],
  identity: ["name", "hash_key", "range_key", "id", "arn", "stream_arn", "stream_label"],
  local: {
    kind: "emulated",
    as: "table",
    attributes: {
      id: (b) => b.argument("name"),
      stream_arn: (b) => `${b.attribute("arn")}/stream/${STREAM_LABEL}`,
      stream_label: () => STREAM_LABEL,
    },
  },
};

/** The stream label that stands in for the one DynamoDB chooses when it enables a stream. */
const STREAM_LABEL = "1970-01-01T00:00:00.000";
