import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { accessLogGroupName, authorizerStatementId, permissionStatementId, routeId as routeIdOf, slug } from "./http-api-ids";
import { DEFAULT_ROUTE_KEY, effectiveAuthorization, HTTP_API_PROPS, type HttpApiAuthorization, type HttpApiDefaultRoute, type HttpApiProps } from "./http-api-props";
import type { ServerlessFunction } from "./serverless-function";
import { useRelativeLocalState } from "../core/relative-local-state";

export type {
  HttpApiAuthorization,
  HttpApiCorsProps,
  HttpApiDefaultRoute,
  HttpApiJwtAuthorizerProps,
  HttpApiLambdaAuthorizerProps,
  HttpApiProps,
  HttpApiRoute,
  HttpApiThrottleProps,
} from "./http-api-props";

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
 * one invoke permission per route whose source ARN names that route only, an optional `$default`
 * catch-all route, and per-route authorization (IAM, a JWT authorizer or a Lambda REQUEST authorizer
 * whose function only this authorizer of this API may invoke).
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
    HTTP_API_PROPS.validate(this, props);
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

    const lambda = props.lambdaAuthorizer ? this.lambdaAuthorizer(props, api) : undefined;
    const authorizerIds: Record<HttpApiAuthorization, string | undefined> = { NONE: undefined, AWS_IAM: undefined, JWT: jwt?.id, LAMBDA: lambda?.id };

    const integrations = new Map<ServerlessFunction, Apigatewayv2Integration>();
    const integrationOf = (target: ServerlessFunction): Apigatewayv2Integration => {
      let integration = integrations.get(target);
      if (!integration) {
        integration = new Apigatewayv2Integration(this, `Integration-${slug(target.node.path)}`, {
          apiId: api.id,
          description: `Lambda proxy to ${target.node.path}`,
          integrationType: "AWS_PROXY",
          integrationMethod: "POST",
          integrationUri: target.invokeArn,
          payloadFormatVersion: "2.0",
        });
        integrations.set(target, integration);
      }
      return integration;
    };
    // `ANY` routes and `$default` may be called with any method: the permission's ARN says `*`.
    const addRoute = (route: HttpApiDefaultRoute, routeKey: string, arnPath: string): void => {
      // Ids follow the route, not its position, so adding a route never renames the others.
      const routeId = routeIdOf(routeKey);
      const authorization = effectiveAuthorization(route, props) ?? "NONE";
      new Apigatewayv2Route(this, `Route-${routeId}`, {
        apiId: api.id,
        routeKey,
        target: `integrations/${integrationOf(route.target).id}`,
        // API Gateway's word for a Lambda authorizer is CUSTOM.
        authorizationType: authorization === "LAMBDA" ? "CUSTOM" : authorization,
        authorizerId: authorizerIds[authorization],
        authorizationScopes: route.authorizationScopes ? [...route.authorizationScopes] : undefined,
      });
      new LambdaPermission(this, `InvokePermission-${routeId}`, {
        statementId: permissionStatementId(props.apiName, routeKey),
        action: "lambda:InvokeFunction",
        functionName: route.target.functionName,
        qualifier: route.target.qualifier,
        principal: "apigateway.amazonaws.com",
        sourceArn: `${api.executionArn}/*/${arnPath}`,
      });
    };
    for (const route of props.routes ?? []) {
      addRoute(route, `${route.method} ${route.path}`, `${route.method === "ANY" ? "*" : route.method}${route.path}`);
    }
    if (props.defaultRoute) addRoute(props.defaultRoute, DEFAULT_ROUTE_KEY, DEFAULT_ROUTE_KEY);

    this.url = stage.invokeUrl;
    this.apiId = api.id;
    this.executionArn = api.executionArn;
    this.accessLogGroupName = accessLogs.name;
  }

  /**
   * The REQUEST authorizer (payload 2.0) and the one permission its function needs: invoked by API
   * Gateway for this authorizer of this API only (`<execution ARN>/authorizers/<id>`).
   */
  private lambdaAuthorizer(props: HttpApiProps, api: Apigatewayv2Api): Apigatewayv2Authorizer {
    const settings = props.lambdaAuthorizer!;
    const fn = settings.function;
    const authorizer = new Apigatewayv2Authorizer(this, "LambdaAuthorizer", {
      apiId: api.id,
      name: "lambda",
      authorizerType: "REQUEST",
      authorizerUri: fn.invokeArn,
      authorizerPayloadFormatVersion: "2.0",
      enableSimpleResponses: settings.enableSimpleResponses ?? true,
      authorizerResultTtlInSeconds: settings.resultTtlSeconds ?? 0,
      identitySources: [...(settings.identitySources ?? ["$request.header.Authorization"])],
    });
    new LambdaPermission(this, "AuthorizerInvokePermission", {
      statementId: authorizerStatementId(props.apiName),
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      qualifier: fn.qualifier,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/authorizers/${authorizer.id}`,
    });
    return authorizer;
  }
}

/** The fields of `throttle` that are given (an explicit `undefined` keeps the default). */
function definedOnly(throttle: HttpApiProps["throttle"]): { burstLimit?: number; rateLimit?: number } {
  return {
    ...(throttle?.burstLimit !== undefined ? { burstLimit: throttle.burstLimit } : {}),
    ...(throttle?.rateLimit !== undefined ? { rateLimit: throttle.rateLimit } : {}),
  };
}
