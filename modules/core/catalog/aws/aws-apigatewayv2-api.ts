import { type CatalogEntry } from "../entry";

/** An API Gateway HTTP or WebSocket API (its id, in its ARN, is only known after apply). */
export const entry: CatalogEntry = {
  type: "aws_apigatewayv2_api",
  forceNew: ["protocol_type"],
};
