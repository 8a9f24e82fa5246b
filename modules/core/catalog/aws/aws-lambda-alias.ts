import { arnOf, literal, type CatalogEntry } from "../entry";

/** An alias of a Lambda function (what triggers and routes invoke). */
export const entry: CatalogEntry = {
  type: "aws_lambda_alias",
  // function_name takes the function's name or its (unqualified) ARN.
  arn: (c, p) => {
    const fn = literal(c, "function_name");
    const alias = literal(c, "name");
    if (!fn || !alias) return undefined;
    if (/^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+$/.test(fn)) return `${fn}:${alias}`;
    return fn.startsWith("arn:") ? undefined : arnOf(p, "lambda", `function:${fn}:${alias}`);
  },
  forceNew: ["function_name", "name"],
  local: {
    kind: "emulated",
    as: "function-alias",
    attributes: {
      id: (b) => b.attribute("arn"),
      // API Gateway's form of the alias's ARN (what integrations invoke).
      invoke_arn: (b) => `arn:${b.facts.partition}:apigateway:${b.facts.region}:lambda:path/2015-03-31/functions/${b.attribute("arn")}/invocations`,
    },
  },
};
