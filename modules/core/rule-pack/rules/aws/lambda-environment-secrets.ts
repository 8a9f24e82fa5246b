import { dig } from "../../config";
import type { Rule } from "../../rule";
import { secretLooking } from "../secret-patterns";

export const lambdaEnvironmentSecrets: Rule = {
  id: "lambda-environment-secrets",
  title: "Lambda environment variables hold no secrets",
  checkov: ["CKV_AWS_45"],
  trivy: [],
  description:
    "No environment value looks like a credential (AWS key id, private key, GitHub/Slack/Stripe/Google token, JWT, password in a URL) and no variable named like a secret (`*PASSWORD*`, `*TOKEN*`, `*API_KEY*`...) holds a literal: the value lands in the Terraform state and the console. Pass a Secrets Manager or SSM reference (ARN, name, path) instead.",
  appliesTo: ["aws_lambda_function"],
  check(fn) {
    const variables = dig(fn.config, "environment.variables");
    if (!variables || typeof variables !== "object") return undefined;
    const problems = Object.entries(variables as Record<string, unknown>)
      .map(([name, value]) => secretLooking(name, value))
      .filter((p): p is string => p !== undefined);
    if (problems.length === 0) return undefined;
    return `environment.variables: ${problems.join("; ")}; pass the ARN or name of a Secrets Manager secret or SSM parameter and read it at runtime`;
  },
};
