import { type CatalogEntry } from "../entry";

/** A method of a REST API resource: public when its authorization is NONE. */
export const entry: CatalogEntry = {
  type: "aws_api_gateway_method",
  forceNew: ["rest_api_id", "resource_id", "http_method"],
  grants: [
    { kind: "public-exposure", attributes: ["authorization", "authorizer_id", "authorization_scopes", "api_key_required"], what: "REST API method authorization" },
  ],
  local: { kind: "not-emulated", what: "API Gateway REST APIs (HTTP APIs are served)" },
};
