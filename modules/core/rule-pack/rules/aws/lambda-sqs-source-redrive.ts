import { isSet } from "../../config";
import type { Rule } from "../../rule";

export const lambdaSqsSourceRedrive: Rule = {
  id: "lambda-sqs-source-redrive",
  title: "SQS queues that feed a function have a dead-letter queue",
  checkov: [],
  trivy: [],
  description:
    "An `aws_lambda_event_source_mapping` reading an `aws_sqs_queue` of the stack needs that queue to have a redrive policy (`redrive_policy` or an `aws_sqs_queue_redrive_policy`): failed batches go back to the queue, and without a dead-letter queue a poison message is retried until it expires (and blocks a FIFO group). ServerlessFunction's `events: [{ type: \"sqs\" }]` reads queues the stack may not own: the queue's own stack is where its redrive policy is checked.",
  appliesTo: ["aws_lambda_event_source_mapping"],
  check(mapping, context) {
    const queues = context.referencedBy(mapping.config.event_source_arn).filter((r) => r.type === "aws_sqs_queue" && r.mode === "managed");
    const missing = queues.filter(
      (q) => !isSet(q.config.redrive_policy) && !context.ofType("aws_sqs_queue_redrive_policy").some((r) => context.referencedBy(r.config.queue_url).includes(q)),
    );
    if (missing.length === 0) return undefined;
    return `reads SQS queue ${missing.map((q) => q.address).join(", ")}, which has no redrive policy; messages that keep failing are retried until they expire (set redrive_policy with a dead-letter queue and maxReceiveCount)`;
  },
};
