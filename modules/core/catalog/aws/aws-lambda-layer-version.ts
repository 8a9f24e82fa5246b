import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A version of a Lambda layer (its ARN, with the version number, is only known after apply). */
export const entry: CatalogEntry = {
  type: "aws_lambda_layer_version",
  arn: (c, p) => arnOf(p, "lambda", prefixed("layer:", literal(c, "layer_name"))),
  forceNew: { all: true, except: ["skip_destroy"] },
  local: {
    kind: "emulated",
    as: "layer",
    attributes: {
      // A layer version's number is given by Lambda when it publishes: 1 stands in.
      arn: (b) => { const layer = b.arn(); return layer && `${layer}:1`; },
      id: (b) => b.attribute("arn"),
      layer_arn: (b) => b.arn(),
      version: () => "1",
    },
  },
};
