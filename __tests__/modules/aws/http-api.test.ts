import { Construct } from "constructs";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { Fn, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { HttpApi, ServerlessFunction, type HttpApiProps, type HttpApiRoute } from "../../../modules/aws";
import { CODE_DIR, newStack, only, ref, resolved, resources, validationError, type Json } from "./support";

function lambda(stack: TerraformStack, id: string, extra: Partial<ConstructorParameters<typeof ServerlessFunction>[2]> = {}) {
  return new ServerlessFunction(stack, id, { functionName: `svc-dev-${id.toLowerCase()}`, codeDirectory: CODE_DIR, ...extra });
}

type ApiTestProps = Partial<Omit<HttpApiProps, "routes">> & { routes?: (stack: TerraformStack) => HttpApiRoute[] };

function api(props: ApiTestProps = {}) {
  const stack = newStack();
  const users = lambda(stack, "Users");
  const hello = lambda(stack, "Hello");
  const routes = props.routes
    ? props.routes(stack)
    : [
        { method: "GET", path: "/hello", target: hello },
        { method: "GET", path: "/users/{id}", target: users },
        { method: "POST", path: "/users", target: users },
      ];
  const construct = new HttpApi(stack, "Api", { apiName: "svc-dev-api", ...props, routes });
  const text = Testing.synth(stack);
  return { stack, api: construct, json: JSON.parse(text) as Json, text, users, hello };
}

const EXECUTION_ARN = /^\$\{aws_apigatewayv2_api\.[A-Za-z0-9_]+\.execution_arn\}/;

function permissionsBySourcePath(json: Json): Record<string, Json> {
  return Object.fromEntries(
    Object.values(resources(json, "aws_lambda_permission")).map((p: Json) => [String(p.source_arn).replace(EXECUTION_ARN, "<api>"), p]),
  );
}

describe("HttpApi: API, integrations and routes", () => {
  test("an HTTP API with the given name and description, without CORS by default", () => {
    const { json } = api({ description: "Sample service API" });
    expect(only(json, "aws_apigatewayv2_api")).toEqual({ name: "svc-dev-api", description: "Sample service API", protocol_type: "HTTP" });
  });

  test("one AWS_PROXY integration, payload format 2.0, per distinct function", () => {
    const { json } = api();
    const integrations = Object.values(resources(json, "aws_apigatewayv2_integration")) as Json[];
    expect(integrations).toHaveLength(2);
    for (const integration of integrations) {
      expect(integration).toMatchObject({
        api_id: expect.stringMatching(ref("aws_apigatewayv2_api", "id")),
        integration_type: "AWS_PROXY",
        integration_method: "POST",
        payload_format_version: "2.0",
        integration_uri: expect.stringMatching(ref("aws_lambda_function", "invoke_arn")),
      });
    }
  });

  test("one route per method and path, each pointing at its function's integration", () => {
    const { json } = api();
    const integrationIds = Object.fromEntries(
      Object.entries(resources(json, "aws_apigatewayv2_integration")).map(([id, i]: [string, Json]) => [i.description, id]),
    );
    const routes = Object.values(resources(json, "aws_apigatewayv2_route")) as Json[];
    expect(routes.map((r) => r.route_key).sort()).toEqual(["GET /hello", "GET /users/{id}", "POST /users"]);
    const targetOf = (key: string) => routes.find((r) => r.route_key === key).target;
    expect(targetOf("GET /users/{id}")).toBe(`integrations/\${aws_apigatewayv2_integration.${integrationIds["Lambda proxy to stack/Users"]}.id}`);
    expect(targetOf("POST /users")).toBe(targetOf("GET /users/{id}"));
    expect(targetOf("GET /hello")).toBe(`integrations/\${aws_apigatewayv2_integration.${integrationIds["Lambda proxy to stack/Hello"]}.id}`);
    for (const route of routes) expect(route.authorization_type).toBe("NONE");
  });

  test("adding a route leaves the logical ids of the others unchanged", () => {
    const ids = (extra: boolean) =>
      Object.keys(
        resources(
          api({
            routes: (stack) => {
              const f = lambda(stack, "Fn");
              return [
                ...(extra ? [{ method: "DELETE", path: "/a", target: f }] : []),
                { method: "GET", path: "/a", target: f },
                { method: "GET", path: "/b", target: f },
              ];
            },
          }).json,
          "aws_apigatewayv2_route",
        ),
      );
    const before = ids(false);
    expect(ids(true)).toEqual(expect.arrayContaining(before));
  });
});

describe("HttpApi: stage and access logs", () => {
  test("a $default stage, auto-deployed, with default throttling", () => {
    const { json } = api();
    expect(only(json, "aws_apigatewayv2_stage")).toMatchObject({
      name: "$default",
      auto_deploy: true,
      default_route_settings: { throttling_burst_limit: 100, throttling_rate_limit: 50 },
    });
  });

  test("throttling and stage name as given", () => {
    const { text } = api({ throttle: { burstLimit: 20, rateLimit: 10.5 }, stageName: "v1" });
    expect(text).toHaveResourceWithProperties(Apigatewayv2Stage, {
      name: "v1",
      default_route_settings: { throttling_burst_limit: 20, throttling_rate_limit: 10.5 },
    });
  });

  test("throttle: only a rate limit keeps the default burst limit (100)", () => {
    const { json } = api({ throttle: { rateLimit: 10 } });
    expect(only(json, "aws_apigatewayv2_stage").default_route_settings).toEqual({ throttling_burst_limit: 100, throttling_rate_limit: 10 });
  });

  test("throttle: only a burst limit keeps the default rate limit (50)", () => {
    const { json } = api({ throttle: { burstLimit: 10 } });
    expect(only(json, "aws_apigatewayv2_stage").default_route_settings).toEqual({ throttling_burst_limit: 10, throttling_rate_limit: 50 });
  });

  test("throttle: an empty object or undefined fields keep both defaults", () => {
    for (const throttle of [{}, { burstLimit: undefined, rateLimit: undefined }]) {
      const { json } = api({ throttle });
      expect(only(json, "aws_apigatewayv2_stage").default_route_settings).toEqual({ throttling_burst_limit: 100, throttling_rate_limit: 50 });
    }
  });

  test("JSON access logs to its own log group, /aws/http-api/<apiName>/access, 30 days by default", () => {
    const { json } = api();
    const groups = Object.values(resources(json, "aws_cloudwatch_log_group")) as Json[];
    const access = groups.find((g) => g.name.startsWith("/aws/http-api/"));
    expect(access).toEqual({ name: "/aws/http-api/svc-dev-api/access", retention_in_days: 30 });
    const settings = only(json, "aws_apigatewayv2_stage").access_log_settings;
    expect(settings.destination_arn).toMatch(ref("aws_cloudwatch_log_group", "arn"));
    const format = JSON.parse(settings.format);
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      routeKey: "$context.routeKey",
      status: "$context.status",
      integrationError: "$context.integrationErrorMessage",
    });
  });

  test("access log retention as given", () => {
    const groups = Object.values(resources(api({ accessLogRetentionDays: 365 }).json, "aws_cloudwatch_log_group")) as Json[];
    expect(groups.find((g) => g.name.startsWith("/aws/http-api/")).retention_in_days).toBe(365);
  });

  test("an API name with spaces still gives a valid log group name", () => {
    const groups = Object.values(resources(api({ apiName: "Users API (dev)" }).json, "aws_cloudwatch_log_group")) as Json[];
    const name: string = groups.find((g) => g.name.startsWith("/aws/http-api/")).name;
    expect(name).toMatch(/^[.\-_/#A-Za-z0-9]{1,512}$/);
  });

  test("url is the stage's invoke URL", () => {
    const { stack, api: construct } = api();
    expect(resolved(stack, construct.url)).toMatch(ref("aws_apigatewayv2_stage", "invoke_url"));
    expect(resolved(stack, construct.executionArn)).toMatch(ref("aws_apigatewayv2_api", "execution_arn"));
  });
});

describe("HttpApi: CORS", () => {
  test("with origins only, the defaults for methods, headers, credentials and max age", () => {
    const { json } = api({ cors: { allowOrigins: ["https://app.example.com"] } });
    expect(only(json, "aws_apigatewayv2_api").cors_configuration).toEqual({
      allow_origins: ["https://app.example.com"],
      allow_methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      allow_headers: ["content-type", "authorization"],
      allow_credentials: false,
      max_age: 300,
    });
  });

  test("everything as given", () => {
    const { json } = api({
      cors: {
        allowOrigins: ["https://app.example.com"],
        allowMethods: ["GET"],
        allowHeaders: ["x-api-key"],
        exposeHeaders: ["x-request-id"],
        allowCredentials: true,
        maxAgeSeconds: 60,
      },
    });
    expect(only(json, "aws_apigatewayv2_api").cors_configuration).toEqual({
      allow_origins: ["https://app.example.com"],
      allow_methods: ["GET"],
      allow_headers: ["x-api-key"],
      expose_headers: ["x-request-id"],
      allow_credentials: true,
      max_age: 60,
    });
  });
});

describe("HttpApi: invoke permissions", () => {
  test("one aws_lambda_permission per route, for apigateway.amazonaws.com, on <execution_arn>/*/<METHOD><path>", () => {
    const { json } = api();
    const permissions = permissionsBySourcePath(json);
    expect(Object.keys(permissions).sort()).toEqual(["<api>/*/GET/hello", "<api>/*/GET/users/{id}", "<api>/*/POST/users"]);
    for (const permission of Object.values(permissions)) {
      expect(permission).toMatchObject({
        action: "lambda:InvokeFunction",
        principal: "apigateway.amazonaws.com",
        function_name: expect.stringMatching(ref("aws_lambda_function", "function_name")),
      });
      expect(permission).not.toHaveProperty("qualifier");
    }
  });

  test("ANY routes use * as the method", () => {
    const { json } = api({ routes: (stack) => [{ method: "ANY", path: "/{proxy+}", target: lambda(stack, "Fn") }] });
    expect(Object.keys(permissionsBySourcePath(json))).toEqual(["<api>/*/*/{proxy+}"]);
  });

  test("a root route gives <execution_arn>/*/GET/", () => {
    const { json } = api({ routes: (stack) => [{ method: "GET", path: "/", target: lambda(stack, "Fn") }] });
    expect(Object.keys(permissionsBySourcePath(json))).toEqual(["<api>/*/GET/"]);
  });

  test("a function with the live alias is invoked through it: alias invoke ARN and qualifier live", () => {
    const { json } = api({ routes: (stack) => [{ method: "GET", path: "/warm", target: lambda(stack, "Warm", { provisionedConcurrency: 2 }) }] });
    expect(only(json, "aws_apigatewayv2_integration").integration_uri).toMatch(ref("aws_lambda_alias", "invoke_arn"));
    expect(only(json, "aws_lambda_permission").qualifier).toBe("live");
  });

  test("short names and routes keep their statement ids (AllowHttpApi-<api>-<route>-<hash>)", () => {
    const ids = Object.values(resources(api().json, "aws_lambda_permission")).map((p: Json) => p.statement_id as string);
    expect(ids.sort()).toEqual(["AllowHttpApi-svc_dev_api-GET_hello-f2a46b", "AllowHttpApi-svc_dev_api-GET_users_id-e87098", "AllowHttpApi-svc_dev_api-POST_users-f73482"]);
  });

  test("two long routes of one function keep distinct statement ids: the route is cut, never its hash", () => {
    const prefix = "/organisations/{orgId}/departments/{departmentId}/employees/{employeeId}";
    const { json } = api({
      apiName: "customer-facing-organisation-directory-api",
      routes: (stack) => {
        const f = lambda(stack, "Fn");
        return [
          { method: "GET", path: `${prefix}/contracts`, target: f },
          { method: "GET", path: `${prefix}/documents`, target: f },
        ];
      },
    });
    const ids = Object.values(resources(json, "aws_lambda_permission")).map((p: Json) => p.statement_id as string);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) {
      expect(id.length).toBeLessThanOrEqual(100);
      expect(id).toMatch(/^AllowHttpApi-customer_facing_organisation_di_[0-9a-f]{8}-GET_organisations_orgId_departments_.*-[0-9a-f]{6}$/);
    }
  });

  test("two APIs whose long names share their first 40 characters get distinct statement ids on a shared function", () => {
    const stack = newStack();
    const f = lambda(stack, "Fn");
    const name = "customer-facing-organisation-directory-api";
    new HttpApi(stack, "V1", { apiName: `${name}-v1`, routes: [{ method: "GET", path: "/a", target: f }] });
    new HttpApi(stack, "V2", { apiName: `${name}-v2`, routes: [{ method: "GET", path: "/a", target: f }] });
    const ids = Object.values(resources(JSON.parse(Testing.synth(stack)), "aws_lambda_permission")).map((p: Json) => p.statement_id as string);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^AllowHttpApi-customer_facing_organisation_di_[0-9a-f]{8}-GET_a-[0-9a-f]{6}$/);
  });

  test("statement ids are distinct and at most 100 characters", () => {
    const { json } = api({ apiName: "a".repeat(128) });
    const ids = Object.values(resources(json, "aws_lambda_permission")).map((p: Json) => p.statement_id as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,100}$/);
  });
});

describe("HttpApi: tags", () => {
  test("go on the API, the stage and the access log group", () => {
    const tags = { Owner: "platform-team" };
    const { json } = api({ tags });
    expect(only(json, "aws_apigatewayv2_api").tags).toEqual(tags);
    expect(only(json, "aws_apigatewayv2_stage").tags).toEqual(tags);
    const access = (Object.values(resources(json, "aws_cloudwatch_log_group")) as Json[]).find((g) => g.name.startsWith("/aws/http-api/"));
    expect(access.tags).toEqual(tags);
  });
});

describe("HttpApi validation", () => {
  function refused(props: ApiTestProps, prop: string, rule: string | RegExp, received: unknown) {
    const error = validationError(() => api(props));
    expect(error.problems).toHaveLength(1);
    const [problem] = error.problems;
    expect(problem).toMatchObject({ path: "stack/Api", prop, received });
    if (typeof rule === "string") expect(problem.rule).toBe(rule);
    else expect(problem.rule).toMatch(rule);
    expect(error.message).toContain(`Invalid HttpApi props at stack/Api`);
    const shown = typeof received === "number" && !Number.isFinite(received) ? String(received) : JSON.stringify(received);
    expect(error.message).toContain(`[stack/Api] ${prop}: must be ${problem.rule}; received ${shown}`);
  }
  const route = (method: string, path: string) => (stack: TerraformStack) => [{ method, path, target: lambda(stack, "Fn") }];

  describe("unknown props (one of the known props) are refused, not ignored", () => {
    test("on the API (name, throttling)", () => {
      const error = validationError(() => api({ name: "x", throttling: { burstLimit: 1 } } as ApiTestProps));
      expect(error.problems.map((p) => [p.prop, p.received])).toEqual([
        ["name", "an unknown prop"],
        ["throttling", "an unknown prop"],
      ]);
      expect(error.problems[0].rule).toBe(
        "one of the known props (apiName, routes, defaultRoute, stageName, cors, jwtAuthorizer, lambdaAuthorizer, throttle, accessLogRetentionDays, description, tags)",
      );
    });

    test("on a route (handler)", () => {
      refused(
        { routes: (stack) => [{ method: "GET", path: "/a", target: lambda(stack, "Fn"), handler: "x" } as HttpApiRoute] },
        "routes[0].handler",
        "one of the known props (method, path, target, authorization, authorizationScopes)",
        "an unknown prop",
      );
    });

    test("on cors (allowedOrigins)", () => {
      refused(
        { cors: { allowOrigins: ["*"], allowedOrigins: ["*"] } as HttpApiProps["cors"] },
        "cors.allowedOrigins",
        "one of the known props (allowOrigins, allowMethods, allowHeaders, exposeHeaders, allowCredentials, maxAgeSeconds)",
        "an unknown prop",
      );
    });

    test("on throttle (burst)", () => {
      refused({ throttle: { burst: 10 } as HttpApiProps["throttle"] }, "throttle.burst", "one of the known props (burstLimit, rateLimit)", "an unknown prop");
    });

    test("on jwtAuthorizer (audiences)", () => {
      refused(
        { jwtAuthorizer: { issuer: "https://idp.example.com", audience: ["a"], audiences: ["a"] } as HttpApiProps["jwtAuthorizer"] },
        "jwtAuthorizer.audiences",
        "one of the known props (issuer, audience, identitySource)",
        "an unknown prop",
      );
    });
  });

  test("apiName is required", () => {
    const error = validationError(() => api({ apiName: "" }));
    expect(error.problems[0]).toEqual({ path: "stack/Api", prop: "apiName", rule: "set (it is required)", received: "" });
  });

  test("apiName: at most 128 characters", () => {
    refused({ apiName: "a".repeat(129) }, "apiName", "a string of 1 to 128 characters", "a".repeat(129));
  });

  test("apiName: a second HttpApi of the stack with the same name is refused (shared log group and statement ids)", () => {
    const stack = newStack();
    const f = lambda(stack, "Fn");
    new HttpApi(stack, "Api1", { apiName: "same-api", routes: [{ method: "GET", path: "/x", target: f }] });
    const error = validationError(() => new HttpApi(stack, "Api2", { apiName: "same-api", routes: [{ method: "GET", path: "/x", target: f }] }));
    expect(error.problems).toEqual([
      { path: "stack/Api2", prop: "apiName", rule: "a name for an HTTP API no other construct of the stack uses (stack/Api1 has it)", received: "same-api" },
    ]);
  });

  test("apiName: names that give the same access log group in one stack are refused", () => {
    const stack = newStack();
    const f = lambda(stack, "Fn");
    new HttpApi(stack, "Api1", { apiName: "orders-api", routes: [{ method: "GET", path: "/x", target: f }] });
    const error = validationError(() => new HttpApi(stack, "Api2", { apiName: "orders api", routes: [{ method: "GET", path: "/y", target: f }] }));
    expect(error.problems).toEqual([
      {
        path: "stack/Api2",
        prop: "apiName",
        rule: "a log group name for access logs no other construct of the stack uses (stack/Api1 has it)",
        received: "/aws/http-api/orders-api/access",
      },
    ]);
  });

  test("apiName: the same name in two stacks is fine", () => {
    for (const id of ["dev", "prod"]) {
      const stack = newStack(id);
      expect(() => new HttpApi(stack, "Api", { apiName: "svc-api", routes: [{ method: "GET", path: "/x", target: lambda(stack, "Fn") }] })).not.toThrow();
    }
  });

  test("routes: a statement id another API already uses on the same function is refused", () => {
    // Names equal once reduced to letters and digits, two APIs in front of one function (of their stack: another stack's is refused).
    const app = Testing.app();
    const shared = new TerraformStack(app, "shared");
    const f = lambda(shared, "Fn");
    new HttpApi(new Construct(shared, "a"), "Api", { apiName: "orders.api", routes: [{ method: "GET", path: "/x", target: f }] });
    const error = validationError(() => new HttpApi(new Construct(shared, "b"), "Api", { apiName: "orders-api", routes: [{ method: "GET", path: "/x", target: f }] }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: "shared/b/Api", prop: "routes[0]", received: "GET /x" });
    expect(error.problems[0].rule).toMatch(/^a route whose invoke permission statement id \(AllowHttpApi-orders_api-GET_x-[0-9a-f]{6}\) no other route of shared\/Fn uses \(shared\/a\/Api GET \/x has it/);
  });

  test("stageName: $default or letters, digits, - and _", () => {
    refused({ stageName: "my stage" }, "stageName", "$default or 1 to 128 letters, digits, - or _", "my stage");
  });

  test("routes: at least one", () => {
    refused({ routes: () => [] }, "routes", "a non-empty list of { method, path, target } (it may be left out when there is a defaultRoute)", []);
  });

  test("HTTP method FETCH is refused", () => {
    refused({ routes: route("FETCH", "/a") }, "routes[0].method", 'one of "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"', "FETCH");
  });

  test("a lowercase method is refused", () => {
    refused({ routes: route("get", "/a") }, "routes[0].method", /^one of "GET"/, "get");
  });

  test("a path without leading slash is refused", () => {
    refused({ routes: route("GET", "users") }, "routes[0].path", "a path starting with /", "users");
  });

  test("a path with a trailing slash or an empty segment is refused", () => {
    refused({ routes: route("GET", "/users/") }, "routes[0].path", /^segments of URL characters or \{param\}/, "/users/");
    refused({ routes: route("GET", "/a//b") }, "routes[0].path", /^segments of URL characters/, "/a//b");
  });

  test("a malformed parameter is refused", () => {
    refused({ routes: route("GET", "/users/{user id}") }, "routes[0].path", /^segments of URL characters/, "/users/{user id}");
  });

  test("a greedy parameter that is not the last segment is refused", () => {
    refused({ routes: route("GET", "/{proxy+}/x") }, "routes[0].path", "a greedy {param+} only as the last segment", "/{proxy+}/x");
  });

  test("the same parameter name twice is refused", () => {
    refused({ routes: route("GET", "/{id}/x/{id}") }, "routes[0].path", "distinct path parameter names", "/{id}/x/{id}");
  });

  test("duplicate routes are refused", () => {
    refused(
      {
        routes: (stack) => {
          const f = lambda(stack, "Fn");
          return [
            { method: "GET", path: "/a", target: f },
            { method: "GET", path: "/a", target: f },
          ];
        },
      },
      "routes",
      "unique method and path pairs",
      "GET /a",
    );
  });

  test("a target that is not a ServerlessFunction is refused", () => {
    refused(
      { routes: () => [{ method: "GET", path: "/a", target: { functionName: "x" } as unknown as ServerlessFunction }] },
      "routes[0].target",
      "a ServerlessFunction",
      { functionName: "x" },
    );
  });

  test("a function with timeout 31 behind the API is refused (API Gateway waits 30 s)", () => {
    refused(
      { routes: (stack) => [{ method: "GET", path: "/slow", target: lambda(stack, "Slow", { timeout: 31 }) }] },
      "routes[0].target",
      "a function whose timeout is at most 30 seconds (API Gateway stops waiting then)",
      "stack/Slow with timeout 31",
    );
  });

  test("a function whose timeout is a token is skipped", () => {
    expect(() =>
      api({
        routes: (stack) => {
          const t = new TerraformVariable(stack, "timeout", { type: "number" });
          return [{ method: "GET", path: "/a", target: lambda(stack, "Fn", { timeout: t.numberValue }) }];
        },
      }),
    ).not.toThrow();
  });

  test("CORS * with credentials is refused", () => {
    refused(
      { cors: { allowOrigins: ["*"], allowCredentials: true } },
      "cors.allowOrigins",
      "explicit origins when allowCredentials is true (browsers refuse *)",
      ["*"],
    );
  });

  test("CORS: an origin with a path is refused", () => {
    refused({ cors: { allowOrigins: ["https://app.example.com/"] } }, "cors.allowOrigins[0]", "* or an origin like https://example.com", "https://app.example.com/");
  });

  test("CORS: no origins is refused", () => {
    refused({ cors: { allowOrigins: [] } }, "cors.allowOrigins", "a non-empty list of origins (https://example.com or *)", []);
  });

  test("CORS: an unknown method is refused", () => {
    refused({ cors: { allowOrigins: ["*"], allowMethods: ["FETCH"] } }, "cors.allowMethods[0]", /^one of "GET"/, "FETCH");
  });

  test("CORS: ANY is refused in allowMethods (a route wildcard, not a CORS method)", () => {
    refused(
      { cors: { allowOrigins: ["*"], allowMethods: ["GET", "ANY"] } },
      "cors.allowMethods[1]",
      'one of "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"',
      "ANY",
    );
  });

  test("CORS: allowMethods that is not a list is refused, not a crash", () => {
    refused({ cors: { allowOrigins: ["*"], allowMethods: "GET" as unknown as string[] } }, "cors.allowMethods", "a list of methods", "GET");
  });

  test("CORS: every method and * are accepted", () => {
    const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    expect(only(api({ cors: { allowOrigins: ["*"], allowMethods: methods } }).json, "aws_apigatewayv2_api").cors_configuration.allow_methods).toEqual(methods);
    expect(() => api({ cors: { allowOrigins: ["*"], allowMethods: ["*"] } })).not.toThrow();
  });

  test("CORS: max age above a day is refused", () => {
    refused({ cors: { allowOrigins: ["*"], maxAgeSeconds: 86401 } }, "cors.maxAgeSeconds", "an integer from 0 to 86400 seconds", 86401);
  });

  const BURST_RULE = "an integer from 1 to 5000 requests (0 would throttle every request of the API)";
  const RATE_RULE = "a number of requests per second above 0 and at most 10000 (0 would throttle every request of the API)";

  test("throttle: burst limit 1 to 5000", () => {
    refused({ throttle: { burstLimit: 5001, rateLimit: 10 } }, "throttle.burstLimit", BURST_RULE, 5001);
    refused({ throttle: { burstLimit: 2.5 } }, "throttle.burstLimit", BURST_RULE, 2.5);
  });

  test("throttle: rate limit above 0, at most 10000", () => {
    refused({ throttle: { burstLimit: 10, rateLimit: -1 } }, "throttle.rateLimit", RATE_RULE, -1);
    refused({ throttle: { rateLimit: 10001 } }, "throttle.rateLimit", RATE_RULE, 10001);
  });

  test("throttle: burst limit 0 is refused (a stage that throttles every request)", () => {
    refused({ throttle: { burstLimit: 0, rateLimit: 10 } }, "throttle.burstLimit", BURST_RULE, 0);
    refused({ throttle: { burstLimit: 0 } }, "throttle.burstLimit", BURST_RULE, 0);
  });

  test("throttle: rate limit 0 is refused (a stage that throttles every request)", () => {
    refused({ throttle: { burstLimit: 10, rateLimit: 0 } }, "throttle.rateLimit", RATE_RULE, 0);
    refused({ throttle: { rateLimit: 0 } }, "throttle.rateLimit", RATE_RULE, 0);
  });

  test("throttle: a limit that is not a number is refused", () => {
    refused({ throttle: { rateLimit: "10" as unknown as number } }, "throttle.rateLimit", RATE_RULE, "10");
    refused({ throttle: { rateLimit: Number.NaN } }, "throttle.rateLimit", RATE_RULE, Number.NaN);
  });

  test("access log retention 13 is refused", () => {
    refused({ accessLogRetentionDays: 13 }, "accessLogRetentionDays", /^one of 1, 3, 5/, 13);
  });

  test("tag key aws:x is refused", () => {
    refused({ tags: { "aws:x": "v" } }, "tags key", "a key without the reserved prefix aws:", "aws:x");
  });

  test("several problems are reported together in one error", () => {
    const error = validationError(() =>
      api({
        apiName: "",
        routes: (stack) => [
          { method: "FETCH", path: "users", target: lambda(stack, "Fn") },
          { method: "GET", path: "/{proxy+}/x", target: lambda(stack, "Slow", { timeout: 31 }) },
        ],
        cors: { allowOrigins: ["*"], allowCredentials: true },
      }),
    );
    expect(error.problems.map((p) => p.prop)).toEqual([
      "apiName",
      "apiName",
      "routes[0].method",
      "routes[0].path",
      "routes[1].path",
      "routes[1].target",
      "cors.allowOrigins",
    ]);
  });

  test("throttle values that are tokens are skipped", () => {
    const { json } = api({ throttle: { burstLimit: Fn.abs(-5000000), rateLimit: Fn.abs(-1) } });
    expect(only(json, "aws_apigatewayv2_stage").default_route_settings).toEqual({
      throttling_burst_limit: "${abs(-5000000)}",
      throttling_rate_limit: "${abs(-1)}",
    });
  });
});
