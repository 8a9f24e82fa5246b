import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A Lambda function: it runs as the role it is given, so that role is what its code may do. */
export const entry: CatalogEntry = {
  type: "aws_lambda_function",
  arn: (c, p) => arnOf(p, "lambda", prefixed("function:", literal(c, "function_name"))),
  forceNew: ["function_name", "package_type"],
  identity: ["function_name", "arn", "qualified_arn", "invoke_arn", "id", "role"],
  // Another role for the function gives its code that role's permissions: a membership, like a role in an instance profile.
  grants: [{ kind: "policy-attachment", attributes: ["role"] }],
};
