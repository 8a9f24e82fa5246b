import { type CatalogEntry } from "../entry";

/** An authorizer (JWT or Lambda) of an HTTP or WebSocket API. */
export const entry: CatalogEntry = {
  type: "aws_apigatewayv2_authorizer",
  forceNew: ["api_id"],
  grants: [
    { kind: "runs-as", attributes: ["authorizer_credentials_arn"], role: "authorizer_credentials_arn" },
    { kind: "public-exposure", attributes: ["authorizer_type", "jwt_configuration", "authorizer_uri", "identity_sources"], what: "API authorizer" },
  ],
  local: {
    kind: "emulated",
    as: "api-authorizer",
    attributes: {
      // An authorizer's id is chosen at apply: its name stands in.
      id: (b) => b.argument("name"),
    },
  },
};
