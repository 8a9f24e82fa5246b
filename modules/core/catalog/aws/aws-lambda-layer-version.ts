import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A version of a Lambda layer (its ARN, with the version number, is only known after apply). */
export const entry: CatalogEntry = {
  type: "aws_lambda_layer_version",
  arn: (c, p) => arnOf(p, "lambda", prefixed("layer:", literal(c, "layer_name"))),
  forceNew: { all: true, except: ["skip_destroy"] },
};
