import { isExpression, show } from "../../config";
import type { Rule } from "../../rule";

export const lambdaConcurrencyLimit: Rule = {
  id: "lambda-concurrency-limit",
  title: "Lambda functions have a concurrency limit",
  checkov: ["CKV_AWS_115"],
  trivy: [],
  description:
    "`reserved_concurrent_executions` is set (0 or more), so one function cannot take the whole account's concurrency (a runaway loop or a flood) and starve the others, and its own capacity is guaranteed.",
  appliesTo: ["aws_lambda_function"],
  check(fn) {
    const reserved = fn.config.reserved_concurrent_executions;
    if (isExpression(reserved) || (typeof reserved === "number" && reserved >= 0)) return undefined;
    return `reserved_concurrent_executions is ${show(reserved)}; set a limit (ServerlessFunction prop reservedConcurrency)`;
  },
};
