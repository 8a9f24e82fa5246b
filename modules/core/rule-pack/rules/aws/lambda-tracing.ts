import { dig, isExpression, show } from "../../config";
import type { Rule } from "../../rule";

export const lambdaTracing: Rule = {
  id: "lambda-tracing",
  title: "Lambda functions trace with X-Ray",
  checkov: ["CKV_AWS_50"],
  trivy: ["AWS-0066"],
  description: '`tracing_config.mode` is `"Active"`, so every invocation is traced with X-Ray (the execution role gets the two X-Ray write actions).',
  appliesTo: ["aws_lambda_function"],
  check(fn) {
    const mode = dig(fn.config, "tracing_config.mode");
    if (mode === "Active" || isExpression(mode)) return undefined;
    return `tracing_config.mode is ${show(mode)}, expected "Active" (ServerlessFunction prop tracing: true)`;
  },
};
