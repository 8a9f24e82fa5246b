import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A Kinesis data stream. */
export const entry: CatalogEntry = {
  type: "aws_kinesis_stream",
  globalNames: [{ attribute: "name", scope: "aws-region", what: "Kinesis stream name" }],
  arn: (c, p) => arnOf(p, "kinesis", prefixed("stream/", literal(c, "name"))),
  forceNew: ["name"],
  local: {
    kind: "not-emulated",
    what: "Kinesis data streams",
    attributes: {
      id: (b) => b.attribute("arn"),
    },
  },
};
