import { show } from "../../config";
import type { Rule } from "../../rule";

export const lambdaFunctionUrlAuth: Rule = {
  id: "lambda-function-url-auth",
  title: "Lambda function URLs require IAM authentication",
  checkov: ["CKV_AWS_258"],
  trivy: [],
  description:
    '`aws_lambda_function_url.authorization_type` is `"AWS_IAM"`: a URL with `"NONE"` is a public endpoint outside the API (no throttling, no access logs, no authorizer). Put public routes behind `HttpApi` instead.',
  appliesTo: ["aws_lambda_function_url"],
  check(url) {
    if (url.config.authorization_type === "NONE") return `authorization_type is ${show(url.config.authorization_type)}: the function URL is public; use "AWS_IAM" or expose the function through HttpApi`;
    return undefined;
  },
};
