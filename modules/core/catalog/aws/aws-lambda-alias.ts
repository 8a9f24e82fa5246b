import { arnOf, literal, type CatalogEntry } from "../entry";

/** An alias of a Lambda function (what triggers and routes invoke). */
export const entry: CatalogEntry = {
  type: "aws_lambda_alias",
  arn: (c, p) => { const fn = literal(c, "function_name"); const alias = literal(c, "name"); return fn && alias && !fn.startsWith("arn:") ? arnOf(p, "lambda", `function:${fn}:${alias}`) : undefined; },
  forceNew: ["function_name", "name"],
};
