import type { IncomingHttpHeaders } from "node:http";
import { verifySignature } from "./aws/sigv4";
import type { DeclaredAuthorizer } from "./declared";
import type { LocalFunction } from "./functions";
import { verifyJwt, type Jwks } from "./jwt";
import { functionOfUri, type LocalRoute } from "./routes";
import type { Session } from "./session";

/** What API Gateway decided before the route's function runs. */
export type RouteAuthorization =
  | { readonly ok: true; readonly authorizer?: Record<string, unknown> }
  | { readonly ok: false; readonly status: number; readonly body: Record<string, unknown>; readonly why: string };

export interface AuthorizationInput {
  readonly route: LocalRoute;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** `arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path>`. */
  readonly routeArn: string;
  /** The payload format 2.0 event the route would get (the authorizer's event is built from it). */
  readonly event: Record<string, unknown>;
}

const forbidden = (why: string): RouteAuthorization => ({ ok: false, status: 403, body: { message: "Forbidden" }, why });
const unauthorized = (why: string): RouteAuthorization => ({ ok: false, status: 401, body: { message: "Unauthorized" }, why });

/**
 * API Gateway's authorization of one HTTP API route: `AWS_IAM` (a SigV4 signature of the operator,
 * or of a function whose role may `execute-api:Invoke` the route), `JWT` (a token verified against
 * `--jwks`), `CUSTOM` (the Lambda REQUEST authorizer, payload 2.0 or 1.0, simple or IAM policy
 * responses, cached by identity source for its TTL).
 */
export class HttpAuthorizer {
  private readonly cache = new Map<string, { until: number; result: RouteAuthorization }>();

  constructor(
    private readonly session: Session,
    private readonly authorizers: readonly DeclaredAuthorizer[],
    private readonly jwks: Jwks | undefined,
    private readonly log: (line: string) => void,
  ) {}

  async authorize(input: AuthorizationInput): Promise<RouteAuthorization> {
    const { route } = input;
    if (route.authorizationType === "NONE") return { ok: true };
    if (route.authorizationType === "AWS_IAM") return this.iam(input);
    const authorizer = this.authorizers.find((a) => a.key === route.authorizerKey);
    if (!authorizer) return { ok: false, status: 500, body: { message: "Internal Server Error" }, why: `route ${route.routeKey}: its authorizer is not in the stack` };
    if (route.authorizationType === "JWT") return this.jwt(input, authorizer);
    return this.lambda(input, authorizer);
  }

  private async iam(input: AuthorizationInput): Promise<RouteAuthorization> {
    const { session } = this;
    const verification = await verifySignature({ method: input.method, url: input.url, headers: input.headers, body: input.body }, session.stack.region, (key) => session.identities.lookup(key));
    if (!verification.ok) return verification.problem === "missing" ? forbidden("no SigV4 signature (AWS_IAM route)") : forbidden(verification.message);
    if (verification.service !== "execute-api") return forbidden(`signed for ${verification.service}, not execute-api`);
    const caller = verification.caller;
    const identity =
      caller.kind === "operator"
        ? { accessKey: caller.credentials.accessKeyId, accountId: session.stack.accountId, callerId: session.stack.accountId, userArn: `arn:${session.stack.partition}:iam::${session.stack.accountId}:root`, userId: session.stack.accountId }
        : {
            accessKey: caller.credentials.accessKeyId,
            accountId: session.stack.accountId,
            callerId: `AROALOCAL:${caller.fn.functionName}`,
            userArn: `arn:${session.stack.partition}:sts::${session.stack.accountId}:assumed-role/${caller.fn.role.roleName}/${caller.fn.functionName}`,
            userId: `AROALOCAL:${caller.fn.functionName}`,
          };
    const refusal = await session.access.check(caller, [{ action: "execute-api:Invoke", resource: input.routeArn, context: {} }]);
    if (refusal) return { ok: false, status: 403, body: { Message: refusal.message }, why: refusal.message };
    return { ok: true, authorizer: { iam: { ...identity, cognitoIdentity: null, principalOrgId: null } } };
  }

  private async jwt(input: AuthorizationInput, authorizer: DeclaredAuthorizer): Promise<RouteAuthorization> {
    const source = identityValues(authorizer.identitySources.length > 0 ? authorizer.identitySources : ["$request.header.Authorization"], input.event)[0];
    if (!source) return unauthorized(`no token in ${authorizer.identitySources.join(", ") || "Authorization"}`);
    if (!this.jwks) return unauthorized(`JWT authorizer ${authorizer.name}: tokens cannot be verified without a key set; start serve with --jwks <file>`);
    const token = source.replace(/^Bearer\s+/i, "");
    const decision = verifyJwt(token, this.jwks, { issuer: authorizer.jwt?.issuer ?? "", audience: authorizer.jwt?.audience ?? [], scopes: input.route.authorizationScopes });
    if (!decision.ok) return decision.reason.startsWith("the token has none of the route's scopes") ? forbidden(decision.reason) : unauthorized(decision.reason);
    return { ok: true, authorizer: { jwt: { claims: decision.claims, scopes: decision.scopes.length > 0 ? decision.scopes : null } } };
  }

  private async lambda(input: AuthorizationInput, authorizer: DeclaredAuthorizer): Promise<RouteAuthorization> {
    const values = identityValues(authorizer.identitySources, input.event);
    if (authorizer.identitySources.length > 0 && values.length < authorizer.identitySources.length) return unauthorized(`identity source ${authorizer.identitySources.join(", ")} missing`);
    const cacheKey = authorizer.ttlSeconds > 0 && values.length > 0 ? `${authorizer.key}\n${values.join("\n")}` : undefined;
    const cached = cacheKey ? this.cache.get(cacheKey) : undefined;
    if (cached && cached.until > Date.now()) return cached.result;
    const target = authorizer.functionRef ? this.session.functionFor(functionOfUri(authorizer.functionRef)) : undefined;
    if (!target) return { ok: false, status: 500, body: { message: "Internal Server Error" }, why: `authorizer ${authorizer.name}: its function is not in the stack` };
    const executionArn = input.routeArn.split("/")[0];
    const sourceArn = `${executionArn}/authorizers/${authorizer.id}`;
    const refusal = await this.session.access.checkPrincipal(
      { arn: "apigateway.amazonaws.com", context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": this.session.stack.accountId } },
      { action: "lambda:InvokeFunction", resource: target.arn, context: {} },
      `API Gateway invoking authorizer ${authorizer.name}`,
    );
    if (refusal) return { ok: false, status: 500, body: { message: "Internal Server Error" }, why: `API Gateway may not invoke the authorizer ${target.fn.functionName}: ${refusal.reason}` };
    const e = input.event as Record<string, unknown> & { requestContext: Record<string, unknown> };
    const event =
      authorizer.payloadFormatVersion === "2.0"
        ? { ...e, type: "REQUEST", routeArn: input.routeArn, identitySource: values, body: undefined, isBase64Encoded: undefined }
        : {
            version: "1.0",
            type: "REQUEST",
            methodArn: input.routeArn,
            identitySource: values.join(","),
            authorizationToken: values[0],
            resource: input.route.routeKey.split(" ")[1] ?? input.route.routeKey,
            path: e.rawPath,
            httpMethod: input.method,
            headers: e.headers,
            queryStringParameters: e.queryStringParameters ?? {},
            pathParameters: e.pathParameters ?? {},
            requestContext: e.requestContext,
          };
    const result = await this.session.invoke(target.fn, JSON.parse(JSON.stringify(event)), (line) => this.log(`[${target.fn.functionName}] ${line}`));
    let decision: RouteAuthorization;
    if (!result.ok) decision = { ok: false, status: 500, body: { message: "Internal Server Error" }, why: `authorizer ${target.fn.functionName} failed: ${result.error.errorType}: ${result.error.errorMessage}` };
    else decision = this.interpret(authorizer, result.payload, input.routeArn, target.fn);
    if (cacheKey && (decision.ok || decision.status === 403)) this.cache.set(cacheKey, { until: Date.now() + authorizer.ttlSeconds * 1000, result: decision });
    return decision;
  }

  /** A simple response (`isAuthorized`) or an IAM policy response, as the authorizer is configured. */
  private interpret(authorizer: DeclaredAuthorizer, payload: unknown, routeArn: string, fn: LocalFunction): RouteAuthorization {
    const response = (payload ?? {}) as { isAuthorized?: unknown; context?: unknown; policyDocument?: unknown; principalId?: unknown };
    const context = response.context && typeof response.context === "object" ? (response.context as Record<string, unknown>) : undefined;
    if (authorizer.payloadFormatVersion === "2.0" && authorizer.simpleResponses) {
      if (typeof response.isAuthorized !== "boolean") return { ok: false, status: 500, body: { message: "Internal Server Error" }, why: `${fn.functionName} returned no boolean isAuthorized (simple responses)` };
      return response.isAuthorized ? { ok: true, authorizer: { lambda: context ?? {} } } : forbidden(`${fn.functionName} answered isAuthorized: false`);
    }
    const allowed = policyAllows(response.policyDocument, routeArn);
    if (allowed === undefined) return { ok: false, status: 500, body: { message: "Internal Server Error" }, why: `${fn.functionName} returned no policyDocument (IAM policy responses)` };
    if (!allowed) return forbidden(`${fn.functionName}'s policy does not allow execute-api:Invoke on ${routeArn}`);
    return { ok: true, authorizer: { lambda: context ?? {}, ...(response.principalId !== undefined && { principalId: response.principalId }) } };
  }
}

/** The values of `$request.header.X`, `$request.querystring.X`, `$context.X` in the event. */
function identityValues(sources: readonly string[], event: Record<string, unknown>): string[] {
  const headers = (event.headers ?? {}) as Record<string, string>;
  const query = (event.queryStringParameters ?? {}) as Record<string, string>;
  const cookies = (event.cookies ?? []) as string[];
  return sources
    .map((source) => {
      const header = /^\$request\.header\.(.+)$/i.exec(source)?.[1];
      if (header) return header.toLowerCase() === "cookie" ? cookies.join("; ") : headers[header.toLowerCase()];
      const param = /^\$request\.querystring\.(.+)$/.exec(source)?.[1];
      if (param) return query[param];
      const ctx = /^\$context\.(.+)$/.exec(source)?.[1];
      if (ctx) return String((event.requestContext as Record<string, unknown>)?.[ctx] ?? "");
      return undefined;
    })
    .filter((v): v is string => typeof v === "string" && v !== "");
}

/** Whether an authorizer's policy allows execute-api:Invoke on the route (Deny wins); undefined when there is none. */
function policyAllows(document: unknown, routeArn: string): boolean | undefined {
  if (!document || typeof document !== "object") return undefined;
  const statements = ([] as unknown[]).concat((document as { Statement?: unknown }).Statement ?? []) as Record<string, unknown>[];
  const matches = (s: Record<string, unknown>) => {
    const actions = ([] as unknown[]).concat(s.Action ?? []).map(String);
    const resources = ([] as unknown[]).concat(s.Resource ?? []).map(String);
    return actions.some((a) => glob(a.toLowerCase()).test("execute-api:invoke")) && resources.some((r) => glob(r).test(routeArn));
  };
  if (statements.some((s) => s.Effect === "Deny" && matches(s))) return false;
  return statements.some((s) => s.Effect === "Allow" && matches(s));
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}
