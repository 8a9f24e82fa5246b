import { dig, isSet } from "../../config";
import type { Rule } from "../../rule";

export const lambdaEnvironmentKms: Rule = {
  id: "lambda-environment-kms",
  title: "Lambda environment variables are encrypted with a customer-managed KMS key",
  checkov: ["CKV_AWS_173"],
  trivy: [],
  description:
    "A function with environment variables sets `kms_key_arn`, so reading them at rest takes a key whose policy you control rather than the account-wide AWS-managed key `aws/lambda`.",
  appliesTo: ["aws_lambda_function"],
  check(fn) {
    const variables = dig(fn.config, "environment.variables");
    const names = variables && typeof variables === "object" ? Object.keys(variables) : [];
    if (names.length === 0 || isSet(fn.config.kms_key_arn)) return undefined;
    return `environment variables ${names.join(", ")} are encrypted with the AWS-managed key; set kms_key_arn (ServerlessFunction prop environmentKmsKeyArn)`;
  },
};
