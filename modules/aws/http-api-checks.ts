import type { Construct } from "constructs";
import { checkArns } from "../core/apply-time";
import type { Refinement } from "../core/schema";
import { checkAgainstStack } from "../core/stack-context";
import { claimUniqueName } from "../core/unique-names";
import { accessLogGroupName, authorizerStatementId, claimStatementId, permissionStatementId } from "./http-api-ids";
import { DEFAULT_ROUTE_KEY, effectiveAuthorization, type HttpApiDefaultRoute, type HttpApiProps } from "./http-api-props";
import { ServerlessFunction } from "./serverless-function";

/**
 * The rules of `HttpApi` props that span the API: a name no other API of the stack has, each route's
 * authorization against the API's authorizers, invoke permissions whose statement ids no other route
 * of the same function uses, and ARNs of the stack's partition.
 */
export function refineHttpApi(props: HttpApiProps, r: Refinement): void {
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
  checkAgainstStack(r.v, scope, "aws", r.kind, (v, { aws }) => checkArns(v, props, aws));
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
