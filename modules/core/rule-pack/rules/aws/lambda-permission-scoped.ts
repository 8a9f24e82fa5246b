import { isExpression, isSet, show } from "../../config";
import type { Rule } from "../../rule";

export const lambdaPermissionScoped: Rule = {
  id: "lambda-permission-scoped",
  title: "Lambda invoke permissions name their caller",
  checkov: ["CKV_AWS_301", "CKV_AWS_364"],
  trivy: ["AWS-0067"],
  description:
    'An `aws_lambda_permission` never grants `principal = "*"`, and one granted to an AWS service (`*.amazonaws.com`) carries a `source_arn`, so only that rule, route, bucket or topic can invoke the function, not every account using the service (confused deputy). The `principal = "*"` permission of a public function URL (`function_url_auth_type = "NONE"`) is left to `lambda-function-url-auth`.',
  appliesTo: ["aws_lambda_permission"],
  check(permission) {
    const { principal, source_arn: sourceArn } = permission.config;
    // What a public function URL needs; whether the URL may be public is lambda-function-url-auth's finding.
    if (principal === "*" && permission.config.function_url_auth_type === "NONE") return undefined;
    if (principal === "*") return 'principal is "*": anyone can invoke the function; name the account or service that calls it';
    if (typeof principal === "string" && !isExpression(principal) && /\.amazonaws\.com(\.cn)?$/.test(principal) && !isSet(sourceArn)) {
      return `principal ${show(principal)} has no source_arn: any ${principal} resource in any account could invoke the function; set source_arn to the calling resource's ARN`;
    }
    return undefined;
  },
};
