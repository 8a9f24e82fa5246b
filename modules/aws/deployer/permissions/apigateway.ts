import type { DeployGrants } from "./grant";

/** HTTP APIs are named by an id API Gateway assigns: the environment's regions of its account. */
const APIS = ["arn:{partition}:apigateway:{region}::/apis", "arn:{partition}:apigateway:{region}::/apis/*"];
const TAGS = "arn:{partition}:apigateway:{region}::/tags/*";
const CHANGES = ["apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE"];

/** API Gateway (HTTP APIs, v2): the REST-style actions on the API and what is below it. */
export const APIGATEWAY_GRANTS: DeployGrants = {
  aws_apigatewayv2_api: [
    { phase: "read", actions: ["apigateway:GET"], resources: [...APIS, TAGS] },
    { phase: "manage", actions: CHANGES, resources: [...APIS, TAGS] },
  ],
  aws_apigatewayv2_route: [
    { phase: "read", actions: ["apigateway:GET"], resources: APIS },
    { phase: "manage", actions: CHANGES, resources: APIS },
  ],
  aws_apigatewayv2_integration: [
    { phase: "read", actions: ["apigateway:GET"], resources: APIS },
    { phase: "manage", actions: CHANGES, resources: APIS },
  ],
  aws_apigatewayv2_authorizer: [
    { phase: "read", actions: ["apigateway:GET"], resources: APIS },
    { phase: "manage", actions: CHANGES, resources: APIS },
  ],
  aws_apigatewayv2_stage: [
    { phase: "read", actions: ["apigateway:GET"], resources: [...APIS, TAGS] },
    { phase: "manage", actions: CHANGES, resources: [...APIS, TAGS] },
    // Access logging: API Gateway delivers to the log group through a log delivery the caller sets up.
    {
      phase: "manage",
      actions: ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:DescribeResourcePolicies", "logs:PutResourcePolicy"],
      resources: ["*"],
    },
  ],
};
