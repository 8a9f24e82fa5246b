import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { checkArns } from "../core/apply-time";
import { checkSameStack } from "../core/same-stack";
import { booleanValue, firstDuplicate, integerBetween, lengthBetween, matches, oneOf } from "../core/rules";
import { custom, instanceOf, list, object, optional, props, required, type Refinement, type TypeOf } from "../core/schema";
import { checkAgainstStack } from "../core/stack-context";
import { AWS_TAGS } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { isUnresolved, receivedInstead, type Rule } from "../core/validation";
import { accessLogGroupName, authorizerStatementId, claimStatementId, permissionStatementId } from "./http-api-ids";
import { API_GATEWAY_TIMEOUT_SECONDS, LOG_RETENTION_DAYS } from "./lambda-limits";
import { ServerlessFunction } from "./serverless-function";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"] as const;
/** Methods a CORS preflight may allow: real HTTP methods or `*`. `ANY` is API Gateway's route wildcard, not a method. */
export const CORS_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"] as const;
export const AUTHORIZATIONS = ["NONE", "AWS_IAM", "JWT", "LAMBDA"] as const;
/** The route key API Gateway gives the catch-all route. */
export const DEFAULT_ROUTE_KEY = "$default";
/** Maximum cache time of a Lambda authorizer's decisions. */
export const AUTHORIZER_TTL_SECONDS = { min: 0, max: 3600 } as const;

/**
 * Who may call a route: `AWS_IAM` (SigV4-signed callers allowed by their own IAM policy), `JWT`
 * (tokens checked by the API's `jwtAuthorizer`), `LAMBDA` (the API's `lambdaAuthorizer` function
 * decides; API Gateway calls this `CUSTOM`) or `NONE` (public).
 */
export type HttpApiAuthorization = (typeof AUTHORIZATIONS)[number];

const IDENTITY_SOURCE = matches(
  /^\$(request\.(header|querystring)\.[A-Za-z0-9_.~!#$%&'*+^`|-]+|context\.[A-Za-z][A-Za-z0-9_.]*|stageVariables\.[A-Za-z0-9_]+)$/,
  "$request.header.<name>, $request.querystring.<name>, $context.<variable> or $stageVariables.<name>",
);
const SEGMENT = /^([A-Za-z0-9._~:@!$&'()*+,;=-]+|\{[A-Za-z_][A-Za-z0-9_]*\}|\{[A-Za-z_][A-Za-z0-9_]*\+\})$/;
const SCOPES = list(matches(/^\S{1,512}$/, "a scope without spaces, such as orders/read"), { of: "OAuth scopes" });

/** A route's path: `/`, or segments of URL characters or `{param}`, a greedy `{param+}` last. */
const PATH = custom<string>("a path starting with /: segments of URL characters or {param}, a greedy {param+} only last", (c, prop, path) => {
  if (path === DEFAULT_ROUTE_KEY) {
    c.v.fail(prop, "a path starting with / (the $default catch-all route is the defaultRoute prop)", path);
    return;
  }
  if (typeof path !== "string" || !path.startsWith("/")) {
    c.v.fail(prop, "a path starting with /", path);
    return;
  }
  if (path === "/") return;
  const segments = path.slice(1).split("/");
  if (segments.some((s) => !SEGMENT.test(s))) c.v.fail(prop, "segments of URL characters or {param} (no empty segment, no trailing /)", path);
  const greedy = segments.findIndex((s) => s.endsWith("+}"));
  if (greedy !== -1 && greedy !== segments.length - 1) c.v.fail(prop, "a greedy {param+} only as the last segment", path);
  const params = segments.filter((s) => s.startsWith("{")).map((s) => s.replace(/[{}+]/g, ""));
  if (firstDuplicate(params, (p) => p)) c.v.fail(prop, "distinct path parameter names", path);
});

/** The function of a route: a `ServerlessFunction` that answers within API Gateway's 30 seconds. */
const TARGET = custom<ServerlessFunction>(
  `a ServerlessFunction whose timeout is at most ${API_GATEWAY_TIMEOUT_SECONDS} seconds`,
  (c, prop, target) => {
    if (!(target instanceof ServerlessFunction)) {
      c.v.fail(prop, "a ServerlessFunction", receivedInstead(target));
    } else if (c.scope && TerraformStack.of(target) !== TerraformStack.of(c.scope)) {
      checkSameStack(c.v, prop, c.scope, TerraformStack.of(target), target.node.path);
    } else if (!isUnresolved(target.timeout) && target.timeout > API_GATEWAY_TIMEOUT_SECONDS) {
      c.v.fail(
        prop,
        `a function whose timeout is at most ${API_GATEWAY_TIMEOUT_SECONDS} seconds (API Gateway stops waiting then)`,
        `${target.node.path} with timeout ${target.timeout}`,
      );
    }
  },
  { missing: "a ServerlessFunction" },
);

const ROUTE = object(
  {
    /** GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY. */
    method: required(oneOf<string>(HTTP_METHODS)),
    /** `/users/{id}`; a greedy `{proxy+}` only as the last segment. */
    path: required(PATH),
    /** The function that handles the route. */
    target: required(TARGET),
    /**
     * Who may call the route (see `HttpApiAuthorization`).
     * @default the API's authorizer when it has exactly one (`JWT` or `LAMBDA`), otherwise "NONE"; an API
     * with both authorizers needs it on every route
     */
    authorization: optional(oneOf(AUTHORIZATIONS)),
    /** OAuth scopes a JWT must carry for this route. @default none */
    authorizationScopes: optional(SCOPES),
  },
  { expected: "a route { method, path, target }" },
);

/** One route: `METHOD /path` handled by a function (Lambda proxy, payload format 2.0). */
export interface HttpApiRoute extends TypeOf<typeof ROUTE> {}

const DEFAULT_ROUTE = object({
  /** The function every request no other route matches goes to. */
  target: required(TARGET),
  /** Who may call the route (see `HttpApiAuthorization`). @default as for `routes` */
  authorization: optional(oneOf(AUTHORIZATIONS)),
  /** OAuth scopes a JWT must carry. @default none */
  authorizationScopes: optional(SCOPES),
});

/**
 * The `$default` route: every request no other route matches, whatever its method and path (a web
 * app served by one function, e.g. Next.js with the Lambda Web Adapter).
 */
export interface HttpApiDefaultRoute extends TypeOf<typeof DEFAULT_ROUTE> {}

const LAMBDA_AUTHORIZER = object(
  {
    /** The function that decides; API Gateway may invoke it for this API's authorizer only. */
    function: required(instanceOf(ServerlessFunction, "a ServerlessFunction", { sameStack: true })),
    /**
     * Where the caller's identity is: `$request.header.<name>`, `$request.querystring.<name>`,
     * `$context.<variable>` or `$stageVariables.<name>`. A request missing one of them is refused with
     * 401 without calling the function. They are also the cache key when `resultTtlSeconds` is above 0.
     * `[]` (only without caching) calls the function for every request.
     * @default ["$request.header.Authorization"]
     */
    identitySources: optional(
      list(IDENTITY_SOURCE, {
        of: "identity sources",
        refine(sources, r) {
          const duplicate = firstDuplicate(sources, (s) => String(s));
          if (duplicate) r.fail(undefined, "distinct identity sources", duplicate);
        },
      }),
    ),
    /**
     * How long API Gateway reuses a decision for the same identity sources, 0 to 3600 seconds. A cached
     * decision applies to every route of the authorizer: add `$context.routeKey` to `identitySources`
     * when the decision depends on the route.
     * @default 0 (no caching: the function decides each request)
     */
    resultTtlSeconds: optional(integerBetween(AUTHORIZER_TTL_SECONDS.min, AUTHORIZER_TTL_SECONDS.max, "seconds")),
    /**
     * The function answers `{ isAuthorized: boolean, context? }` (true) or an IAM policy document (false).
     * @default true
     */
    enableSimpleResponses: optional(booleanValue),
  },
  {
    refine(authorizer, r) {
      const sources = authorizer.identitySources;
      const ttl = authorizer.resultTtlSeconds ?? 0;
      if (Array.isArray(sources) && sources.length === 0 && typeof ttl === "number" && ttl > 0) {
        r.fail("identitySources", "at least one identity source when resultTtlSeconds is above 0 (they are the cache key)", sources);
      }
    },
  },
);

/**
 * A Lambda REQUEST authorizer (payload format 2.0): API Gateway calls `function` with the request's
 * headers, query, path and context before every route whose `authorization` is `LAMBDA`.
 */
export interface HttpApiLambdaAuthorizerProps extends TypeOf<typeof LAMBDA_AUTHORIZER> {}

const JWT_AUTHORIZER = object({
  /** Issuer URL, e.g. `https://cognito-idp.<region>.amazonaws.com/<user pool id>`. */
  issuer: required(matches(/^https:\/\/\S+$/, "an https:// issuer URL")),
  /** Accepted `aud` values (client ids). */
  audience: required(list(lengthBetween(1, 512), { of: "accepted audiences", min: 1 })),
  /** Where the token is. @default "$request.header.Authorization" */
  identitySource: optional(matches(/^\$request\.(header|querystring)\.[A-Za-z0-9_-]+$/, "$request.header.<name> or $request.querystring.<name>")),
});

/** A JWT authorizer (any OIDC issuer: Cognito, Auth0, Entra ID...). */
export interface HttpApiJwtAuthorizerProps extends TypeOf<typeof JWT_AUTHORIZER> {}

// Header names are HTTP tokens (RFC 9110), or * for any.
const HEADERS = list(matches(/^(\*|[!#$%&'*+.^_`|~0-9A-Za-z-]+)$/, "a header name such as content-type, or *"), { of: "header names" });

const CORS = object(
  {
    /** Origins allowed to call the API (`https://app.example.com`, or `*`). */
    allowOrigins: required(list(matches(/^(\*|https?:\/\/[^\s/]+)$/, "* or an origin like https://example.com"), { of: "origins (https://example.com or *)", min: 1 })),
    /**
     * GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or `*` (not `ANY`, which only routes know).
     * @default ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
     */
    allowMethods: optional(list(oneOf<string>(CORS_METHODS), { of: "methods" })),
    /** Request headers allowed. @default ["content-type", "authorization"] */
    allowHeaders: optional(HEADERS),
    /** Response headers the browser may read. @default none */
    exposeHeaders: optional(HEADERS),
    /** Allow cookies and authorization headers (only with explicit origins). @default false */
    allowCredentials: optional(booleanValue),
    /** How long browsers may cache the preflight answer. @default 300 */
    maxAgeSeconds: optional(integerBetween(0, 86400, "seconds")),
  },
  {
    refine(cors, r) {
      if (cors.allowCredentials && Array.isArray(cors.allowOrigins) && cors.allowOrigins.includes("*")) {
        r.fail("allowOrigins", "explicit origins when allowCredentials is true (browsers refuse *)", cors.allowOrigins);
      }
    },
  },
);

export interface HttpApiCorsProps extends TypeOf<typeof CORS> {}

// A limit of 0 makes API Gateway answer 429 to every request of the stage: never what a default means.
const BURST_LIMIT: Rule<number> = {
  description: "an integer from 1 to 5000 requests (0 would throttle every request of the API)",
  test: (v) => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 5000,
};
const RATE_LIMIT: Rule<number> = {
  description: "a number of requests per second above 0 and at most 10000 (0 would throttle every request of the API)",
  test: (v) => typeof v === "number" && Number.isFinite(v) && v > 0 && v <= 10000,
};

const THROTTLE = object({
  /** Requests API Gateway accepts at once above the rate, 1 to 5000 (0 would refuse every request). @default 100 */
  burstLimit: optional(BURST_LIMIT),
  /** Requests per second, above 0 and at most 10000 (0 would refuse every request). @default 50 */
  rateLimit: optional(RATE_LIMIT),
});

/** Default route throttling of the stage; each limit left out keeps its default. */
export interface HttpApiThrottleProps extends TypeOf<typeof THROTTLE> {}

const ROUTES_RULE = "{ method, path, target } (it may be left out when there is a defaultRoute)";

/** The props of `HttpApi`: an API Gateway v2 HTTP API in front of functions. */
export const HTTP_API_PROPS = props(
  {
    /** Name of the API, 1 to 128 characters. */
    apiName: required(lengthBetween(1, 128)),
    /** The routes: at least one, unless there is a `defaultRoute`. @default none */
    routes: optional(
      list(ROUTE.named<HttpApiRoute>(), {
        of: ROUTES_RULE,
        refine(routes, r) {
          const duplicate = firstDuplicate(routes, (route) => `${route?.method} ${route?.path}`);
          if (duplicate) r.fail(undefined, "unique method and path pairs", duplicate);
        },
      }),
    ),
    /** The `$default` catch-all route: requests that match no route go to this function. @default none (404) */
    defaultRoute: optional(DEFAULT_ROUTE.named<HttpApiDefaultRoute>()),
    /** The stage, auto-deployed. @default "$default" (no stage in the URL) */
    stageName: optional(matches(/^(\$default|[A-Za-z0-9_-]{1,128})$/, "$default or 1 to 128 letters, digits, - or _")),
    /** CORS of the API (preflight answered by API Gateway). @default no CORS */
    cors: optional(CORS.named<HttpApiCorsProps>()),
    /** Validates JWTs for routes whose `authorization` is `JWT`. @default none */
    jwtAuthorizer: optional(JWT_AUTHORIZER.named<HttpApiJwtAuthorizerProps>()),
    /** A Lambda REQUEST authorizer for routes whose `authorization` is `LAMBDA`. @default none */
    lambdaAuthorizer: optional(LAMBDA_AUTHORIZER.named<HttpApiLambdaAuthorizerProps>()),
    /** Default route throttling of the stage. @default { burstLimit: 100, rateLimit: 50 } */
    throttle: optional(THROTTLE.named<HttpApiThrottleProps>()),
    /** Retention of the access log group, in days. @default 30 */
    accessLogRetentionDays: optional(oneOf<number>(LOG_RETENTION_DAYS)),
    /** API Gateway takes descriptions of up to 1024 characters. @default none */
    description: optional(lengthBetween(0, 1024)),
    /** Tags on the API, its stage and its log group (the provider adds its default tags). @default none */
    tags: optional(AWS_TAGS),
  },
  {
    name: "HttpApi props",
    expected: "an object with at least apiName and routes",
    refine(api, r) {
      if (api.routes === undefined && api.defaultRoute === undefined) r.fail("routes", `a non-empty list of ${ROUTES_RULE}`, undefined);
      else if (Array.isArray(api.routes) && api.routes.length === 0 && api.defaultRoute === undefined) r.fail("routes", `a non-empty list of ${ROUTES_RULE}`, []);
      refineHttpApi(api, r);
    },
  },
);

export interface HttpApiProps extends TypeOf<typeof HTTP_API_PROPS> {}

/**
 * The authorization a route gets: its own, or the API's one authorizer, or NONE. Undefined when the
 * API has both authorizers and the route says neither (refused).
 */
export function effectiveAuthorization(route: { authorization?: HttpApiAuthorization }, props: HttpApiProps): HttpApiAuthorization | undefined {
  if (route.authorization !== undefined) return route.authorization;
  if (props.jwtAuthorizer && props.lambdaAuthorizer) return undefined;
  return props.jwtAuthorizer ? "JWT" : props.lambdaAuthorizer ? "LAMBDA" : "NONE";
}

/**
 * The rules of `HttpApi` props that span the API: a name no other API of the stack has, each route's
 * authorization against the API's authorizers, invoke permissions whose statement ids no other route
 * of the same function uses, and ARNs of the stack's partition.
 */
function refineHttpApi(props: HttpApiProps, r: Refinement): void {
  const scope = r.scope as Construct;
  // A second API with the same name in the stack would share the access log group and the
  // permissions' statement ids. Two names that differ only in characters a log group name cannot
  // hold (`orders api`, `orders-api`) share the log group too.
  const before = r.v.size;
  claimUniqueName(r.v, scope, "name for an HTTP API", "apiName", props.apiName);
  if (r.v.size === before && typeof props.apiName === "string") claimUniqueName(r.v, scope, "log group name for access logs", "apiName", accessLogGroupName(props.apiName));
  // A name already refused would also collide on statement ids: one problem is enough.
  const claimStatementIds = r.v.size === before;
  if (Array.isArray(props.routes)) {
    props.routes.forEach((route, i) => {
      if (route === null || typeof route !== "object" || Array.isArray(route)) return;
      const routeKey = typeof route.method === "string" && typeof route.path === "string" ? `${route.method} ${route.path}` : undefined;
      refineRoute(r, props, r.at("routes", i), route, routeKey, claimStatementIds);
    });
  }
  const route = props.defaultRoute;
  if (route !== null && typeof route === "object" && !Array.isArray(route)) refineRoute(r, props, "defaultRoute", route, DEFAULT_ROUTE_KEY, claimStatementIds);
  const fn = props.lambdaAuthorizer?.function;
  if (fn instanceof ServerlessFunction && claimStatementIds && typeof props.apiName === "string") {
    const id = authorizerStatementId(props.apiName);
    const owner = claimStatementId(fn, id, `${scope.node.path} authorizer`);
    if (owner !== undefined) {
      r.fail("lambdaAuthorizer.function", `a function whose authorizer permission statement id (${id}) no other API uses (${owner} has it: give the APIs names that differ in letters or digits)`, fn.node.path);
    }
  }
  checkAgainstStack(r.v, scope, "aws", r.kind, (v, { aws }) => checkArns(v, props, aws), r.context("aws"));
}

/** What every route has, `$default` included: an authorization the API can give, and its function's permission. */
function refineRoute(r: Refinement, props: HttpApiProps, at: string, route: HttpApiDefaultRoute, routeKey: string | undefined, claimStatementIds: boolean): void {
  if (route.authorization === "JWT" && props.jwtAuthorizer === undefined) {
    r.v.fail(`${at}.authorization`, `${props.lambdaAuthorizer ? "NONE, AWS_IAM or LAMBDA" : "NONE or AWS_IAM"} unless the API has a jwtAuthorizer`, route.authorization);
  }
  if (route.authorization === "LAMBDA" && props.lambdaAuthorizer === undefined) {
    r.v.fail(`${at}.authorization`, `${props.jwtAuthorizer ? "NONE, AWS_IAM or JWT" : "NONE or AWS_IAM"} unless the API has a lambdaAuthorizer`, route.authorization);
  }
  const authorization = effectiveAuthorization(route, props);
  if (authorization === undefined) {
    r.v.fail(`${at}.authorization`, "set on every route of an API with both a jwtAuthorizer and a lambdaAuthorizer (JWT, LAMBDA, AWS_IAM or NONE)", route.authorization);
  }
  if (route.authorizationScopes !== undefined && authorization !== "JWT") {
    r.v.fail(`${at}.authorizationScopes`, "unset unless the route uses JWT authorization", route.authorizationScopes);
  }
  if (!(route.target instanceof ServerlessFunction) || !claimStatementIds || routeKey === undefined || typeof props.apiName !== "string") return;
  const id = permissionStatementId(props.apiName, routeKey);
  const owner = claimStatementId(route.target, id, `${r.scope!.node.path} ${routeKey}`);
  if (owner !== undefined) {
    r.v.fail(
      at,
      `a route whose invoke permission statement id (${id}) no other route of ${route.target.node.path} uses (${owner} has it: give the APIs names that differ in letters or digits)`,
      routeKey,
    );
  }
}
