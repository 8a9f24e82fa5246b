import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A Lambda function. */
export const entry: CatalogEntry = {
  type: "aws_lambda_function",
  arn: (c, p) => arnOf(p, "lambda", prefixed("function:", literal(c, "function_name"))),
  forceNew: ["function_name", "package_type"],
  identity: ["function_name", "arn", "qualified_arn", "invoke_arn", "id", "role"],
  grants: [
    { kind: "runs-as", attributes: ["role"], role: "role" },
  ],
};
