import { matchRoute, type LocalRoute } from "../../../scripts/local/routes";

function route(routeKey: string): LocalRoute {
  if (routeKey === "$default") return { routeKey, method: "ANY", segments: [], payloadFormatVersion: "2.0", authorizationType: "NONE", authorizationScopes: [] };
  const [method, path] = routeKey.split(" ");
  const segments = path
    .split("/")
    .filter(Boolean)
    .map((p) => {
      const greedy = /^\{(.+)\+\}$/.exec(p);
      if (greedy) return { kind: "greedy" as const, name: greedy[1] };
      const param = /^\{(.+)\}$/.exec(p);
      return param ? { kind: "param" as const, name: param[1] } : { kind: "literal" as const, value: p };
    });
  return { routeKey, method, segments, payloadFormatVersion: "2.0", authorizationType: "NONE", authorizationScopes: [] };
}

const routes = ["GET /users", "GET /users/{id}", "GET /users/me", "ANY /users/{id}", "GET /files/{proxy+}", "ANY /{proxy+}", "$default"].map(route);
const routeFor = (method: string, path: string) => matchRoute(routes, method, path);

describe("matchRoute (API Gateway HTTP API route selection)", () => {
  test("a literal segment wins over a path parameter", () => {
    expect(routeFor("GET", "/users/me")?.route.routeKey).toBe("GET /users/me");
  });

  test("path parameters are decoded", () => {
    expect(routeFor("GET", "/users/a%20b")).toMatchObject({ route: { routeKey: "GET /users/{id}" }, pathParameters: { id: "a b" } });
  });

  test("a method wins over ANY; ANY takes the others", () => {
    expect(routeFor("GET", "/users/42")?.route.routeKey).toBe("GET /users/{id}");
    expect(routeFor("DELETE", "/users/42")?.route.routeKey).toBe("ANY /users/{id}");
  });

  test("a greedy parameter takes the rest of the path, but not an empty rest", () => {
    expect(routeFor("GET", "/files/a/b/c.txt")).toMatchObject({ route: { routeKey: "GET /files/{proxy+}" }, pathParameters: { proxy: "a/b/c.txt" } });
    expect(routeFor("GET", "/files")?.route.routeKey).toBe("ANY /{proxy+}");
  });

  test("$default only when nothing else matches", () => {
    expect(routeFor("GET", "/")?.route.routeKey).toBe("$default");
    expect(matchRoute(routes.filter((r) => r.routeKey !== "$default"), "GET", "/")).toBeUndefined();
  });

  test("no trailing-segment confusion: /users/42/x is not /users/{id}", () => {
    expect(routeFor("GET", "/users/42/x")?.route.routeKey).toBe("ANY /{proxy+}");
  });
});
