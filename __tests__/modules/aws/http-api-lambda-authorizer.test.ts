import type { TerraformStack } from "cdktf";
import { HttpApi, ServerlessFunction, type HttpApiProps } from "../../../modules/aws";
import { CODE_DIR, newStack, only, ref, resources, synth, validationError, type Json } from "./support";

const ROUTE = "aws_apigatewayv2_route";
const AUTHORIZER = "aws_apigatewayv2_authorizer";
const PERMISSION = "aws_lambda_permission";
const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";

function fn(stack: TerraformStack, id: string, extra: Partial<ConstructorParameters<typeof ServerlessFunction>[2]> = {}) {
  return new ServerlessFunction(stack, id, { functionName: `svc-dev-${id.toLowerCase()}`, codeDirectory: CODE_DIR, ...extra });
}

type Build = (stack: TerraformStack, auth: ServerlessFunction, app: ServerlessFunction) => Omit<HttpApiProps, "apiName">;

function api(build: Build) {
  const stack = newStack();
  new HttpApi(stack, "Api", { apiName: "svc-dev-api", ...build(stack, fn(stack, "Auth"), fn(stack, "App")) });
  return synth(stack) as Json;
}

const routeTypes = (json: Json) =>
  Object.fromEntries(Object.values<Json>(resources(json, ROUTE)).map((r) => [r.route_key, [r.authorization_type, r.authorizer_id]]));
const authorizerPermission = (json: Json) => Object.values<Json>(resources(json, PERMISSION)).find((p) => p.statement_id.startsWith("AllowHttpApiAuthorizer-"));

describe("HttpApi: Lambda REQUEST authorizer", () => {
  test("a REQUEST authorizer, payload 2.0, simple responses, no caching, the Authorization header as identity", () => {
    const json = api((_, auth, app) => ({ lambdaAuthorizer: { function: auth }, routes: [{ method: "GET", path: "/orders", target: app }] }));
    const { "//": _, ...authorizer } = only(json, AUTHORIZER);
    expect(authorizer).toEqual({
      api_id: expect.stringMatching(ref("aws_apigatewayv2_api", "id")),
      name: "lambda",
      authorizer_type: "REQUEST",
      authorizer_uri: expect.stringMatching(/^\$\{aws_lambda_function\.Auth_[A-Za-z0-9_]+\.invoke_arn\}$/),
      authorizer_payload_format_version: "2.0",
      enable_simple_responses: true,
      authorizer_result_ttl_in_seconds: 0,
      identity_sources: ["$request.header.Authorization"],
    });
  });

  test("the authorizer's function may be invoked by API Gateway for this authorizer of this API only", () => {
    const json = api((_, auth, app) => ({ lambdaAuthorizer: { function: auth }, routes: [{ method: "GET", path: "/orders", target: app }] }));
    const { "//": _, ...permission } = authorizerPermission(json);
    expect(permission).toEqual({
      statement_id: "AllowHttpApiAuthorizer-svc_dev_api",
      action: "lambda:InvokeFunction",
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.Auth_[A-Za-z0-9_]+\.function_name\}$/),
      principal: "apigateway.amazonaws.com",
      source_arn: expect.stringMatching(/^\$\{aws_apigatewayv2_api\.[A-Za-z0-9_]+\.execution_arn\}\/authorizers\/\$\{aws_apigatewayv2_authorizer\.[A-Za-z0-9_]+\.id\}$/),
    });
    // The route's own permission is untouched: the authorizer adds exactly one.
    expect(Object.keys(resources(json, PERMISSION))).toHaveLength(2);
  });

  test("the only authorizer becomes every route's default (CUSTOM with its id); NONE and AWS_IAM stay as asked", () => {
    const json = api((_, auth, app) => ({
      lambdaAuthorizer: { function: auth },
      routes: [
        { method: "GET", path: "/orders", target: app },
        { method: "GET", path: "/health", target: app, authorization: "NONE" },
        { method: "POST", path: "/orders", target: app, authorization: "AWS_IAM" },
      ],
      defaultRoute: { target: app },
    }));
    const authorizerId = expect.stringMatching(ref(AUTHORIZER, "id"));
    expect(routeTypes(json)).toEqual({
      "GET /orders": ["CUSTOM", authorizerId],
      "GET /health": ["NONE", undefined],
      "POST /orders": ["AWS_IAM", undefined],
      $default: ["CUSTOM", authorizerId],
    });
  });

  test("with a JWT authorizer too, each route names its authorizer", () => {
    const json = api((_, auth, app) => ({
      jwtAuthorizer: { issuer: ISSUER, audience: ["client"] },
      lambdaAuthorizer: { function: auth },
      routes: [
        { method: "GET", path: "/a", target: app, authorization: "JWT" },
        { method: "GET", path: "/b", target: app, authorization: "LAMBDA" },
      ],
    }));
    const types = routeTypes(json);
    expect([types["GET /a"][0], types["GET /b"][0]]).toEqual(["JWT", "CUSTOM"]);
    expect(types["GET /a"][1]).not.toBe(types["GET /b"][1]);
    expect(Object.values<Json>(resources(json, AUTHORIZER)).map((a) => a.authorizer_type).sort()).toEqual(["JWT", "REQUEST"]);
  });

  test("caching, identity sources and policy responses as given", () => {
    const json = api((_, auth, app) => ({
      lambdaAuthorizer: { function: auth, resultTtlSeconds: 300, identitySources: ["$request.header.X-Api-Key", "$context.routeKey"], enableSimpleResponses: false },
      routes: [{ method: "GET", path: "/orders", target: app }],
    }));
    expect(only(json, AUTHORIZER)).toMatchObject({
      authorizer_result_ttl_in_seconds: 300,
      identity_sources: ["$request.header.X-Api-Key", "$context.routeKey"],
      enable_simple_responses: false,
    });
  });

  test("no identity sources without caching: the function decides every request", () => {
    const json = api((_, auth, app) => ({ lambdaAuthorizer: { function: auth, identitySources: [] }, routes: [{ method: "GET", path: "/orders", target: app }] }));
    expect(only(json, AUTHORIZER).identity_sources).toEqual([]);
  });

  test("an authorizer function with a live alias is invoked through it", () => {
    const stack = newStack();
    const auth = fn(stack, "Auth", { provisionedConcurrency: 1 });
    new HttpApi(stack, "Api", { apiName: "svc-dev-api", lambdaAuthorizer: { function: auth }, defaultRoute: { target: fn(stack, "App") } });
    const json = synth(stack);
    expect(only(json, AUTHORIZER).authorizer_uri).toMatch(ref("aws_lambda_alias", "invoke_arn"));
    expect(authorizerPermission(json).qualifier).toBe("live");
  });

  test("one function may authorize two APIs: each API's permission names its own authorizer", () => {
    const stack = newStack();
    const auth = fn(stack, "Auth");
    const app = fn(stack, "App");
    new HttpApi(stack, "Public", { apiName: "svc-dev-public", lambdaAuthorizer: { function: auth }, defaultRoute: { target: app } });
    new HttpApi(stack, "Admin", { apiName: "svc-dev-admin", lambdaAuthorizer: { function: auth }, defaultRoute: { target: app } });
    const ids = Object.values<Json>(resources(synth(stack), PERMISSION))
      .map((p) => p.statement_id)
      .filter((id) => id.startsWith("AllowHttpApiAuthorizer-"))
      .sort();
    expect(ids).toEqual(["AllowHttpApiAuthorizer-svc_dev_admin", "AllowHttpApiAuthorizer-svc_dev_public"]);
  });
});

describe("HttpApi: Lambda authorizer refusals", () => {
  const problems = (build: Build) => validationError(() => api(build)).problems.map((p) => [p.prop, p.rule, p.received]);
  const withRoute = (lambdaAuthorizer: unknown): Build => (_, __, app) => ({ lambdaAuthorizer: lambdaAuthorizer as never, routes: [{ method: "GET", path: "/x", target: app }] });

  test("a function that is not a ServerlessFunction", () => {
    expect(problems(withRoute({ function: "arn:aws:lambda:eu-west-1:111111111111:function:auth" }))).toEqual([["lambdaAuthorizer.function", "a ServerlessFunction", "arn:aws:lambda:eu-west-1:111111111111:function:auth"]]);
    expect(problems(withRoute({}))).toEqual([["lambdaAuthorizer.function", "a ServerlessFunction", undefined]]);
  });

  test("a cache time outside 0-3600 s", () => {
    expect(problems((s, auth, app) => withRoute({ function: auth, resultTtlSeconds: 3601 })(s, auth, app))).toEqual([
      ["lambdaAuthorizer.resultTtlSeconds", "an integer from 0 to 3600 seconds", 3601],
    ]);
  });

  test("identity sources API Gateway does not know, repeated, or none with caching", () => {
    expect(problems((s, auth, app) => withRoute({ function: auth, identitySources: ["Authorization"] })(s, auth, app))).toEqual([
      ["lambdaAuthorizer.identitySources[0]", "$request.header.<name>, $request.querystring.<name>, $context.<variable> or $stageVariables.<name>", "Authorization"],
    ]);
    expect(problems((s, auth, app) => withRoute({ function: auth, identitySources: ["$request.header.A", "$request.header.A"] })(s, auth, app))).toEqual([
      ["lambdaAuthorizer.identitySources", "distinct identity sources", "$request.header.A"],
    ]);
    expect(problems((s, auth, app) => withRoute({ function: auth, identitySources: [], resultTtlSeconds: 60 })(s, auth, app))).toEqual([
      ["lambdaAuthorizer.identitySources", "at least one identity source when resultTtlSeconds is above 0 (they are the cache key)", []],
    ]);
  });

  test("enableSimpleResponses not a boolean, unknown keys (the REST API's TOKEN words)", () => {
    expect(problems((s, auth, app) => withRoute({ function: auth, enableSimpleResponses: "yes" })(s, auth, app))).toEqual([
      ["lambdaAuthorizer.enableSimpleResponses", "true or false", "yes"],
    ]);
    expect(problems((s, auth, app) => withRoute({ function: auth, type: "TOKEN" })(s, auth, app))).toEqual([
      ["lambdaAuthorizer.type", "one of the known props (function, identitySources, resultTtlSeconds, enableSimpleResponses)", "an unknown prop"],
    ]);
    expect(problems(withRoute("auth"))).toEqual([["lambdaAuthorizer", "{ function, identitySources?, resultTtlSeconds?, enableSimpleResponses? }", "auth"]]);
  });

  test("a LAMBDA route without a lambdaAuthorizer; CUSTOM (API Gateway's word) is not ours", () => {
    expect(problems((_, __, app) => ({ routes: [{ method: "GET", path: "/x", target: app, authorization: "LAMBDA" }] }))).toEqual([
      ["routes[0].authorization", "NONE or AWS_IAM unless the API has a lambdaAuthorizer", "LAMBDA"],
    ]);
    expect(problems((_, __, app) => ({ routes: [{ method: "GET", path: "/x", target: app, authorization: "CUSTOM" as never }] }))).toEqual([
      ["routes[0].authorization", 'one of "NONE", "AWS_IAM", "JWT", "LAMBDA"', "CUSTOM"],
    ]);
  });

  test("both authorizers and a route that names neither", () => {
    expect(
      problems((_, auth, app) => ({
        jwtAuthorizer: { issuer: ISSUER, audience: ["client"] },
        lambdaAuthorizer: { function: auth },
        routes: [{ method: "GET", path: "/x", target: app }],
      })),
    ).toEqual([["routes[0].authorization", "set on every route of an API with both a jwtAuthorizer and a lambdaAuthorizer (JWT, LAMBDA, AWS_IAM or NONE)", undefined]]);
  });

  test("scopes on a LAMBDA route", () => {
    expect(problems((_, auth, app) => ({ lambdaAuthorizer: { function: auth }, routes: [{ method: "GET", path: "/x", target: app, authorizationScopes: ["a"] }] }))).toEqual([
      ["routes[0].authorizationScopes", "unset unless the route uses JWT authorization", ["a"]],
    ]);
  });
});
