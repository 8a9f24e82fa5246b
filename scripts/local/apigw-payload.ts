import type { IncomingHttpHeaders } from "node:http";
import type { RouteMatch } from "./routes";

/** What the HTTP server received, before API Gateway's mapping. */
export interface HttpRequest {
  readonly method: string;
  /** Path and query as sent (`/users?limit=2`), with the stage prefix already removed from `path`. */
  readonly rawPath: string;
  readonly path: string;
  readonly rawQueryString: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
}

export interface ApiContext {
  readonly accountId: string;
  readonly stage: string;
  readonly requestId: string;
  readonly now: Date;
}

// HTTP APIs pass these bodies as text; anything else reaches the function base64-encoded.
const TEXT_TYPE = /^(text\/|application\/(json|javascript|xml|[\w.+-]+\+(json|xml))\b)/i;

/** An API Gateway HTTP API payload format 2.0 event, as API Gateway builds it. */
export function apiGatewayV2Event(request: HttpRequest, match: RouteMatch, api: ApiContext): Record<string, unknown> {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(",") : value;
    // Format 2.0 moves cookies out of the headers into their own list.
    if (name === "cookie") cookies = joined.split(/;\s*/).filter(Boolean);
    else headers[name] = joined;
  }
  const query: Record<string, string> = {};
  for (const pair of request.rawQueryString.split("&").filter(Boolean)) {
    const [rawKey, ...rest] = pair.split("=");
    const key = decodeQuery(rawKey);
    const value = decodeQuery(rest.join("="));
    query[key] = key in query ? `${query[key]},${value}` : value;
  }
  const host = headers.host ?? "127.0.0.1";
  const hasBody = request.body.length > 0;
  const text = TEXT_TYPE.test(headers["content-type"] ?? "");
  return {
    version: "2.0",
    routeKey: match.route.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies && { cookies }),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    requestContext: {
      accountId: api.accountId,
      apiId: "local",
      domainName: host,
      domainPrefix: host.split(".")[0],
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: api.requestId,
      routeKey: match.route.routeKey,
      stage: api.stage,
      time: clf(api.now),
      timeEpoch: api.now.getTime(),
    },
    ...(Object.keys(match.pathParameters).length > 0 && { pathParameters: match.pathParameters }),
    ...(hasBody && { body: text ? request.body.toString("utf8") : request.body.toString("base64") }),
    isBase64Encoded: hasBody && !text,
  };
}

/** The HTTP response API Gateway makes of a function's result (payload format 2.0). */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

/**
 * Format 2.0's rules: an object with a statusCode is a response (headers, cookies, body, base64);
 * anything else is a 200 JSON answer whose body is the string as it is or the value as JSON.
 * A string saying why when API Gateway would call the response malformed (a 500 to the client).
 */
export function httpResponseOf(payload: unknown): HttpResponse | string {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload) || !("statusCode" in payload)) {
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    return { statusCode: 200, headers: { "content-type": "application/json" }, body: Buffer.from(body, "utf8") };
  }
  const result = payload as Record<string, unknown>;
  const status = Number(result.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return `statusCode ${JSON.stringify(result.statusCode)} is not an HTTP status`;
  const headers: Record<string, string | string[]> = {};
  if (result.headers !== undefined) {
    if (result.headers === null || typeof result.headers !== "object" || Array.isArray(result.headers)) return "headers is not an object";
    for (const [name, value] of Object.entries(result.headers as Record<string, unknown>)) {
      if (value === null || typeof value === "object") return `header ${name} is not a string, number or boolean`;
      headers[name.toLowerCase()] = String(value);
    }
  }
  if (result.cookies !== undefined) {
    if (!Array.isArray(result.cookies)) return "cookies is not a list";
    headers["set-cookie"] = result.cookies.map(String);
  }
  if (result.body !== undefined && result.body !== null && typeof result.body !== "string") return "body is not a string";
  const raw = typeof result.body === "string" ? result.body : "";
  const body = result.isBase64Encoded === true ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
  return { statusCode: status, headers, body };
}

function decodeQuery(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `12/Mar/2020:19:03:58 +0000`, API Gateway's requestContext.time. */
function clf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
