import { References } from "./references";
import { nested, pathOf, resource, resourcesOf, type Block, type Stack } from "./stack";

/** One `aws_apigatewayv2_route` and the function its integration invokes. */
export interface LocalRoute {
  /** As written: `GET /users/{id}`, `ANY /files/{proxy+}`, `$default`. */
  readonly routeKey: string;
  readonly method: string;
  readonly segments: readonly Segment[];
  /** Terraform name of the aws_lambda_function, undefined when the integration is not a function of the stack. */
  readonly functionKey?: string;
  /** The alias the integration invokes (`live`), when it invokes one: API Gateway's permission is on it. */
  readonly qualifier?: string;
  readonly payloadFormatVersion: string;
  readonly authorizationType: string;
  /** Terraform name of the route's aws_apigatewayv2_authorizer (CUSTOM and JWT routes). */
  readonly authorizerKey?: string;
  readonly authorizationScopes: readonly string[];
  readonly problem?: string;
}

type Segment = { readonly kind: "literal"; readonly value: string } | { readonly kind: "param"; readonly name: string } | { readonly kind: "greedy"; readonly name: string };

export interface LocalApi {
  readonly key: string;
  readonly name: string;
  /** `/<stage>` for a named stage; empty for `$default`. */
  readonly stagePrefix: string;
  readonly stage: string;
  readonly routes: readonly LocalRoute[];
  readonly cors?: Cors;
}

export interface Cors {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly maxAge?: number;
}

/** The stack's HTTP APIs with their routes. */
export function apisOf(stack: Stack): LocalApi[] {
  const refs = new References(stack);
  return resourcesOf(stack, "aws_apigatewayv2_api")
    .filter(([, api]) => api.protocol_type === "HTTP")
    .map(([key, api]) => {
      const belongs = (block: Block) => References.target(block.api_id)?.name === key;
      const stageBlock = resourcesOf(stack, "aws_apigatewayv2_stage").find(([, s]) => belongs(s))?.[1];
      const stage = stageBlock ? refs.resolve(String(stageBlock.name), pathOf(stageBlock, "aws_apigatewayv2_stage", key)) : "$default";
      const routes = resourcesOf(stack, "aws_apigatewayv2_route")
        .filter(([, r]) => belongs(r))
        .map(([name, r]) => routeOf(stack, name, r));
      const cors = nested(api, "cors_configuration");
      const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
      return {
        key,
        name: refs.resolve(String(api.name), key),
        stage,
        stagePrefix: stage === "$default" ? "" : `/${stage}`,
        routes,
        ...(cors && {
          cors: {
            allowOrigins: list(cors.allow_origins),
            allowMethods: list(cors.allow_methods),
            allowHeaders: list(cors.allow_headers),
            exposeHeaders: list(cors.expose_headers),
            allowCredentials: cors.allow_credentials === true,
            ...(typeof cors.max_age === "number" && { maxAge: cors.max_age }),
          },
        }),
      };
    });
}

function routeOf(stack: Stack, name: string, block: Block): LocalRoute {
  const routeKey = String(block.route_key);
  const authorizationType = typeof block.authorization_type === "string" ? block.authorization_type : "NONE";
  const authorizer = References.target(block.authorizer_id);
  const auth = {
    authorizationType,
    ...(authorizer?.type === "aws_apigatewayv2_authorizer" && { authorizerKey: authorizer.name }),
    authorizationScopes: Array.isArray(block.authorization_scopes) ? block.authorization_scopes.map(String) : [],
  };
  const integrationName = /^integrations\/\$\{aws_apigatewayv2_integration\.([A-Za-z0-9_-]+)\.id\}$/.exec(String(block.target ?? ""))?.[1];
  const integration = integrationName ? resource(stack, "aws_apigatewayv2_integration", integrationName) : undefined;
  const functionKey = integration ? References.functionKey(stack, integration.integration_uri) : undefined;
  const uriTarget = integration ? References.target(integration.integration_uri) : undefined;
  const aliasName = uriTarget?.type === "aws_lambda_alias" ? resource(stack, "aws_lambda_alias", uriTarget.name)?.name : undefined;
  const qualifier = typeof aliasName === "string" ? aliasName : undefined;
  const payloadFormatVersion = String(integration?.payload_format_version ?? "1.0");
  const problem = !integration
    ? `route ${routeKey} (aws_apigatewayv2_route.${name}) has no integration in the stack`
    : !functionKey
      ? `route ${routeKey}: its integration is not a Lambda function of this stack`
      : payloadFormatVersion !== "2.0"
        ? `route ${routeKey}: payload format ${payloadFormatVersion} is not served locally (only 2.0)`
        : undefined;
  if (routeKey === "$default") return { routeKey, method: "ANY", segments: [], functionKey, qualifier, payloadFormatVersion, ...auth, problem };
  const [method, path] = routeKey.split(" ");
  const segments: Segment[] = path
    .split("/")
    .filter(Boolean)
    .map((part) => {
      const greedy = /^\{([^}]+)\+\}$/.exec(part);
      if (greedy) return { kind: "greedy", name: greedy[1] };
      const param = /^\{([^}]+)\}$/.exec(part);
      return param ? { kind: "param", name: param[1] } : { kind: "literal", value: part };
    });
  return { routeKey, method, segments, functionKey, qualifier, payloadFormatVersion, ...auth, problem };
}

export interface RouteMatch {
  readonly route: LocalRoute;
  readonly pathParameters: Readonly<Record<string, string>>;
}

/**
 * API Gateway's route selection: the most specific match wins (literal segments over `{param}`
 * over `{proxy+}`, a method over ANY), `$default` when nothing else matches.
 */
export function matchRoute(routes: readonly LocalRoute[], method: string, path: string): RouteMatch | undefined {
  const parts = path.split("/").filter(Boolean);
  let best: { match: RouteMatch; score: number[] } | undefined;
  for (const route of routes) {
    if (route.routeKey === "$default") continue;
    if (route.method !== "ANY" && route.method !== method) continue;
    const pathParameters: Record<string, string> = {};
    const score: number[] = [];
    let ok = true;
    for (let i = 0; i < route.segments.length && ok; i++) {
      const segment = route.segments[i];
      if (segment.kind === "greedy") {
        const rest = parts.slice(i);
        if (rest.length === 0 || i !== route.segments.length - 1) ok = false;
        else pathParameters[segment.name] = rest.map(decode).join("/");
        score.push(0);
        break;
      }
      const part = parts[i];
      if (part === undefined) ok = false;
      else if (segment.kind === "literal") {
        ok = segment.value === part;
        score.push(2);
      } else {
        pathParameters[segment.name] = decode(part);
        score.push(1);
      }
    }
    const last = route.segments[route.segments.length - 1];
    if (!ok || (last?.kind !== "greedy" && parts.length !== route.segments.length)) continue;
    score.push(route.method === "ANY" ? 0 : 1);
    if (!best || compare(score, best.score) > 0) best = { match: { route, pathParameters }, score };
  }
  if (best) return best.match;
  const fallback = routes.find((r) => r.routeKey === "$default");
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
