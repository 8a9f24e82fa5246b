import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { apiGatewayV2Event, httpResponseOf } from "./apigw-payload";
import { verifySignature } from "./aws/sigv4";
import { corsHeaders, preflight } from "./cors";
import type { DeclaredFunctionUrl } from "./declared";
import type { Session } from "./session";
import { readBody, sendBody } from "./http-body";

const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

export interface FunctionUrls {
  readonly urls: readonly { readonly functionName: string; readonly url: string }[];
  close(): Promise<void>;
}

/**
 * Each `aws_lambda_function_url` on a loopback port of its own, as Lambda serves it: payload
 * format 2.0 events, the URL's CORS; `AWS_IAM` URLs take a SigV4 signature (service `lambda`) of
 * the operator or of a function allowed `lambda:InvokeFunctionUrl` (its role or the function's
 * permissions), `NONE` URLs need the public permission (`principal "*"`, `function_url_auth_type
 * NONE`) as Lambda does, or every request is 403.
 */
export async function serveFunctionUrls(session: Session, log: (line: string) => void): Promise<FunctionUrls> {
  const servers: Server[] = [];
  const urls: { functionName: string; url: string }[] = [];
  for (const declared of session.declared.functionUrls) {
    const target = session.functionFor(declared.qualifier ? `${declared.functionRef}:${declared.qualifier}` : declared.functionRef);
    if (!target) {
      log(`${declared.path}: its function ${declared.functionRef} is not in the stack; not served`);
      continue;
    }
    const server = createServer((req, res) => {
      handle(session, declared, target.fn.functionName, req, res, log).catch((error: Error) => {
        log(`${target.fn.functionName} URL: ${error.stack ?? error.message}`);
        if (!res.headersSent) sendBody(res, 500, {}, Buffer.from(JSON.stringify({ Message: "Internal Server Error" })));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    servers.push(server);
    urls.push({ functionName: target.fn.functionName, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
    log(`  function URL of ${target.fn.functionName} (${declared.authType}): ${urls[urls.length - 1].url}`);
  }
  return {
    urls,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}

async function handle(session: Session, declared: DeclaredFunctionUrl, functionName: string, req: IncomingMessage, res: ServerResponse, log: (line: string) => void): Promise<void> {
  const fn = session.byName(functionName)!;
  const target = session.functionFor(declared.qualifier ? `${fn.functionArn}:${declared.qualifier}` : fn.functionArn)!;
  const requestId = randomUUID();
  const body = await readBody(req, MAX_REQUEST_BYTES);
  const method = req.method ?? "GET";
  const [rawPath, ...query] = (req.url ?? "/").split("?");
  const cors = declared.cors ? corsHeaders(declared.cors, req.headers) : {};
  const refuse = (status: number, message: string, why: string) => {
    log(`${functionName} URL ${method} ${rawPath} -> ${status} (${why})`);
    sendBody(res, status, { "content-type": "application/json", "x-amzn-requestid": requestId, ...cors }, Buffer.from(JSON.stringify({ Message: message })));
  };
  if (body === undefined) return refuse(413, "Request must be smaller than 6291456 bytes for the InvokeFunction operation", "too large");
  if (declared.cors && method === "OPTIONS" && req.headers["access-control-request-method"]) {
    const answer = preflight(declared.cors, req.headers);
    return sendBody(res, answer.status, { ...answer.headers, "x-amzn-requestid": requestId }, Buffer.alloc(0));
  }
  let iam: Record<string, unknown> | undefined;
  if (declared.authType === "AWS_IAM") {
    const verification = await verifySignature({ method, url: req.url ?? "/", headers: req.headers, body }, session.stack.region, (key) => session.identities.lookup(key));
    if (!verification.ok) return refuse(403, "Forbidden", verification.message);
    if (verification.service !== "lambda") return refuse(403, "Forbidden", `signed for ${verification.service}, not lambda`);
    const caller = verification.caller;
    const refusal = await session.access.check(caller, [{ action: "lambda:InvokeFunctionUrl", resource: target.arn, context: { "lambda:FunctionUrlAuthType": "AWS_IAM" } }]);
    if (refusal) return refuse(403, "Forbidden", refusal.message);
    const { accountId, partition } = session.stack;
    iam =
      caller.kind === "operator"
        ? { accessKey: caller.credentials.accessKeyId, accountId, callerId: accountId, userArn: `arn:${partition}:iam::${accountId}:root`, userId: accountId }
        : {
            accessKey: caller.credentials.accessKeyId,
            accountId,
            callerId: `AROALOCAL:${caller.fn.functionName}`,
            userArn: `arn:${partition}:sts::${accountId}:assumed-role/${caller.fn.role.roleName}/${caller.fn.functionName}`,
            userId: `AROALOCAL:${caller.fn.functionName}`,
          };
  } else {
    const open = session.declared.permissions.some(
      (p) => session.functionFor(p.functionRef)?.fn === fn && p.principal === "*" && p.functionUrlAuthType === "NONE" && ["lambda:InvokeFunctionUrl", "lambda:*"].includes(p.action),
    );
    if (!open) return refuse(403, "Forbidden", `no aws_lambda_permission lets principal "*" lambda:InvokeFunctionUrl with function_url_auth_type NONE`);
  }
  const event = apiGatewayV2Event(
    { method, rawPath, path: rawPath, rawQueryString: query.join("?"), headers: req.headers, body, sourceIp: req.socket.remoteAddress ?? "127.0.0.1" },
    { route: { routeKey: "$default", method: "ANY", segments: [], payloadFormatVersion: "2.0", authorizationType: declared.authType, authorizationScopes: [] }, pathParameters: {} },
    { accountId: session.stack.accountId, stage: "$default", requestId, now: new Date() },
  );
  const context = event.requestContext as Record<string, unknown>;
  context.apiId = "local";
  if (iam) context.authorizer = { iam: { ...iam, cognitoIdentity: null, principalOrgId: null } };
  const result = await session.invoke(fn, event, (line) => log(`[${functionName}] ${line}`));
  if (!result.ok) return refuse(502, "Internal Server Error", `${functionName} failed: ${result.error.errorType}: ${result.error.errorMessage}`);
  const response = httpResponseOf(result.payload);
  if (typeof response === "string") return refuse(502, "Internal Server Error", `${functionName} returned a malformed response: ${response}`);
  log(`${functionName} URL ${method} ${rawPath} -> ${response.statusCode} (${result.durationMs} ms)`);
  sendBody(res, response.statusCode, { ...response.headers, ...cors, "x-amzn-requestid": requestId }, response.body);
}


