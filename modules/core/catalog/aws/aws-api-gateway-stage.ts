import { type CatalogEntry } from "../entry";

/** A stage of a REST API. */
export const entry: CatalogEntry = {
  type: "aws_api_gateway_stage",
  forceNew: ["rest_api_id", "stage_name"],
  local: { kind: "not-emulated", what: "API Gateway REST APIs (HTTP APIs are served)" },
};
