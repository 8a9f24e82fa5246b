import { type CatalogEntry } from "../entry";

/** A stage of an HTTP or WebSocket API. */
export const entry: CatalogEntry = {
  type: "aws_apigatewayv2_stage",
  forceNew: ["api_id", "name"],
  local: {
    kind: "emulated",
    as: "api-stage",
    attributes: {
      id: (b) => b.argument("name"),
    },
  },
};
