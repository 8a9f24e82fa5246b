import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { accessLogGroupName, permissionStatementId, routeId as routeIdOf, slug } from "./http-api-ids";
import type { HttpApiProps } from "./http-api-props";
import { validateHttpApiProps } from "./http-api-validation";
import type { ServerlessFunction } from "./serverless-function";
import { useRelativeLocalState } from "../core/relative-local-state";

export type { HttpApiCorsProps, HttpApiJwtAuthorizerProps, HttpApiProps, HttpApiRoute, HttpApiThrottleProps } from "./http-api-props";

const DEFAULT_THROTTLE = { burstLimit: 100, rateLimit: 50 };

// One JSON object per request; every field is a documented $context variable of HTTP APIs.
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  sourceIp: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  path: "$context.path",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
});

/**
 * An API Gateway v2 HTTP API in front of functions: Lambda proxy integrations (payload 2.0), one
 * route per method and path, an auto-deployed stage with JSON access logs and default throttling,
 * one invoke permission per route whose source ARN names that route only, and per-route
 * authorization (IAM or a JWT authorizer).
 */
export class HttpApi extends Construct {
  /** Base URL of the stage (ends with `/`). */
  public readonly url: string;
  public readonly apiId: string;
  /** `arn:...:execute-api:<region>:<account>:<api-id>`, the prefix of every route's ARN. */
  public readonly executionArn: string;
  public readonly accessLogGroupName: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    useRelativeLocalState(this);
    validateHttpApiProps(this, props);
    const tags = props.tags ? { ...props.tags } : undefined;
    const cors = props.cors;

    const api = new Apigatewayv2Api(this, "Api", {
      name: props.apiName,
      description: props.description,
      protocolType: "HTTP",
      corsConfiguration: cors
        ? {
            allowOrigins: [...cors.allowOrigins],
            allowMethods: [...(cors.allowMethods ?? ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])],
            allowHeaders: [...(cors.allowHeaders ?? ["content-type", "authorization"])],
            exposeHeaders: cors.exposeHeaders ? [...cors.exposeHeaders] : undefined,
            allowCredentials: cors.allowCredentials ?? false,
            maxAge: cors.maxAgeSeconds ?? 300,
          }
        : undefined,
      tags,
    });

    const accessLogs = new CloudwatchLogGroup(this, "AccessLogs", {
      name: accessLogGroupName(props.apiName),
      retentionInDays: props.accessLogRetentionDays ?? 30,
      tags,
    });

    // Each limit falls back to its own default: `{ rateLimit: 10 }` keeps a burst of 100.
    const throttle = { ...DEFAULT_THROTTLE, ...definedOnly(props.throttle) };
    const stage = new Apigatewayv2Stage(this, "Stage", {
      apiId: api.id,
      name: props.stageName ?? "$default",
      autoDeploy: true,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      defaultRouteSettings: {
        throttlingBurstLimit: throttle.burstLimit,
        throttlingRateLimit: throttle.rateLimit,
      },
      tags,
    });

    const jwt = props.jwtAuthorizer
      ? new Apigatewayv2Authorizer(this, "JwtAuthorizer", {
          apiId: api.id,
          name: "jwt",
          authorizerType: "JWT",
          identitySources: [props.jwtAuthorizer.identitySource ?? "$request.header.Authorization"],
          jwtConfiguration: { issuer: props.jwtAuthorizer.issuer, audience: [...props.jwtAuthorizer.audience] },
        })
      : undefined;

    const integrations = new Map<ServerlessFunction, Apigatewayv2Integration>();
    for (const route of props.routes) {
      let integration = integrations.get(route.target);
      if (!integration) {
        integration = new Apigatewayv2Integration(this, `Integration-${slug(route.target.node.path)}`, {
          apiId: api.id,
          description: `Lambda proxy to ${route.target.node.path}`,
          integrationType: "AWS_PROXY",
          integrationMethod: "POST",
          integrationUri: route.target.invokeArn,
          payloadFormatVersion: "2.0",
        });
        integrations.set(route.target, integration);
      }
      const routeKey = `${route.method} ${route.path}`;
      // Ids follow the route, not its position, so adding a route never renames the others.
      const routeId = routeIdOf(routeKey);
      const authorization = route.authorization ?? (jwt ? "JWT" : "NONE");
      new Apigatewayv2Route(this, `Route-${routeId}`, {
        apiId: api.id,
        routeKey,
        target: `integrations/${integration.id}`,
        authorizationType: authorization,
        authorizerId: authorization === "JWT" ? jwt?.id : undefined,
        authorizationScopes: route.authorizationScopes ? [...route.authorizationScopes] : undefined,
      });
      new LambdaPermission(this, `InvokePermission-${routeId}`, {
        statementId: permissionStatementId(props.apiName, routeKey),
        action: "lambda:InvokeFunction",
        functionName: route.target.functionName,
        qualifier: route.target.qualifier,
        principal: "apigateway.amazonaws.com",
        sourceArn: `${api.executionArn}/*/${route.method === "ANY" ? "*" : route.method}${route.path}`,
      });
    }

    this.url = stage.invokeUrl;
    this.apiId = api.id;
    this.executionArn = api.executionArn;
    this.accessLogGroupName = accessLogs.name;
  }
}

/** The fields of `throttle` that are given (an explicit `undefined` keeps the default). */
function definedOnly(throttle: HttpApiProps["throttle"]): { burstLimit?: number; rateLimit?: number } {
  return {
    ...(throttle?.burstLimit !== undefined ? { burstLimit: throttle.burstLimit } : {}),
    ...(throttle?.rateLimit !== undefined ? { rateLimit: throttle.rateLimit } : {}),
  };
}
