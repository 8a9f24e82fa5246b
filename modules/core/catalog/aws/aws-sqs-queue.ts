import { arnOf, literal, type LocalBlock, type CatalogEntry } from "../entry";

/** An SQS queue (with its optional inline policy). */
export const entry: CatalogEntry = {
  type: "aws_sqs_queue",
  globalNames: [{ attribute: "name", scope: "aws-region", what: "SQS queue name" }],
  arn: (c, p) => arnOf(p, "sqs", literal(c, "name")),
  forceNew: ["name", "name_prefix", "fifo_queue"],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
  ],
  local: {
    kind: "emulated",
    as: "queue",
    attributes: {
      // The local endpoint's URL: the SDK sends SQS calls to the queue URL's host, so nothing leaves the machine.
      url: (b) => queueUrl(b),
      id: (b) => queueUrl(b),
    },
  },
};

/** `<endpoint>/<account>/<name>` locally; SQS's own form without an endpoint. */
function queueUrl(b: LocalBlock): string | undefined {
  const name = b.argument("name");
  if (!name || !b.facts.accountId) return undefined;
  return `${b.endpoint ?? `https://sqs.${b.facts.region}.${b.facts.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`}/${b.facts.accountId}/${name}`;
}
