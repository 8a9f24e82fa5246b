import type { TerraformStack } from "cdktf";
import { HttpApi, ServerlessFunction, type HttpApiProps } from "../../../modules/aws";
import { CODE_DIR, newStack, only, ref, resources, synth, validationError, type Json } from "./support";

// The `$default` route catches every request no other route matches: what a web app served by one
// function needs (Next.js in a container with the Lambda Web Adapter, an Express app behind a proxy).

const ROUTE = "aws_apigatewayv2_route";
const PERMISSION = "aws_lambda_permission";
const EXECUTION_ARN = /^\$\{aws_apigatewayv2_api\.[A-Za-z0-9_]+\.execution_arn\}/;

function fn(stack: TerraformStack, id: string, extra: Partial<ConstructorParameters<typeof ServerlessFunction>[2]> = {}) {
  return new ServerlessFunction(stack, id, { functionName: `svc-dev-${id.toLowerCase()}`, codeDirectory: CODE_DIR, ...extra });
}

function api(build: (stack: TerraformStack) => Omit<HttpApiProps, "apiName">) {
  const stack = newStack();
  new HttpApi(stack, "Api", { apiName: "svc-dev-web", ...build(stack) });
  return synth(stack) as Json;
}

const bySourcePath = (json: Json) =>
  Object.fromEntries(Object.values<Json>(resources(json, PERMISSION)).map((p) => [String(p.source_arn).replace(EXECUTION_ARN, "<api>"), p]));

describe("HttpApi: the $default catch-all route", () => {
  test("defaultRoute alone: one $default route to the function and a permission for that route only", () => {
    const json = api((stack) => ({ defaultRoute: { target: fn(stack, "Web") } }));
    const { "//": _, ...route } = only(json, ROUTE);
    expect(route).toEqual({
      api_id: expect.stringMatching(ref("aws_apigatewayv2_api", "id")),
      route_key: "$default",
      target: expect.stringMatching(/^integrations\/\$\{aws_apigatewayv2_integration\.[A-Za-z0-9_-]+\.id\}$/),
      authorization_type: "NONE",
    });
    expect(Object.keys(bySourcePath(json))).toEqual(["<api>/*/$default"]);
    expect(only(json, PERMISSION)).toMatchObject({
      statement_id: expect.stringMatching(/^AllowHttpApi-svc_dev_web-default-[0-9a-f]{6}$/),
      action: "lambda:InvokeFunction",
      principal: "apigateway.amazonaws.com",
      function_name: expect.stringMatching(ref("aws_lambda_function", "function_name")),
    });
    expect(only(json, "aws_apigatewayv2_integration")).toMatchObject({ integration_type: "AWS_PROXY", payload_format_version: "2.0" });
  });

  test("beside explicit routes: each keeps its own route and permission; one integration per function", () => {
    const json = api((stack) => {
      const web = fn(stack, "Web");
      return { routes: [{ method: "GET", path: "/api/health", target: fn(stack, "Health") }, { method: "ANY", path: "/api/{proxy+}", target: web }], defaultRoute: { target: web } };
    });
    expect(Object.values<Json>(resources(json, ROUTE)).map((r) => r.route_key).sort()).toEqual(["$default", "ANY /api/{proxy+}", "GET /api/health"]);
    expect(Object.keys(bySourcePath(json)).sort()).toEqual(["<api>/*/$default", "<api>/*/*/api/{proxy+}", "<api>/*/GET/api/health"]);
    expect(Object.keys(resources(json, "aws_apigatewayv2_integration"))).toHaveLength(2);
  });

  test("routes: [] is accepted with a defaultRoute", () => {
    const json = api((stack) => ({ routes: [], defaultRoute: { target: fn(stack, "Web") } }));
    expect(only(json, ROUTE).route_key).toBe("$default");
  });

  test("authorization of the default route: AWS_IAM, or JWT with scopes", () => {
    const iam = api((stack) => ({ defaultRoute: { target: fn(stack, "Web"), authorization: "AWS_IAM" } }));
    expect(only(iam, ROUTE).authorization_type).toBe("AWS_IAM");
    const jwt = api((stack) => ({
      jwtAuthorizer: { issuer: "https://issuer.example.com", audience: ["web"] },
      defaultRoute: { target: fn(stack, "Web"), authorizationScopes: ["web/read"] },
    }));
    expect(only(jwt, ROUTE)).toMatchObject({ authorization_type: "JWT", authorization_scopes: ["web/read"], authorizer_id: expect.stringMatching(ref("aws_apigatewayv2_authorizer", "id")) });
  });

  test("a function with a live alias is invoked through it", () => {
    const json = api((stack) => ({ defaultRoute: { target: fn(stack, "Web", { provisionedConcurrency: 1 }) } }));
    expect(only(json, PERMISSION).qualifier).toBe("live");
    expect(only(json, "aws_apigatewayv2_integration").integration_uri).toMatch(ref("aws_lambda_alias", "invoke_arn"));
  });
});

describe("HttpApi: $default refusals", () => {
  const problems = (build: (stack: TerraformStack) => Omit<HttpApiProps, "apiName">) => validationError(() => api(build)).problems.map((p) => [p.prop, p.rule, p.received]);

  test("$default as a route path points to defaultRoute", () => {
    expect(problems((stack) => ({ routes: [{ method: "ANY", path: "$default", target: fn(stack, "Web") }] }))).toEqual([
      ["routes[0].path", "a path starting with / (the $default catch-all route is the defaultRoute prop)", "$default"],
    ]);
  });

  test("neither routes nor defaultRoute", () => {
    expect(problems(() => ({}))).toEqual([["routes", "a non-empty list of { method, path, target } (it may be left out when there is a defaultRoute)", undefined]]);
  });

  test("unknown keys (method, path) and a target that is not a ServerlessFunction", () => {
    expect(problems((stack) => ({ defaultRoute: { target: fn(stack, "Web"), method: "ANY" } as never }))).toEqual([
      ["defaultRoute.method", "one of the known props (target, authorization, authorizationScopes)", "an unknown prop"],
    ]);
    expect(problems(() => ({ defaultRoute: { target: "arn:aws:lambda:eu-west-1:111111111111:function:web" } as never }))).toEqual([
      ["defaultRoute.target", "a ServerlessFunction", "arn:aws:lambda:eu-west-1:111111111111:function:web"],
    ]);
    expect(problems(() => ({ defaultRoute: "web" as never }))).toEqual([["defaultRoute", "{ target, authorization?, authorizationScopes? }", "web"]]);
  });

  test("the same checks as routes: timeout within API Gateway's 30 s, authorization, scopes", () => {
    expect(problems((stack) => ({ defaultRoute: { target: fn(stack, "Web", { timeout: 60 }) } }))[0]).toEqual([
      "defaultRoute.target",
      "a function whose timeout is at most 30 seconds (API Gateway stops waiting then)",
      "stack/Web with timeout 60",
    ]);
    expect(problems((stack) => ({ defaultRoute: { target: fn(stack, "Web"), authorization: "JWT" } }))).toEqual([
      ["defaultRoute.authorization", "NONE or AWS_IAM unless the API has a jwtAuthorizer", "JWT"],
    ]);
    expect(problems((stack) => ({ defaultRoute: { target: fn(stack, "Web"), authorizationScopes: ["a"] } }))).toEqual([
      ["defaultRoute.authorizationScopes", "unset unless the route uses JWT authorization", ["a"]],
    ]);
  });
});
