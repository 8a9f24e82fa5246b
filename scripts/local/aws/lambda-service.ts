import type { LocalFunction } from "../functions";
import type { IamStatement } from "../../../modules/core/terraform";
import type { InvokeResult } from "../worker";
import type { Access } from "./access";
import { awsError, jsonResponse, type AwsRequest, type AwsResponse, type Service } from "./protocol";

export interface LambdaServiceOptions {
  readonly access: Access;
  readonly functionFor: (ref: string) => { fn: LocalFunction; arn: string } | undefined;
  readonly functionPolicy: (arn: string) => readonly IamStatement[];
  readonly invoke: (fn: LocalFunction, event: unknown, logs: string[]) => Promise<InvokeResult>;
  readonly invokeAsync: (fn: LocalFunction, event: unknown, source: string) => Promise<unknown>;
}

/**
 * Lambda's Invoke API (`POST /2015-03-31/functions/<name>/invocations`): RequestResponse (the
 * result, `X-Amz-Function-Error` on failure, the log tail with `X-Amz-Log-Type: Tail`), Event
 * (queued: retries and destinations as configured) and DryRun, authorized as
 * `lambda:InvokeFunction` on the function (its `aws_lambda_permission`s count too).
 */
export class LambdaService implements Service {
  readonly signingName = "lambda";
  readonly protocol = "rest-json" as const;
  /** Invoke here; InvokeFunctionUrl and execute-api:Invoke through the served URLs and API. */
  readonly actions = ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl", "execute-api:Invoke"];

  constructor(private readonly options: LambdaServiceOptions) {}

  async handle(request: AwsRequest): Promise<AwsResponse> {
    const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.path);
    if (!m || request.method !== "POST") {
      this.options.access.notEmulated(request.caller, `lambda:${request.method} ${request.path}`, `Lambda ${request.method} ${request.path}`);
      return awsError(this.protocol, 400, "UnsupportedOperation", `Lambda ${request.method} ${request.path} is not emulated by npm run local (Invoke is)`, request.requestId);
    }
    const qualifier = request.query.get("Qualifier");
    const name = qualifier ? `${m[1]}:${qualifier}` : m[1];
    const target = this.options.functionFor(name);
    if (!target) return awsError(this.protocol, 404, "ResourceNotFoundException", `Function not found: ${name}`, request.requestId);
    const refusal = await this.options.access.check(request.caller, [
      { action: "lambda:InvokeFunction", resource: target.arn, context: {}, resourcePolicy: this.options.functionPolicy(target.arn) },
    ]);
    if (refusal) return awsError(this.protocol, 403, "AccessDeniedException", refusal.message, request.requestId);
    let event: unknown;
    try {
      event = request.body.length === 0 ? {} : JSON.parse(request.body.toString("utf8"));
    } catch {
      return awsError(this.protocol, 400, "InvalidRequestContentException", "Could not parse request body into json", request.requestId);
    }
    const type = String(request.headers["x-amz-invocation-type"] ?? "RequestResponse");
    const who = request.caller.kind === "operator" ? "operator" : request.caller.fn.functionName;
    if (type === "DryRun") return { status: 204, headers: {}, body: Buffer.alloc(0) };
    if (type === "Event") {
      void this.options.invokeAsync(target.fn, event, `Invoke (Event) by ${who}`);
      return { status: 202, headers: { "x-amzn-requestid": request.requestId }, body: Buffer.alloc(0) };
    }
    const logs: string[] = [];
    const result = await this.options.invoke(target.fn, event, logs);
    const tail: Record<string, string> = request.headers["x-amz-log-type"] === "Tail" ? { "x-amz-log-result": Buffer.from(logs.join("\n").slice(-4096)).toString("base64") } : {};
    if (!result.ok) return jsonResponse(this.protocol, result.error, 200, { "x-amz-function-error": "Unhandled", "x-amz-executed-version": "$LATEST", ...tail });
    return { status: 200, headers: { "content-type": "application/json", "x-amz-executed-version": "$LATEST", ...tail }, body: Buffer.from(JSON.stringify(result.payload ?? null)) };
  }
}
