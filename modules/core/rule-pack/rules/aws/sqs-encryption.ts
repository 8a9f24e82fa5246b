import { isSet, isTrueOrUnknown } from "../../config";
import type { Rule } from "../../rule";

export const sqsEncryption: Rule = {
  id: "sqs-encryption",
  title: "SQS queues are encrypted at rest",
  checkov: ["CKV_AWS_27"],
  trivy: ["AWS-0096"],
  description:
    "Each `aws_sqs_queue` sets `sqs_managed_sse_enabled = true` or a `kms_master_key_id`, so messages (a dead-letter queue holds failed events, payload included) are encrypted at rest.",
  appliesTo: ["aws_sqs_queue"],
  check(queue) {
    if (isSet(queue.config.kms_master_key_id) || isTrueOrUnknown(queue.config.sqs_managed_sse_enabled)) return undefined;
    return "neither sqs_managed_sse_enabled nor kms_master_key_id is set; turn on SSE-SQS or use a KMS key";
  },
};
