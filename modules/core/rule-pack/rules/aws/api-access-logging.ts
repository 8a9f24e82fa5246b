import { dig, isSet } from "../../config";
import type { Rule } from "../../rule";

export const apiAccessLogging: Rule = {
  id: "api-access-logging",
  title: "API stages write access logs",
  checkov: ["CKV_AWS_76"],
  trivy: ["AWS-0001"],
  description:
    "Every API Gateway stage (`aws_apigatewayv2_stage`, `aws_api_gateway_stage`) has `access_log_settings` with a destination and a format, so each request (source IP, route, status, latency) is on record.",
  appliesTo: ["aws_apigatewayv2_stage", "aws_api_gateway_stage"],
  check(stage) {
    const destination = dig(stage.config, "access_log_settings.destination_arn");
    const format = dig(stage.config, "access_log_settings.format");
    if (isSet(destination) && isSet(format)) return undefined;
    return `access_log_settings ${isSet(destination) ? "has no format" : "is missing (no destination_arn)"}; send access logs to a log group (HttpApi does this for you)`;
  },
};
