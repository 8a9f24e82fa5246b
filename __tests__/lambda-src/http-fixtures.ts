import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";

export interface EventOptions {
  readonly method?: string;
  readonly path?: string;
  readonly query?: Record<string, string>;
  readonly pathParameters?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

/** An API Gateway HTTP API (payload format 2.0) event. */
export function httpEvent(options: EventOptions = {}): APIGatewayProxyEventV2 {
  const method = options.method ?? "GET";
  const path = options.path ?? "/";
  return {
    version: "2.0",
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { "content-type": "application/json" },
    queryStringParameters: options.query,
    pathParameters: options.pathParameters,
    body: options.body,
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: "123456789012",
      apiId: "api1234",
      domainName: "api1234.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "api1234",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "jest" },
      requestId: "api-request-1",
      routeKey: `${method} ${path}`,
      stage: "$default",
      time: "22/Nov/2025:06:00:00 +0000",
      timeEpoch: 1763791200000,
    },
  };
}

export function lambdaContext(awsRequestId = "lambda-request-1"): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "svc-dev-test",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-test",
    memoryLimitInMB: "128",
    awsRequestId,
    logGroupName: "/aws/lambda/svc-dev-test",
    logStreamName: "2025/11/22/[$LATEST]0",
    getRemainingTimeInMillis: () => 3000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The parsed JSON body of a response (fails the test when it is not JSON). */
export function bodyOf(response: APIGatewayProxyStructuredResultV2): unknown {
  expect(response.headers?.["content-type"]).toBe("application/json; charset=utf-8");
  return JSON.parse(response.body ?? "");
}

/** Captures what the code writes to stdout (where the logger writes) as parsed JSON lines. */
export function captureStdout(): { lines: () => Record<string, unknown>[]; restore: () => void } {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return {
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => spy.mockRestore(),
  };
}
