import type { IncomingHttpHeaders } from "node:http";
import type { Cors } from "./routes";

/** The headers API Gateway adds to a response for an allowed Origin (none for others). */
export function corsHeaders(cors: Cors, headers: IncomingHttpHeaders): Record<string, string> {
  const origin = headers.origin;
  if (!origin || !originAllowed(cors, origin)) return {};
  return {
    "access-control-allow-origin": cors.allowOrigins.includes("*") && !cors.allowCredentials ? "*" : origin,
    ...(cors.allowCredentials && { "access-control-allow-credentials": "true" }),
    ...(cors.exposeHeaders.length > 0 && { "access-control-expose-headers": cors.exposeHeaders.join(",") }),
    vary: "origin",
  };
}

/** API Gateway answers preflight requests itself when the API has a CORS configuration. */
export function preflight(cors: Cors, headers: IncomingHttpHeaders): { status: number; headers: Record<string, string> } {
  const origin = headers.origin;
  const method = String(headers["access-control-request-method"] ?? "").toUpperCase();
  const methodAllowed = cors.allowMethods.includes("*") || cors.allowMethods.map((m) => m.toUpperCase()).includes(method);
  if (!origin || !originAllowed(cors, origin) || !methodAllowed) return { status: 204, headers: {} };
  return {
    status: 204,
    headers: {
      ...corsHeaders(cors, headers),
      "access-control-allow-methods": cors.allowMethods.join(","),
      ...(cors.allowHeaders.length > 0 && { "access-control-allow-headers": cors.allowHeaders.join(",") }),
      ...(cors.maxAge !== undefined && { "access-control-max-age": String(cors.maxAge) }),
    },
  };
}

function originAllowed(cors: Cors, origin: string): boolean {
  return cors.allowOrigins.some((allowed) => allowed === "*" || allowed.toLowerCase() === origin.toLowerCase());
}
