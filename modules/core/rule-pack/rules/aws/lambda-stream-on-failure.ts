import { dig, isSet, show } from "../../config";
import type { Rule } from "../../rule";

const STREAM_TYPES = ["aws_kinesis_stream", "aws_dynamodb_table", "aws_msk_cluster", "aws_msk_serverless_cluster"];

export const lambdaStreamOnFailure: Rule = {
  id: "lambda-stream-on-failure",
  title: "Stream event sources keep the records that fail",
  checkov: [],
  trivy: [],
  description:
    "An `aws_lambda_event_source_mapping` reading a DynamoDB or Kinesis stream (or Kafka) sets `destination_config.on_failure.destination_arn`: when retries or the record age run out, Lambda skips the batch, and only an on-failure destination (SQS, SNS, S3) keeps a record of what was skipped. ServerlessFunction prop `events[].onFailureDestinationArn`.",
  appliesTo: ["aws_lambda_event_source_mapping"],
  check(mapping, context) {
    const source = mapping.config.event_source_arn;
    const streamLike =
      /^arn:aws[a-z-]*:(kinesis|dynamodb|kafka):/.test(String(source)) ||
      context.referencedBy(source).some((r) => STREAM_TYPES.includes(r.type)) ||
      isSet(mapping.config.self_managed_event_source);
    if (!streamLike || isSet(dig(mapping.config, "destination_config.on_failure.destination_arn"))) return undefined;
    return `reads ${show(source)} without destination_config.on_failure: records that fail every retry are skipped and lost; set an on-failure SQS queue or SNS topic`;
  },
};
