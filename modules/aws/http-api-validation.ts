import type { Construct } from "constructs";
import { booleanValue, firstDuplicate, integerBetween, lengthBetween, matches, oneOf } from "../core/rules";
import { checkArns } from "../core/apply-time";
import { checkAgainstStack } from "../core/stack-context";
import { validateAwsTags } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { isUnresolved, receivedInstead, Validator } from "../core/validation";
import { accessLogGroupName, authorizerStatementId, claimStatementId, permissionStatementId } from "./http-api-ids";
import { API_GATEWAY_TIMEOUT_SECONDS, LOG_RETENTION_DAYS } from "./lambda-limits";
import {
  HTTP_API_CORS_KEYS,
  HTTP_API_DEFAULT_ROUTE_KEYS,
  HTTP_API_JWT_AUTHORIZER_KEYS,
  HTTP_API_LAMBDA_AUTHORIZER_KEYS,
  HTTP_API_PROP_KEYS,
  HTTP_API_ROUTE_KEYS,
  HTTP_API_THROTTLE_KEYS,
  type HttpApiAuthorization,
  type HttpApiDefaultRoute,
  type HttpApiProps,
  type HttpApiRoute,
} from "./http-api-props";
import { ServerlessFunction } from "./serverless-function";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"] as const;
/** Methods a CORS preflight may allow: real HTTP methods or `*`. `ANY` is API Gateway's route wildcard, not a method. */
export const CORS_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"] as const;
export const AUTHORIZATIONS = ["NONE", "AWS_IAM", "JWT", "LAMBDA"] as const satisfies readonly HttpApiAuthorization[];
/** The route key API Gateway gives the catch-all route. */
export const DEFAULT_ROUTE_KEY = "$default";
/** Maximum cache time of a Lambda authorizer's decisions. */
export const AUTHORIZER_TTL_SECONDS = { min: 0, max: 3600 } as const;
const IDENTITY_SOURCE = matches(
  /^\$(request\.(header|querystring)\.[A-Za-z0-9_.~!#$%&'*+^`|-]+|context\.[A-Za-z][A-Za-z0-9_.]*|stageVariables\.[A-Za-z0-9_]+)$/,
  "$request.header.<name>, $request.querystring.<name>, $context.<variable> or $stageVariables.<name>",
);
const SEGMENT = /^([A-Za-z0-9._~:@!$&'()*+,;=-]+|\{[A-Za-z_][A-Za-z0-9_]*\}|\{[A-Za-z_][A-Za-z0-9_]*\+\})$/;

/** Throws one ValidationError listing every problem of an HttpApi's props. */
export function validateHttpApiProps(scope: Construct, props: HttpApiProps): void {
  const v = new Validator("HttpApi props", scope.node.path);
  if (!v.props(props, HTTP_API_PROP_KEYS, "an object with at least apiName and routes")) v.throwIfInvalid();
  // A second API with the same name in the stack would share the access log group and the
  // permissions' statement ids. Two names that differ only in characters a log group name cannot
  // hold (`orders api`, `orders-api`) share the log group too. First, so `v.ok` tells them apart.
  claimUniqueName(v, scope, "name for an HTTP API", "apiName", props.apiName);
  if (v.ok && typeof props.apiName === "string") claimUniqueName(v, scope, "log group name for access logs", "apiName", accessLogGroupName(props.apiName));
  // A name already refused would also collide on statement ids: one problem is enough.
  const uniqueName = v.ok;
  v.required("apiName", props.apiName).check("apiName", props.apiName, lengthBetween(1, 128));
  // API Gateway takes descriptions of up to 1024 characters.
  v.check("description", props.description, lengthBetween(0, 1024));
  v.check("stageName", props.stageName, matches(/^(\$default|[A-Za-z0-9_-]{1,128})$/, "$default or 1 to 128 letters, digits, - or _"));
  validateRoutes(v, scope, props, uniqueName);
  validateDefaultRoute(v, scope, props, uniqueName);
  validateCors(v, props.cors);
  validateJwtAuthorizer(v, props.jwtAuthorizer);
  validateLambdaAuthorizer(v, scope, props, uniqueName);
  validateThrottle(v, props.throttle);
  v.check("accessLogRetentionDays", props.accessLogRetentionDays, oneOf<number>(LOG_RETENTION_DAYS));
  checkAgainstStack(v, scope, "aws", "HttpApi props", (v, { aws }) => {
    checkArns(v, props, aws);
    validateAwsTags(v, "tags", props.tags, aws?.defaultTags);
  });
  v.throwIfInvalid();
}

/**
 * The authorization a route gets: its own, or the API's one authorizer, or NONE. Undefined when the
 * API has both authorizers and the route says neither (refused).
 */
export function effectiveAuthorization(route: { authorization?: HttpApiAuthorization }, props: HttpApiProps): HttpApiAuthorization | undefined {
  if (route.authorization !== undefined) return route.authorization;
  if (props.jwtAuthorizer && props.lambdaAuthorizer) return undefined;
  return props.jwtAuthorizer ? "JWT" : props.lambdaAuthorizer ? "LAMBDA" : "NONE";
}

function validateRoutes(v: Validator, scope: Construct, props: HttpApiProps, claimStatementIds: boolean): void {
  if (props.routes === undefined && props.defaultRoute !== undefined) return;
  const listOfRoutes = "{ method, path, target } (it may be left out when there is a defaultRoute)";
  if (props.routes === undefined) {
    v.fail("routes", `a non-empty list of ${listOfRoutes}`, undefined);
    return;
  }
  const routes = v.list<HttpApiRoute>("routes", props.routes, {
    of: listOfRoutes,
    min: props.defaultRoute === undefined ? 1 : 0,
  });
  if (routes === undefined) return;
  routes.forEach((route, i) => {
    const at = `routes[${i}]`;
    if (route === null || typeof route !== "object" || Array.isArray(route)) {
      v.fail(at, "a route { method, path, target }", route);
      return;
    }
    v.onlyKnownKeys(at, route, HTTP_API_ROUTE_KEYS);
    v.check(`${at}.method`, route.method, oneOf(HTTP_METHODS));
    if (route.path === DEFAULT_ROUTE_KEY) v.fail(`${at}.path`, "a path starting with / (the $default catch-all route is the defaultRoute prop)", route.path);
    else validatePath(v, `${at}.path`, route.path);
    const routeKey = typeof route.method === "string" && typeof route.path === "string" ? `${route.method} ${route.path}` : undefined;
    validateRouteTarget(v, scope, props, at, route, routeKey, claimStatementIds);
  });
  const duplicate = firstDuplicate(routes, (r) => `${r?.method} ${r?.path}`);
  if (duplicate) v.fail("routes", "unique method and path pairs", duplicate);
}

function validateDefaultRoute(v: Validator, scope: Construct, props: HttpApiProps, claimStatementIds: boolean): void {
  const route = props.defaultRoute;
  if (route === undefined) return;
  if (route === null || typeof route !== "object" || Array.isArray(route)) {
    v.fail("defaultRoute", "{ target, authorization?, authorizationScopes? }", route);
    return;
  }
  v.onlyKnownKeys("defaultRoute", route, HTTP_API_DEFAULT_ROUTE_KEYS);
  validateRouteTarget(v, scope, props, "defaultRoute", route, DEFAULT_ROUTE_KEY, claimStatementIds);
}

/** What every route has, `$default` included: its authorization and its function. */
function validateRouteTarget(
  v: Validator,
  scope: Construct,
  props: HttpApiProps,
  at: string,
  route: HttpApiDefaultRoute,
  routeKey: string | undefined,
  claimStatementIds: boolean,
): void {
  v.check(`${at}.authorization`, route.authorization, oneOf(AUTHORIZATIONS));
  if (route.authorization === "JWT" && props.jwtAuthorizer === undefined) {
    v.fail(`${at}.authorization`, `${props.lambdaAuthorizer ? "NONE, AWS_IAM or LAMBDA" : "NONE or AWS_IAM"} unless the API has a jwtAuthorizer`, route.authorization);
  }
  if (route.authorization === "LAMBDA" && props.lambdaAuthorizer === undefined) {
    v.fail(`${at}.authorization`, `${props.jwtAuthorizer ? "NONE, AWS_IAM or JWT" : "NONE or AWS_IAM"} unless the API has a lambdaAuthorizer`, route.authorization);
  }
  const authorization = effectiveAuthorization(route, props);
  if (authorization === undefined) {
    v.fail(`${at}.authorization`, "set on every route of an API with both a jwtAuthorizer and a lambdaAuthorizer (JWT, LAMBDA, AWS_IAM or NONE)", route.authorization);
  }
  if (route.authorizationScopes !== undefined && authorization !== "JWT") {
    v.fail(`${at}.authorizationScopes`, "unset unless the route uses JWT authorization", route.authorizationScopes);
  }
  v.list(`${at}.authorizationScopes`, route.authorizationScopes, { of: "OAuth scopes", item: matches(/^\S{1,512}$/, "a scope without spaces, such as orders/read") });
  if (!(route.target instanceof ServerlessFunction)) {
    v.fail(`${at}.target`, "a ServerlessFunction", receivedInstead(route.target));
    return;
  }
  if (!isUnresolved(route.target.timeout) && route.target.timeout > API_GATEWAY_TIMEOUT_SECONDS) {
    v.fail(
      `${at}.target`,
      `a function whose timeout is at most ${API_GATEWAY_TIMEOUT_SECONDS} seconds (API Gateway stops waiting then)`,
      `${route.target.node.path} with timeout ${route.target.timeout}`,
    );
  }
  if (claimStatementIds && routeKey !== undefined && typeof props.apiName === "string") {
    const id = permissionStatementId(props.apiName, routeKey);
    const owner = claimStatementId(route.target, id, `${scope.node.path} ${routeKey}`);
    if (owner !== undefined) {
      v.fail(
        `${at}`,
        `a route whose invoke permission statement id (${id}) no other route of ${route.target.node.path} uses (${owner} has it: give the APIs names that differ in letters or digits)`,
        routeKey,
      );
    }
  }
}

function validateLambdaAuthorizer(v: Validator, scope: Construct, props: HttpApiProps, claimStatementIds: boolean): void {
  const authorizer = props.lambdaAuthorizer;
  if (authorizer === undefined) return;
  if (authorizer === null || typeof authorizer !== "object" || Array.isArray(authorizer)) {
    v.fail("lambdaAuthorizer", "{ function, identitySources?, resultTtlSeconds?, enableSimpleResponses? }", authorizer);
    return;
  }
  v.onlyKnownKeys("lambdaAuthorizer", authorizer, HTTP_API_LAMBDA_AUTHORIZER_KEYS);
  const fn = authorizer.function;
  if (!(fn instanceof ServerlessFunction)) {
    v.fail("lambdaAuthorizer.function", "a ServerlessFunction", receivedInstead(fn));
  } else if (claimStatementIds && typeof props.apiName === "string") {
    const id = authorizerStatementId(props.apiName);
    const owner = claimStatementId(fn, id, `${scope.node.path} authorizer`);
    if (owner !== undefined) {
      v.fail("lambdaAuthorizer.function", `a function whose authorizer permission statement id (${id}) no other API uses (${owner} has it: give the APIs names that differ in letters or digits)`, fn.node.path);
    }
  }
  v.check("lambdaAuthorizer.resultTtlSeconds", authorizer.resultTtlSeconds, integerBetween(AUTHORIZER_TTL_SECONDS.min, AUTHORIZER_TTL_SECONDS.max, "seconds"));
  v.check("lambdaAuthorizer.enableSimpleResponses", authorizer.enableSimpleResponses, booleanValue);
  const sources = authorizer.identitySources;
  if (sources !== undefined && !isUnresolved(sources)) {
    if (!Array.isArray(sources)) {
      v.fail("lambdaAuthorizer.identitySources", "a list of identity sources", sources);
    } else {
      sources.forEach((source, i) => v.check(`lambdaAuthorizer.identitySources[${i}]`, source, IDENTITY_SOURCE));
      const duplicate = firstDuplicate(sources, (s) => String(s));
      if (duplicate) v.fail("lambdaAuthorizer.identitySources", "distinct identity sources", duplicate);
      const ttl = authorizer.resultTtlSeconds ?? 0;
      if (sources.length === 0 && typeof ttl === "number" && ttl > 0) {
        v.fail("lambdaAuthorizer.identitySources", "at least one identity source when resultTtlSeconds is above 0 (they are the cache key)", sources);
      }
    }
  }
}

function validatePath(v: Validator, prop: string, path: string): void {
  if (typeof path !== "string" || !path.startsWith("/")) {
    v.fail(prop, "a path starting with /", path);
    return;
  }
  if (path === "/") return;
  const segments = path.slice(1).split("/");
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) v.fail(prop, "segments of URL characters or {param} (no empty segment, no trailing /)", path);
  const greedy = segments.findIndex((s) => s.endsWith("+}"));
  if (greedy !== -1 && greedy !== segments.length - 1) v.fail(prop, "a greedy {param+} only as the last segment", path);
  const params = segments.filter((s) => s.startsWith("{")).map((s) => s.replace(/[{}+]/g, ""));
  const dupParam = firstDuplicate(params, (p) => p);
  if (dupParam) v.fail(prop, "distinct path parameter names", path);
}

// A limit of 0 makes API Gateway answer 429 to every request of the stage: never what a default means.
const BURST_LIMIT = {
  description: "an integer from 1 to 5000 requests (0 would throttle every request of the API)",
  test: (v: number) => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 5000,
};
const RATE_LIMIT = {
  description: "a number of requests per second above 0 and at most 10000 (0 would throttle every request of the API)",
  test: (v: number) => typeof v === "number" && Number.isFinite(v) && v > 0 && v <= 10000,
};

function validateThrottle(v: Validator, throttle: HttpApiProps["throttle"]): void {
  if (!v.object("throttle", throttle, HTTP_API_THROTTLE_KEYS, "{ burstLimit?, rateLimit? }")) return;
  v.check("throttle.burstLimit", throttle.burstLimit, BURST_LIMIT);
  v.check("throttle.rateLimit", throttle.rateLimit, RATE_LIMIT);
}

function validateJwtAuthorizer(v: Validator, jwt: HttpApiProps["jwtAuthorizer"]): void {
  if (!v.object("jwtAuthorizer", jwt, HTTP_API_JWT_AUTHORIZER_KEYS, "{ issuer, audience, identitySource? }")) return;
  v.required("jwtAuthorizer.issuer", jwt.issuer).check("jwtAuthorizer.issuer", jwt.issuer, matches(/^https:\/\/\S+$/, "an https:// issuer URL"));
  v.required("jwtAuthorizer.audience", jwt.audience);
  v.list("jwtAuthorizer.audience", jwt.audience, { of: "accepted audiences", min: 1, item: lengthBetween(1, 512) });
  v.check("jwtAuthorizer.identitySource", jwt.identitySource, matches(/^\$request\.(header|querystring)\.[A-Za-z0-9_-]+$/, "$request.header.<name> or $request.querystring.<name>"));
}

function validateCors(v: Validator, cors: HttpApiProps["cors"]): void {
  if (!v.object("cors", cors, HTTP_API_CORS_KEYS, "{ allowOrigins, allowMethods?, allowHeaders?, exposeHeaders?, allowCredentials?, maxAgeSeconds? }")) return;
  v.required("cors.allowOrigins", cors.allowOrigins);
  const origins = v.list("cors.allowOrigins", cors.allowOrigins, {
    of: "origins (https://example.com or *)",
    min: 1,
    item: matches(/^(\*|https?:\/\/[^\s/]+)$/, "* or an origin like https://example.com"),
  });
  if (cors.allowCredentials && origins?.includes("*")) {
    v.fail("cors.allowOrigins", "explicit origins when allowCredentials is true (browsers refuse *)", cors.allowOrigins);
  }
  v.list("cors.allowMethods", cors.allowMethods, { of: "methods", item: oneOf<string>(CORS_METHODS) });
  // Header names are HTTP tokens (RFC 9110), or * for any.
  const header = matches(/^(\*|[!#$%&'*+.^_`|~0-9A-Za-z-]+)$/, "a header name such as content-type, or *");
  v.list("cors.allowHeaders", cors.allowHeaders, { of: "header names", item: header });
  v.list("cors.exposeHeaders", cors.exposeHeaders, { of: "header names", item: header });
  v.check("cors.allowCredentials", cors.allowCredentials, { description: "true or false", test: (b: boolean) => typeof b === "boolean" });
  v.check("cors.maxAgeSeconds", cors.maxAgeSeconds, integerBetween(0, 86400, "seconds"));
}
