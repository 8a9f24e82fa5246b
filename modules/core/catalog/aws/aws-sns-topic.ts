import { arnOf, literal, type CatalogEntry } from "../entry";

/** An SNS topic (with its optional inline policy). */
export const entry: CatalogEntry = {
  type: "aws_sns_topic",
  globalNames: [{ attribute: "name", scope: "aws-region", what: "SNS topic name" }],
  arn: (c, p) => arnOf(p, "sns", literal(c, "name")),
  forceNew: ["name", "name_prefix", "fifo_topic"],
  grants: [
    { kind: "runs-as", attributes: ["firehose_failure_feedback_role_arn"], role: "firehose_failure_feedback_role_arn" },
    { kind: "runs-as", attributes: ["firehose_success_feedback_role_arn"], role: "firehose_success_feedback_role_arn" },
    { kind: "runs-as", attributes: ["sqs_failure_feedback_role_arn"], role: "sqs_failure_feedback_role_arn" },
    { kind: "runs-as", attributes: ["sqs_success_feedback_role_arn"], role: "sqs_success_feedback_role_arn" },
    { kind: "runs-as", attributes: ["lambda_failure_feedback_role_arn"], role: "lambda_failure_feedback_role_arn" },
    { kind: "runs-as", attributes: ["lambda_success_feedback_role_arn"], role: "lambda_success_feedback_role_arn" },
    { kind: "runs-as", attributes: ["http_failure_feedback_role_arn"], role: "http_failure_feedback_role_arn" },
    { kind: "runs-as", attributes: ["http_success_feedback_role_arn"], role: "http_success_feedback_role_arn" },
    { kind: "runs-as", attributes: ["application_failure_feedback_role_arn"], role: "application_failure_feedback_role_arn" },
    { kind: "runs-as", attributes: ["application_success_feedback_role_arn"], role: "application_success_feedback_role_arn" },
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
