import { type CatalogEntry } from "../entry";

/** The resource policy of a REST API: who may invoke it. */
export const entry: CatalogEntry = {
  type: "aws_api_gateway_rest_api_policy",
  forceNew: ["rest_api_id"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "rest_api_id"], policy: "policy", resource: "rest_api_id" },
  ],
  local: { kind: "not-emulated", what: "API Gateway REST APIs (HTTP APIs are served)" },
};
