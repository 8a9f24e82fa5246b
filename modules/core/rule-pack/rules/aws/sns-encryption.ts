import { isSet } from "../../config";
import type { Rule } from "../../rule";

export const snsEncryption: Rule = {
  id: "sns-encryption",
  title: "SNS topics are encrypted at rest",
  checkov: ["CKV_AWS_26"],
  trivy: ["AWS-0095"],
  description:
    "Each `aws_sns_topic` sets `kms_master_key_id` (`alias/aws/sns` or a customer-managed key), so messages (order events, payloads fanned out to functions) are encrypted at rest. trivy AWS-0136 additionally wants a customer-managed key, not required here.",
  appliesTo: ["aws_sns_topic"],
  check(topic) {
    if (isSet(topic.config.kms_master_key_id)) return undefined;
    return 'kms_master_key_id is unset: messages are stored unencrypted; set it to "alias/aws/sns" or a customer-managed KMS key';
  },
};
