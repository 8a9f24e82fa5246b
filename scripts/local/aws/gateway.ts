import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Caller } from "../identities";
import { verifySignature, type SignatureProblem } from "./sigv4";
import { awsError, decodeAwsChunked, newRequestId, type AwsRequest, type AwsResponse, type Protocol, type Service } from "./protocol";
import { readBody } from "../http-body";

/** S3 objects may be large; other services' payloads are far below this. */
const MAX_BODY = 64 * 1024 * 1024;

export interface GatewayRouting {
  readonly region: string;
  readonly lookup: (accessKeyId: string) => Caller | undefined;
  readonly services: readonly Service[];
  /** `POST /_local/<command>` signed by the operator: commands of `npm run local` itself (trigger). */
  readonly control: (command: string, body: Buffer) => Promise<AwsResponse>;
  readonly log: (line: string) => void;
}

/**
 * The one AWS endpoint of a session, on 127.0.0.1: every request's SigV4 signature is verified
 * (the caller's own key and secret, this region) before the service the request was signed for
 * answers it. Emulators sit behind it in this process and listen on no port of their own.
 */
export class Gateway {
  private routing?: GatewayRouting;

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  /** Listens now (functions need the endpoint's address); answers 503 until `route` is called. */
  static async listen(port = 0): Promise<Gateway> {
    let gateway: Gateway | undefined;
    const server = createServer((req, res) => {
      void gateway!.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    gateway = new Gateway(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return gateway;
  }

  route(routing: GatewayRouting): void {
    this.routing = routing;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    try {
      const routing = this.routing;
      if (!routing) return send(res, { status: 503, headers: {}, body: Buffer.from("starting") });
      const body = await readBody(req, MAX_BODY);
      if (!body) return send(res, awsError("json-1.0", 413, "RequestEntityTooLarge", "request body too large", requestId));
      const url = req.url ?? "/";
      const verification = await verifySignature({ method: req.method ?? "GET", url, headers: req.headers, body }, routing.region, routing.lookup);
      const control = /^\/_local\/(\w[\w-]*)$/.exec(url.split("?")[0]);
      if (!verification.ok) {
        const service = routing.services.find((s) => s.signingName === (verification.service ?? guessService(req)));
        routing.log(`REFUSED request to ${verification.service ?? "the endpoint"} (${req.method} ${url.split("?")[0]}): ${verification.message}`);
        return send(res, signatureError(service?.protocol ?? "json-1.0", verification.problem, verification.message, requestId));
      }
      if (control) {
        if (verification.caller.kind !== "operator") return send(res, awsError("rest-json", 403, "AccessDeniedException", "only the operator may control npm run local", requestId));
        return send(res, await routing.control(control[1], body));
      }
      const service = routing.services.find((s) => s.signingName === verification.service);
      const [rawPath, rawQuery = ""] = url.split(/\?(.*)/s);
      if (!service) {
        const who = verification.caller.kind === "operator" ? "operator" : verification.caller.fn.functionName;
        routing.log(`${who} called ${verification.service} (${String(req.headers["x-amz-target"] ?? `${req.method} ${rawPath}`)}): not emulated locally; answered with an error`);
        return send(res, awsError("json-1.1", 400, "NotImplemented", `${verification.service} is not emulated by npm run local (DynamoDB, SQS, SNS, S3, EventBridge, Secrets Manager and Lambda are)`, requestId));
      }
      const encoded = String(req.headers["content-encoding"] ?? "").includes("aws-chunked") || String(req.headers["x-amz-content-sha256"] ?? "").startsWith("STREAMING-");
      const request: AwsRequest = {
        method: req.method ?? "GET",
        path: safeDecode(rawPath),
        rawPath,
        query: new URLSearchParams(rawQuery),
        headers: req.headers,
        body: encoded ? decodeAwsChunked(body) : body,
        caller: verification.caller,
        requestId,
      };
      send(res, await service.handle(request));
    } catch (error) {
      this.routing?.log(`local AWS endpoint: ${(error as Error).stack ?? (error as Error).message}`);
      if (!res.headersSent) send(res, awsError("json-1.0", 500, "InternalFailure", (error as Error).message, requestId));
      else res.destroy();
    }
  }
}

/** For a request whose signature could not even be read: which service it looks like, to answer in its shape. */
function guessService(req: IncomingMessage): string {
  const target = String(req.headers["x-amz-target"] ?? "");
  if (target.startsWith("DynamoDB")) return "dynamodb";
  if (target.startsWith("AmazonSQS")) return "sqs";
  if (target.startsWith("AWSEvents")) return "events";
  if (target.startsWith("secretsmanager")) return "secretsmanager";
  if ((req.url ?? "").startsWith("/2015-03-31/")) return "lambda";
  if (String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return "sns";
  return "s3";
}

/** How each protocol's service refuses a signature. */
function signatureError(protocol: Protocol, problem: SignatureProblem, message: string, requestId: string): AwsResponse {
  if (protocol === "rest-xml") {
    const [status, code] = (
      {
        missing: [403, "AccessDenied"],
        incomplete: [400, "AuthorizationHeaderMalformed"],
        "unknown-key": [403, "InvalidAccessKeyId"],
        "bad-token": [400, "InvalidToken"],
        mismatch: [403, "SignatureDoesNotMatch"],
        "wrong-region": [400, "AuthorizationHeaderMalformed"],
        expired: [403, "RequestTimeTooSkewed"],
      } as const
    )[problem];
    return awsError(protocol, status, code, message, requestId);
  }
  const code = (
    {
      missing: "MissingAuthenticationToken",
      incomplete: "IncompleteSignature",
      "unknown-key": protocol === "query" ? "InvalidClientTokenId" : "UnrecognizedClientException",
      "bad-token": protocol === "query" ? "InvalidClientTokenId" : "UnrecognizedClientException",
      mismatch: protocol === "query" ? "SignatureDoesNotMatch" : "InvalidSignatureException",
      "wrong-region": protocol === "query" ? "SignatureDoesNotMatch" : "InvalidSignatureException",
      expired: protocol === "query" ? "SignatureDoesNotMatch" : "InvalidSignatureException",
    } as const
  )[problem];
  return awsError(protocol, protocol === "json-1.0" || protocol === "json-1.1" ? 400 : 403, code, message, requestId);
}

function send(res: ServerResponse, response: AwsResponse): void {
  res.writeHead(response.status, { ...response.headers, "content-length": response.body.length });
  res.end(response.body);
}


function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
