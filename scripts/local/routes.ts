import { block as first, type ModelBlock } from "../../modules/core/terraform";
import { blocksAs, type Stack } from "./stack";
import { LocalValues } from "./values";

/** One `aws_apigatewayv2_route` and the function its integration invokes. */
export interface LocalRoute {
  /** As written: `GET /users/{id}`, `ANY /files/{proxy+}`, `$default`. */
  readonly routeKey: string;
  readonly method: string;
  readonly segments: readonly Segment[];
  /**
   * The function the integration invokes, as it names it: the function's ARN, or an alias's
   * (`...:function:<name>:live`); undefined when the integration is not a function of the stack.
   */
  readonly functionRef?: string;
  readonly payloadFormatVersion: string;
  readonly authorizationType: string;
  /** Terraform address of the route's authorizer (CUSTOM and JWT routes). */
  readonly authorizerKey?: string;
  readonly authorizationScopes: readonly string[];
  readonly problem?: string;
}

type Segment = { readonly kind: "literal"; readonly value: string } | { readonly kind: "param"; readonly name: string } | { readonly kind: "greedy"; readonly name: string };

export interface LocalApi {
  /** The API's Terraform address. */
  readonly key: string;
  readonly name: string;
  /** `arn:<partition>:execute-api:<region>:<account>:<api id>`, the API's id a local stand-in (the catalog's). */
  readonly executionArn: string;
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

/** The stack's HTTP APIs (what the catalog says is emulated as one) with their routes. */
export function apisOf(stack: Stack): LocalApi[] {
  const values = new LocalValues(stack);
  const functionArns = blocksAs(stack, "function").flatMap((f) => {
    try {
      return [values.attribute(f.address, "arn", f.address)];
    } catch {
      return [];
    }
  });
  return blocksAs(stack, "http-api")
    .filter((api) => api.config.protocol_type === "HTTP")
    .map((api) => {
      const belongs = (block: ModelBlock) => stack.model.referencedAddresses(block.config.api_id).includes(api.address);
      const stageBlock = blocksAs(stack, "api-stage").find(belongs);
      const stage = stageBlock ? values.text(stageBlock.config.name, stageBlock.address) : "$default";
      const routes = blocksAs(stack, "api-route")
        .filter(belongs)
        .map((r) => routeOf(values, r, functionArns));
      const cors = first(api.config.cors_configuration);
      const texts = (value: unknown) => values.texts(value, api.address);
      return {
        key: api.address,
        name: values.text(api.config.name, api.address),
        executionArn: values.attribute(api.address, "execution_arn", api.address),
        stage,
        stagePrefix: stage === "$default" ? "" : `/${stage}`,
        routes,
        ...(cors && {
          cors: {
            allowOrigins: texts(cors.allow_origins),
            allowMethods: texts(cors.allow_methods),
            allowHeaders: texts(cors.allow_headers),
            exposeHeaders: texts(cors.expose_headers),
            allowCredentials: cors.allow_credentials === true,
            ...(cors.max_age !== undefined && { maxAge: values.number(cors.max_age, 0, api.address) }),
          },
        }),
      };
    });
}

/** The function ARN in an integration's or authorizer's URI: API Gateway's invoke ARN, or the ARN itself. */
export function functionOfUri(uri: string): string {
  return /:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? uri;
}

function routeOf(values: LocalValues, block: ModelBlock, functionArns: readonly string[]): LocalRoute {
  const { stack } = values;
  const config = block.config;
  const routeKey = values.text(config.route_key, block.address);
  const authorizationType = config.authorization_type === undefined ? "NONE" : values.text(config.authorization_type, block.address);
  const authorizer = values.blockNamedBy(config.authorizer_id);
  const auth = {
    authorizationType,
    ...(authorizer && blocksAs(stack, "api-authorizer").includes(authorizer) && { authorizerKey: authorizer.address }),
    authorizationScopes: config.authorization_scopes === undefined ? [] : values.texts(config.authorization_scopes, block.address),
  };
  const integration = values.blockNamedBy(config.target);
  const found = integration && blocksAs(stack, "api-integration").includes(integration) ? integration : undefined;
  let uri: string | undefined;
  let uriProblem: string | undefined;
  try {
    uri = found ? values.optionalText(found.config.integration_uri, found.address) : undefined;
  } catch (error) {
    uriProblem = (error as Error).message;
  }
  const target = uri === undefined ? undefined : functionOfUri(uri);
  const functionRef = target !== undefined && functionArns.some((arn) => target === arn || target.startsWith(`${arn}:`)) ? target : undefined;
  const payloadFormatVersion = found?.config.payload_format_version === undefined ? "1.0" : values.text(found.config.payload_format_version, found.address);
  const problem = !found
    ? `route ${routeKey} (${block.address}) has no integration in the stack`
    : uriProblem
      ? `route ${routeKey}: ${uriProblem}`
      : !functionRef
        ? `route ${routeKey}: its integration is not a Lambda function of this stack`
        : payloadFormatVersion !== "2.0"
          ? `route ${routeKey}: payload format ${payloadFormatVersion} is not served locally (only 2.0)`
          : undefined;
  if (routeKey === "$default") return { routeKey, method: "ANY", segments: [], functionRef, payloadFormatVersion, ...auth, problem };
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
  return { routeKey, method, segments, functionRef, payloadFormatVersion, ...auth, problem };
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
