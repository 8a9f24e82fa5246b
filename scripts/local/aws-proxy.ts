import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalFunction } from "./functions";
import { authorize } from "./iam-check";
import { authorizationsFor, type TableArns } from "./dynamodb-requests";
import type { Usage } from "./usage";

const MAX_BODY = 16 * 1024 * 1024;
const DYNAMODB_TARGET = /^DynamoDB_20120810\.([A-Za-z]+)$/;

export interface AwsProxy {
  /** AWS_ENDPOINT_URL for the functions. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface AwsProxyOptions {
  readonly dynamoEndpoint: string;
  /** The function each access key id stands for. */
  readonly callers: ReadonlyMap<string, LocalFunction>;
  readonly tables: TableArns;
  readonly accountId: string;
  readonly usage: Usage;
  readonly log: (line: string) => void;
}

/**
 * The AWS endpoint the functions see, on 127.0.0.1: it tells the calling function by its access
 * key id, checks each DynamoDB call against that function's role with iam-simulate, refuses it as
 * DynamoDB would (AccessDeniedException) or passes it to dynalite. Other services are not
 * emulated and are answered with an error, so no call leaves the machine.
 */
export async function startAwsProxy(options: AwsProxyOptions): Promise<AwsProxy> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((error: Error) => {
      options.log(`local AWS endpoint: ${error.message}`);
      if (!res.headersSent) awsError(res, 500, "InternalServerError", error.message);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: AwsProxyOptions): Promise<void> {
  const body = await readBody(req);
  const credential = /Credential=([^/,\s]+)\/[^/]+\/([^/]+)\/([^/]+)\//.exec(req.headers.authorization ?? "");
  const caller = credential ? options.callers.get(credential[1]) : undefined;
  if (!caller) {
    awsError(res, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
    return;
  }
  const target = String(req.headers["x-amz-target"] ?? "");
  const dynamo = DYNAMODB_TARGET.exec(target);
  if (!dynamo) {
    const service = credential?.[3] ?? "unknown";
    options.log(`${caller.functionName} called ${service}${target ? ` ${target}` : ` ${req.method} ${req.url}`}: not emulated locally (only DynamoDB is); answered with an error`);
    options.usage.denied(caller.functionName, `${service}:${target.split(".").pop() || "?"}`, "*", "not emulated locally");
    awsError(res, 501, "NotImplemented", `${service} is not emulated by npm run local; only DynamoDB is`);
    return;
  }
  const operation = dynamo[1];
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  } catch {
    awsError(res, 400, "SerializationException", "Start of structure or map found where not expected.");
    return;
  }
  const authorizations = authorizationsFor(operation, input, options.tables);
  if (!authorizations) {
    options.log(`${caller.functionName} called dynamodb:${operation}: not emulated locally; refused`);
    options.usage.denied(caller.functionName, `dynamodb:${operation}`, "*", "not emulated locally");
    awsError(res, 400, "UnknownOperationException", `dynamodb:${operation} is not emulated by npm run local`);
    return;
  }
  for (const authorization of authorizations) {
    const decision = await authorize(caller, options.accountId, authorization);
    if (!decision.allowed) {
      options.usage.denied(caller.functionName, authorization.action, authorization.resource, decision.reason);
      options.log(`REFUSED ${caller.functionName}: ${authorization.action} on ${authorization.resource} (${decision.reason})`);
      const principal = `arn:${caller.functionArn.split(":")[1]}:sts::${options.accountId}:assumed-role/${caller.role.roleName}/${caller.functionName}`;
      awsError(res, 400, "AccessDeniedException", `User: ${principal} is not authorized to perform: ${authorization.action} on resource: ${authorization.resource} because ${decision.reason}`);
      return;
    }
  }
  for (const authorization of authorizations) options.usage.allowed(caller.functionName, authorization.action, authorization.resource);
  await forward(req, body, options.dynamoEndpoint, res);
}

function forward(req: IncomingMessage, body: Buffer, endpoint: string, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const upstream = request(`${endpoint}${req.url ?? "/"}`, { method: req.method, headers: { ...req.headers, "content-length": body.length } }, (up) => {
      res.writeHead(up.statusCode ?? 500, up.headers);
      up.pipe(res);
      up.on("end", resolve);
      up.on("error", reject);
    });
    upstream.on("error", reject);
    upstream.end(body);
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** An error in the AWS JSON protocol's shape, as DynamoDB sends it. */
function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, Message: message });
  res.writeHead(status, { "content-type": "application/x-amz-json-1.0", "x-amzn-errortype": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
