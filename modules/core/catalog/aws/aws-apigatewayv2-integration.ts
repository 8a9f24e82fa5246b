import { type CatalogEntry } from "../entry";

/** What a route of an HTTP or WebSocket API calls. */
export const entry: CatalogEntry = {
  type: "aws_apigatewayv2_integration",
  forceNew: ["api_id", "integration_type"],
  local: {
    kind: "emulated",
    as: "api-integration",
    attributes: {
      // An integration's id is chosen at apply: the block's name stands in.
      id: (b) => `local-${b.name}`,
    },
  },
  grants: [
    { kind: "runs-as", attributes: ["credentials_arn"], role: "credentials_arn" },
  ],
};
