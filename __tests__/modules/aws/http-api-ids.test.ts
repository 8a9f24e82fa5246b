import { shortHash } from "../../../modules/core/naming";
import { accessLogGroupName, authorizerStatementId, permissionStatementId } from "../../../modules/aws/http-api-ids";

describe("permissionStatementId", () => {
  test("short names and routes: AllowHttpApi-<api>-<route>-<hash of the route key>", () => {
    expect(permissionStatementId("svc-dev-api", "GET /users/{id}")).toBe("AllowHttpApi-svc_dev_api-GET_users_id-e87098");
  });

  test("a long route is cut to 100 characters and keeps the hash of the full route key", () => {
    const long = `GET /${"segment/".repeat(20)}a`;
    const other = `GET /${"segment/".repeat(20)}b`;
    const id = permissionStatementId("orders-api", long);
    expect(id).toHaveLength(100);
    expect(id.endsWith(`-${shortHash(long, 6)}`)).toBe(true);
    expect(permissionStatementId("orders-api", other)).not.toBe(id);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test("an API name over 40 characters is cut and keeps a hash of the full name", () => {
    const a = permissionStatementId(`${"n".repeat(40)}-one`, "GET /x");
    const b = permissionStatementId(`${"n".repeat(40)}-two`, "GET /x");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^AllowHttpApi-n{31}_[0-9a-f]{8}-GET_x-[0-9a-f]{6}$/);
  });

  test("the longest API name and route still fit in 100 characters", () => {
    expect(permissionStatementId("a".repeat(128), `ANY /${"b".repeat(500)}`).length).toBeLessThanOrEqual(100);
  });
});

test("accessLogGroupName replaces what a log group name cannot hold", () => {
  expect(accessLogGroupName("orders api")).toBe("/aws/http-api/orders-api/access");
  expect(accessLogGroupName("svc-dev-api")).toBe("/aws/http-api/svc-dev-api/access");
});

describe("authorizerStatementId", () => {
  test("AllowHttpApiAuthorizer-<api>, the API part cut like a route's, never a route's id", () => {
    expect(authorizerStatementId("svc-dev-api")).toBe("AllowHttpApiAuthorizer-svc_dev_api");
    const a = authorizerStatementId(`${"n".repeat(40)}-one`);
    const b = authorizerStatementId(`${"n".repeat(40)}-two`);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(100);
    expect(a.startsWith("AllowHttpApiAuthorizer-")).toBe(true);
    expect(permissionStatementId("svc-dev-api", "GET /authorizer").startsWith("AllowHttpApiAuthorizer")).toBe(false);
  });
});
