import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A DynamoDB table. */
export const entry: CatalogEntry = {
  type: "aws_dynamodb_table",
  arn: (c, p) => arnOf(p, "dynamodb", prefixed("table/", literal(c, "name"))),
  forceNew: ["name", "hash_key", "range_key", "local_secondary_index"],
  identity: ["name", "hash_key", "range_key", "id", "arn", "stream_arn", "stream_label"],
};
