import { isExpression, isSet, show } from "../../config";
import type { Rule } from "../../rule";
import { modelOf } from "./iam-statements";

/** What a Lambda permission may allow: invoking, nothing that reads or changes the function. */
const INVOKE_ACTIONS = ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"];
/** An account as a principal: its id, or its root or a principal of it by ARN. */
const ACCOUNT_PRINCIPAL = /^(?:(\d{12})|arn:[a-z-]+:(?:iam|sts)::(\d{12}):.+)$/;

export const lambdaPermissionScoped: Rule = {
  id: "lambda-permission-scoped",
  title: "Lambda invoke permissions name their caller",
  checkov: ["CKV_AWS_301", "CKV_AWS_364"],
  trivy: ["AWS-0067"],
  description:
    'An `aws_lambda_permission` allows only `lambda:InvokeFunction` or `lambda:InvokeFunctionUrl` (never `lambda:*`, nor an action that reads or changes the function), never to `principal = "*"`; one granted to an AWS service (`*.amazonaws.com`) or to another account than the stack\'s (an account id or ARN; any account when the provider names none) carries a `source_arn`, so only that rule, route, bucket or topic can invoke the function, not every account using the service (confused deputy). The `principal = "*"` permission of a public function URL (`function_url_auth_type = "NONE"`) is left to `lambda-function-url-auth`.',
  appliesTo: ["aws_lambda_permission"],
  check(permission) {
    const { principal, source_arn: sourceArn, action } = permission.config;
    const problems: string[] = [];
    if (typeof action !== "string" || !INVOKE_ACTIONS.includes(action)) {
      problems.push(`action ${show(action)} is more than invoking: allow lambda:InvokeFunction (or lambda:InvokeFunctionUrl for a function URL)`);
    }
    // What a public function URL needs; whether the URL may be public is lambda-function-url-auth's finding.
    if (principal === "*" && permission.config.function_url_auth_type === "NONE") return problems.length > 0 ? problems.join("; ") : undefined;
    if (principal === "*") problems.push('principal is "*": anyone can invoke the function; name the account or service that calls it');
    else if (typeof principal === "string" && !isExpression(principal) && /\.amazonaws\.com(\.cn)?$/.test(principal) && !isSet(sourceArn)) {
      problems.push(`principal ${show(principal)} has no source_arn: any ${principal} resource in any account could invoke the function; set source_arn to the calling resource's ARN`);
    } else if (typeof principal === "string" && !isSet(sourceArn)) {
      const match = ACCOUNT_PRINCIPAL.exec(principal);
      const account = match?.[1] ?? match?.[2];
      const own = modelOf(permission).providerFacts(permission.address).accountId;
      if (account !== undefined && account !== own) {
        problems.push(`principal ${show(principal)} is account ${account}, ${own ? `not the stack's (${own})` : "and the provider names no account of the stack"}, with no source_arn: anything in that account could invoke the function; set source_arn to the calling resource's ARN`);
      }
    }
    return problems.length > 0 ? problems.join("; ") : undefined;
  },
};
