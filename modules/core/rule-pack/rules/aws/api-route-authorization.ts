import { show } from "../../config";
import type { Rule } from "../../rule";

const AUTHORIZED = ["AWS_IAM", "JWT", "CUSTOM"];

export const apiRouteAuthorization: Rule = {
  id: "api-route-authorization",
  title: "API routes require authorization",
  checkov: ["CKV_AWS_309"],
  trivy: [],
  description:
    'Every HTTP API route (`aws_apigatewayv2_route`; for WebSocket APIs, the `$connect` route, the only one authorizers apply to) has an `authorization_type` of `"AWS_IAM"`, `"JWT"` or `"CUSTOM"`. A route meant to be public (a health check, a greeting) is the textbook case for a suppression that says so.',
  appliesTo: ["aws_apigatewayv2_route"],
  check(route, context) {
    const type = route.config.authorization_type;
    if (typeof type === "string" && AUTHORIZED.includes(type)) return undefined;
    const websocket = context.referencedBy(route.config.api_id).some((api) => api.type === "aws_apigatewayv2_api" && api.config.protocol_type === "WEBSOCKET");
    if (websocket && route.config.route_key !== "$connect") return undefined;
    return `route ${show(route.config.route_key)} has authorization_type ${show(type ?? "NONE")}: anyone who knows the URL can call it; use "AWS_IAM", "JWT" or "CUSTOM", or suppress it with the reason the route is public`;
  },
};
