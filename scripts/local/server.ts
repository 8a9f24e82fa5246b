import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { apiGatewayV2Event, httpResponseOf } from "./apigw-payload";
import { corsHeaders, preflight } from "./cors";
import { matchRoute, type LocalApi } from "./routes";
import { HttpAuthorizer } from "./http-auth";
import type { Jwks } from "./jwt";
import type { Session } from "./session";
import { readBody, sendBody } from "./http-body";

/** API Gateway's payload limit for an HTTP API request. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export interface HttpServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves one HTTP API of the session's stack on 127.0.0.1:`port` (0: any free port). */
export async function serveApi(session: Session, api: LocalApi, port: number, log: (line: string) => void, jwks?: Jwks): Promise<HttpServer> {
  const authorizer = new HttpAuthorizer(session, session.declared.authorizers, jwks, log);
  const server: Server = createServer((req, res) => {
    handle(session, api, authorizer, req, res, log).catch((error: Error) => {
      log(`${req.method} ${req.url}: ${error.stack ?? error.message}`);
      if (!res.headersSent) sendBody(res, 500, { "content-type": "application/json" }, Buffer.from(JSON.stringify({ message: "Internal Server Error" })));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(session: Session, api: LocalApi, authorizer: HttpAuthorizer, req: IncomingMessage, res: ServerResponse, log: (line: string) => void): Promise<void> {
  const requestId = randomUUID();
  const jsonMessage = (status: number, message: string, extra: Record<string, string> = {}) =>
    sendBody(res, status, { "content-type": "application/json", "apigw-requestid": requestId, ...extra }, Buffer.from(JSON.stringify({ message })));
  const body = await readBody(req, MAX_REQUEST_BYTES);
  if (body === undefined) return jsonMessage(413, "Request Entity Too Large");
  const method = req.method ?? "GET";
  const [rawPath, ...query] = (req.url ?? "/").split("?");
  const cors = api.cors ? corsHeaders(api.cors, req.headers) : {};
  if (api.cors && method === "OPTIONS" && req.headers["access-control-request-method"]) {
    const answer = preflight(api.cors, req.headers);
    log(`OPTIONS ${rawPath} -> ${answer.status} (CORS preflight, answered by API Gateway)`);
    return sendBody(res, answer.status, { ...answer.headers, "apigw-requestid": requestId }, Buffer.alloc(0));
  }
  if (api.stagePrefix && rawPath !== api.stagePrefix && !rawPath.startsWith(`${api.stagePrefix}/`)) return jsonMessage(404, "Not Found", cors);
  const path = rawPath.slice(api.stagePrefix.length) || "/";
  const match = matchRoute(api.routes, method, path);
  if (!match) {
    log(`${method} ${rawPath} -> 404 (no route)`);
    return jsonMessage(404, "Not Found", cors);
  }
  // The function, or the alias of it, that the route's integration invokes.
  const target = match.route.functionRef ? session.functionFor(match.route.functionRef) : undefined;
  const fn = target?.fn;
  if (match.route.problem || !target || !fn) {
    log(`${method} ${rawPath} -> 500: ${match.route.problem ?? "no function"}`);
    return jsonMessage(500, "Internal Server Error", cors);
  }
  const event = apiGatewayV2Event(
    { method, rawPath, path, rawQueryString: query.join("?"), headers: req.headers, body, sourceIp: req.socket.remoteAddress ?? "127.0.0.1" },
    match,
    { accountId: session.stack.accountId, stage: api.stage, requestId, now: new Date() },
  );
  const { stack } = session;
  const { executionArn } = api;
  const routePath = match.route.routeKey === "$default" ? "$default" : `${method}${match.route.routeKey.split(" ")[1]}`;
  const authorization = await authorizer.authorize({
    route: match.route,
    method,
    url: req.url ?? "/",
    headers: req.headers,
    body,
    routeArn: `${executionArn}/${api.stage}/${method}${path}`,
    event,
  });
  if (!authorization.ok) {
    log(`${method} ${rawPath} -> ${authorization.status} (${match.route.authorizationType === "CUSTOM" ? "Lambda authorizer" : match.route.authorizationType}: ${authorization.why})`);
    return sendBody(res, authorization.status, { "content-type": "application/json", "apigw-requestid": requestId, ...cors }, Buffer.from(JSON.stringify(authorization.body)));
  }
  if (authorization.authorizer) (event.requestContext as Record<string, unknown>).authorizer = authorization.authorizer;
  // API Gateway invokes the function only where its aws_lambda_permission lets it.
  const refusal = await session.access.checkPrincipal(
    { arn: "apigateway.amazonaws.com", context: { "aws:SourceArn": `${executionArn}/${api.stage}/${routePath}`, "aws:SourceAccount": stack.accountId } },
    { action: "lambda:InvokeFunction", resource: target.arn, context: {} },
    `API Gateway invoking ${fn.functionName}`,
  );
  if (refusal) {
    log(`${method} ${rawPath} -> 500: API Gateway may not invoke ${fn.functionName}: ${refusal.reason}`);
    return jsonMessage(500, "Internal Server Error", cors);
  }
  let result;
  try {
    result = await session.invoke(fn, event, (line) => log(`[${fn.functionName}] ${line}`));
  } catch (error) {
    log(`${method} ${rawPath} -> 500: ${(error as Error).message}`);
    return jsonMessage(500, "Internal Server Error", cors);
  }
  if (!result.ok) {
    log(`${method} ${rawPath} -> 500: ${fn.functionName} failed: ${result.error.errorType}: ${result.error.errorMessage}`);
    return jsonMessage(500, "Internal Server Error", cors);
  }
  const response = httpResponseOf(result.payload);
  if (typeof response === "string") {
    log(`${method} ${rawPath} -> 500: ${fn.functionName} returned a malformed Lambda proxy response: ${response}`);
    return jsonMessage(500, "Internal Server Error", cors);
  }
  log(`${method} ${rawPath} -> ${response.statusCode} (${fn.functionName}, ${result.durationMs} ms)`);
  sendBody(res, response.statusCode, { ...response.headers, ...cors, "apigw-requestid": requestId }, response.body);
}


