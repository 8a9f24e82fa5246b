import type { Construct } from "constructs";
import { firstDuplicate, integerBetween, lengthBetween, matches, oneOf } from "../core/rules";
import { checkArns } from "../core/apply-time";
import { checkAgainstStack } from "../core/stack-context";
import { validateAwsTags } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { isUnresolved, Validator } from "../core/validation";
import { accessLogGroupName, claimStatementId, permissionStatementId } from "./http-api-ids";
import { API_GATEWAY_TIMEOUT_SECONDS, LOG_RETENTION_DAYS } from "./lambda-limits";
import {
  HTTP_API_CORS_KEYS,
  HTTP_API_JWT_AUTHORIZER_KEYS,
  HTTP_API_PROP_KEYS,
  HTTP_API_ROUTE_KEYS,
  HTTP_API_THROTTLE_KEYS,
  type HttpApiProps,
} from "./http-api-props";
import { ServerlessFunction } from "./serverless-function";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"] as const;
/** Methods a CORS preflight may allow: real HTTP methods or `*`. `ANY` is API Gateway's route wildcard, not a method. */
export const CORS_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"] as const;
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
  validateCors(v, props.cors);
  validateJwtAuthorizer(v, props.jwtAuthorizer);
  validateThrottle(v, props.throttle);
  v.check("accessLogRetentionDays", props.accessLogRetentionDays, oneOf<number>(LOG_RETENTION_DAYS));
  checkAgainstStack(v, scope, "aws", "HttpApi props", (v, { aws }) => {
    checkArns(v, props, aws);
    validateAwsTags(v, "tags", props.tags, aws?.defaultTags);
  });
  v.throwIfInvalid();
}

function validateRoutes(v: Validator, scope: Construct, props: HttpApiProps, claimStatementIds: boolean): void {
  v.required("routes", props.routes);
  const routes = v.list<HttpApiProps["routes"][number]>("routes", props.routes, { of: "{ method, path, target }", min: 1 });
  if (routes === undefined) return;
  routes.forEach((route, i) => {
    const at = `routes[${i}]`;
    if (route === null || typeof route !== "object" || Array.isArray(route)) {
      v.fail(at, "a route { method, path, target }", route);
      return;
    }
    v.onlyKnownKeys(at, route, HTTP_API_ROUTE_KEYS);
    v.check(`${at}.method`, route.method, oneOf(HTTP_METHODS));
    validatePath(v, `${at}.path`, route.path);
    v.check(`${at}.authorization`, route.authorization, oneOf(["NONE", "AWS_IAM", "JWT"] as const));
    if (route.authorization === "JWT" && props.jwtAuthorizer === undefined) {
      v.fail(`${at}.authorization`, "NONE or AWS_IAM unless the API has a jwtAuthorizer", route.authorization);
    }
    if (route.authorizationScopes !== undefined && (route.authorization ?? (props.jwtAuthorizer ? "JWT" : "NONE")) !== "JWT") {
      v.fail(`${at}.authorizationScopes`, "unset unless the route uses JWT authorization", route.authorizationScopes);
    }
    v.list(`${at}.authorizationScopes`, route.authorizationScopes, { of: "OAuth scopes", item: matches(/^\S{1,512}$/, "a scope without spaces, such as orders/read") });
    if (!(route.target instanceof ServerlessFunction)) {
      v.fail(`${at}.target`, "a ServerlessFunction", (route.target as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? route.target);
    } else {
      if (!isUnresolved(route.target.timeout) && route.target.timeout > API_GATEWAY_TIMEOUT_SECONDS) {
        v.fail(
          `${at}.target`,
          `a function whose timeout is at most ${API_GATEWAY_TIMEOUT_SECONDS} seconds (API Gateway stops waiting then)`,
          `${route.target.node.path} with timeout ${route.target.timeout}`,
        );
      }
      if (claimStatementIds && typeof route.method === "string" && typeof route.path === "string" && typeof props.apiName === "string") {
        const routeKey = `${route.method} ${route.path}`;
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
  });
  const duplicate = firstDuplicate(routes, (r) => `${r?.method} ${r?.path}`);
  if (duplicate) v.fail("routes", "unique method and path pairs", duplicate);
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
