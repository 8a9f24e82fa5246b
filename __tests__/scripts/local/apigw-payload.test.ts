import { apiGatewayV2Event, httpResponseOf } from "../../../scripts/local/apigw-payload";

const match = { route: { routeKey: "POST /items/{id}", method: "POST", segments: [], payloadFormatVersion: "2.0", authorizationType: "NONE", authorizationScopes: [] }, pathParameters: { id: "7" } };
const api = { accountId: "111111111111", stage: "$default", requestId: "req-1", now: new Date(Date.UTC(2026, 2, 12, 19, 3, 58)) };

describe("apiGatewayV2Event (payload format 2.0)", () => {
  const request = (headers: Record<string, string | string[]>, body = "") => ({
    method: "POST",
    rawPath: "/items/7",
    path: "/items/7",
    rawQueryString: "a=1&a=2&b=x%20y",
    headers: { host: "127.0.0.1:3000", ...headers },
    body: Buffer.from(body),
    sourceIp: "127.0.0.1",
  });

  test("cookies move out of the headers; repeated query parameters are joined with commas", () => {
    const event = apiGatewayV2Event(request({ cookie: "a=1; b=2", "content-type": "application/json" }, '{"x":1}'), match, api);
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "POST /items/{id}",
      rawPath: "/items/7",
      rawQueryString: "a=1&a=2&b=x%20y",
      cookies: ["a=1", "b=2"],
      queryStringParameters: { a: "1,2", b: "x y" },
      pathParameters: { id: "7" },
      body: '{"x":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: "POST", path: "/items/7", sourceIp: "127.0.0.1" }, stage: "$default", time: "12/Mar/2026:19:03:58 +0000", timeEpoch: api.now.getTime() },
    });
    expect((event.headers as Record<string, string>).cookie).toBeUndefined();
  });

  test("a body that is not text arrives base64-encoded; no body, no body field", () => {
    expect(apiGatewayV2Event(request({ "content-type": "application/octet-stream" }, "\u0001\u0002"), match, api)).toMatchObject({ body: "AQI=", isBase64Encoded: true });
    const empty = apiGatewayV2Event(request({}), match, api);
    expect(empty.body).toBeUndefined();
    expect(empty.isBase64Encoded).toBe(false);
  });
});

describe("httpResponseOf (what API Gateway makes of the function's result)", () => {
  test("a response object: status, headers, cookies, base64 body", () => {
    const response = httpResponseOf({ statusCode: 201, headers: { "X-Id": 7 }, cookies: ["a=1; Secure"], body: "aGk=", isBase64Encoded: true });
    expect(response).toEqual({ statusCode: 201, headers: { "x-id": "7", "set-cookie": ["a=1; Secure"] }, body: Buffer.from("hi") });
  });

  test("anything without a statusCode is a 200 JSON answer (a string as it is, other values as JSON)", () => {
    expect(httpResponseOf({ message: "hi" })).toEqual({ statusCode: 200, headers: { "content-type": "application/json" }, body: Buffer.from('{"message":"hi"}') });
    expect(httpResponseOf("hello")).toEqual({ statusCode: 200, headers: { "content-type": "application/json" }, body: Buffer.from("hello") });
    expect(httpResponseOf([1, 2])).toMatchObject({ statusCode: 200, body: Buffer.from("[1,2]") });
  });

  test("a malformed response is named", () => {
    expect(httpResponseOf({ statusCode: "abc" })).toBe('statusCode "abc" is not an HTTP status');
    expect(httpResponseOf({ statusCode: 200, body: { a: 1 } })).toBe("body is not a string");
  });
});
