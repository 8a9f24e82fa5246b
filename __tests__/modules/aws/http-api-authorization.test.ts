import { Testing } from "cdktf";
import { HttpApi, ServerlessFunction, type HttpApiProps } from "../../../modules/aws";
import { CODE_DIR, newStack, only, ref, resources, validationError, type Json } from "./support";

const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";

function api(props: Partial<HttpApiProps>, routeExtras: Partial<NonNullable<HttpApiProps["routes"]>[number]>[] = [{}]) {
  const stack = newStack();
  const fn = new ServerlessFunction(stack, "Fn", { functionName: "svc-dev-fn", codeDirectory: CODE_DIR });
  const routes = routeExtras.map((extra, i) => ({ method: "GET", path: `/r${i}`, target: fn, ...extra }));
  new HttpApi(stack, "Api", { apiName: "svc-dev-api", ...props, routes });
  return JSON.parse(Testing.synth(stack)) as Json;
}

const routeAuth = (json: Json) =>
  Object.values(resources(json, "aws_apigatewayv2_route")).map((r: Json) => ({
    key: r.route_key,
    type: r.authorization_type,
    authorizer: r.authorizer_id,
    scopes: r.authorization_scopes,
  }));

describe("HttpApi: route authorization", () => {
  test("routes are public (NONE) only when nothing else is asked and there is no authorizer", () => {
    expect(routeAuth(api({}))).toEqual([{ key: "GET /r0", type: "NONE", authorizer: undefined, scopes: undefined }]);
  });

  test("AWS_IAM routes need SigV4-signed callers", () => {
    expect(routeAuth(api({}, [{ authorization: "AWS_IAM" }]))[0].type).toBe("AWS_IAM");
  });

  test("a JWT authorizer checks the issuer and audience, and becomes the default of every route", () => {
    const json = api({ jwtAuthorizer: { issuer: ISSUER, audience: ["client-1"] } }, [{}, { authorization: "NONE" }, { authorizationScopes: ["users/read"] }]);
    expect(only(json, "aws_apigatewayv2_authorizer")).toMatchObject({
      authorizer_type: "JWT",
      identity_sources: ["$request.header.Authorization"],
      jwt_configuration: { issuer: ISSUER, audience: ["client-1"] },
    });
    const [jwtRoute, publicRoute, scoped] = routeAuth(json);
    expect(jwtRoute.type).toBe("JWT");
    expect(jwtRoute.authorizer).toMatch(ref("aws_apigatewayv2_authorizer", "id"));
    expect(publicRoute).toEqual({ key: "GET /r1", type: "NONE", authorizer: undefined, scopes: undefined });
    expect(scoped.scopes).toEqual(["users/read"]);
  });
});

describe("HttpApi: authorization refusals", () => {
  test("refuses an authorization type API Gateway does not have", () => {
    const e = validationError(() => api({}, [{ authorization: "COGNITO" as never }]));
    expect(e.message).toMatch(/\[stack\/Api\] routes\[0\]\.authorization: must be one of "NONE", "AWS_IAM", "JWT", "LAMBDA"; received "COGNITO"/);
  });

  test("refuses a JWT route on an API without a jwtAuthorizer", () => {
    const e = validationError(() => api({}, [{ authorization: "JWT" }]));
    expect(e.message).toMatch(/routes\[0\]\.authorization: must be NONE or AWS_IAM unless the API has a jwtAuthorizer; received "JWT"/);
  });

  test("refuses scopes on a route that does not use JWT", () => {
    const e = validationError(() => api({}, [{ authorization: "AWS_IAM", authorizationScopes: ["a"] }]));
    expect(e.message).toMatch(/routes\[0\]\.authorizationScopes: must be unset unless the route uses JWT authorization/);
  });

  test("refuses a non-https issuer and an empty audience", () => {
    const e = validationError(() => api({ jwtAuthorizer: { issuer: "http://idp.example.com", audience: [] } }));
    expect(e.message).toMatch(/jwtAuthorizer\.issuer: must be an https:\/\/ issuer URL; received "http:\/\/idp\.example\.com"/);
    expect(e.message).toMatch(/jwtAuthorizer\.audience: must be a non-empty list of accepted audiences; received \[\]/);
  });

  test("refuses an identity source that is not a request header or query string", () => {
    const e = validationError(() => api({ jwtAuthorizer: { issuer: ISSUER, audience: ["a"], identitySource: "Authorization" } }));
    expect(e.message).toMatch(/jwtAuthorizer\.identitySource: must be \$request\.header\.<name> or \$request\.querystring\.<name>; received "Authorization"/);
  });
});
