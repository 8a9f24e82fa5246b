import { type CatalogEntry } from "../entry";

/** A route of an HTTP or WebSocket API: public when its authorization type is NONE. */
export const entry: CatalogEntry = {
  type: "aws_apigatewayv2_route",
  forceNew: ["api_id"],
  grants: [
    { kind: "public-exposure", attributes: ["authorization_type", "authorizer_id", "authorization_scopes", "route_key"], what: "API route authorization" },
  ],
  local: { kind: "emulated", as: "api-route" },
};
