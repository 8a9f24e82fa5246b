import { arnOf, literal, type CatalogEntry } from "../entry";

/** An SQS queue (with its optional inline policy). */
export const entry: CatalogEntry = {
  type: "aws_sqs_queue",
  arn: (c, p) => arnOf(p, "sqs", literal(c, "name")),
  forceNew: ["name", "name_prefix", "fifo_queue"],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
  ],
};
