import { arnOf, type CatalogEntry } from "../entry";

/** An API Gateway HTTP or WebSocket API (its id, in its ARN, is only known after apply). */
export const entry: CatalogEntry = {
  type: "aws_apigatewayv2_api",
  forceNew: ["protocol_type"],
  local: {
    kind: "emulated",
    as: "http-api",
    attributes: {
      // An API's id is chosen at apply: "local" stands in, in its id and ARNs.
      id: () => "local",
      arn: (b) => `arn:${b.facts.partition}:apigateway:${b.facts.region}::/apis/local`,
      execution_arn: (b) => arnOf(b.facts, "execute-api", "local"),
      api_endpoint: () => "http://127.0.0.1",
    },
  },
};
