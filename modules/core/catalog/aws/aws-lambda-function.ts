import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A Lambda function: it runs as the role it is given, so that role is what its code may do. */
export const entry: CatalogEntry = {
  type: "aws_lambda_function",
  globalNames: [{ attribute: "function_name", scope: "aws-region", what: "Lambda function name" }],
  arn: (c, p) => arnOf(p, "lambda", prefixed("function:", literal(c, "function_name"))),
  forceNew: ["function_name", "package_type"],
  identity: ["function_name", "arn", "qualified_arn", "invoke_arn", "id", "role"],
  local: {
    kind: "emulated",
    as: "function",
    attributes: {
      id: (b) => b.argument("function_name"),
      qualified_arn: (b) => `${b.attribute("arn")}:$LATEST`,
      // API Gateway's form of the function's ARN (what integrations invoke).
      invoke_arn: (b) => `arn:${b.facts.partition}:apigateway:${b.facts.region}:lambda:path/2015-03-31/functions/${b.attribute("arn")}/invocations`,
    },
  },
  // Another role for the function gives its code that role's permissions.
  grants: [
    { kind: "runs-as", attributes: ["role"], role: "role" },
  ],
};
