import { DEPRECATED_RUNTIMES, SUPPORTED_RUNTIMES } from "./lambda-runtimes";
import { isExpression, show } from "../../config";
import type { Rule } from "../../rule";

const deprecated: readonly string[] = DEPRECATED_RUNTIMES;
const supported: readonly string[] = SUPPORTED_RUNTIMES;

export const lambdaSupportedRuntime: Rule = {
  id: "lambda-supported-runtime",
  title: "Lambda functions use a supported runtime",
  checkov: ["CKV_AWS_363"],
  trivy: [],
  description:
    "A zip function's `runtime` is one Lambda still supports (`SUPPORTED_RUNTIMES` in modules/core/rule-pack/rules/aws/lambda-runtimes.ts); deprecated runtimes get no security patches. Image functions carry their own runtime and pass.",
  appliesTo: ["aws_lambda_function"],
  check(fn) {
    const runtime = fn.config.runtime;
    if (fn.config.package_type === "Image" || runtime === undefined || isExpression(runtime)) return undefined;
    if (typeof runtime === "string" && deprecated.includes(runtime)) {
      return `runtime ${show(runtime)} is deprecated; use one of ${supported.join(", ")} (ServerlessFunction prop runtime)`;
    }
    if (typeof runtime !== "string" || !supported.includes(runtime)) {
      return `runtime ${show(runtime)} is not in the supported runtimes list; use one of ${supported.join(", ")}`;
    }
    return undefined;
  },
};
