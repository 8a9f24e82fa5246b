import { type CatalogEntry } from "../entry";

/** An API Gateway REST API (with its optional inline resource policy). */
export const entry: CatalogEntry = {
  type: "aws_api_gateway_rest_api",
  forceNew: [],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
  ],
  local: { kind: "not-emulated", what: "API Gateway REST APIs (HTTP APIs are served)" },
};
