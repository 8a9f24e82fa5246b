import { createHash, timingSafeEqual } from "node:crypto";
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from "aws-lambda";

/** What the routes behind the authorizer see in `event.requestContext.authorizer.lambda`. */
export interface ApiKeyContext {
  readonly client: string;
}

const sha256 = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/**
 * The API's Lambda REQUEST authorizer (payload 2.0, simple responses): allows a request whose
 * `x-api-key` header hashes to one of the SHA-256 hex digests in `API_KEY_SHA256` (`client=digest`
 * pairs, comma separated), so the function holds no key itself. Compared in constant time.
 */
export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<APIGatewaySimpleAuthorizerWithContextResult<ApiKeyContext | Record<string, never>>> {
  const key = event.headers?.["x-api-key"];
  if (!key) return { isAuthorized: false, context: {} };
  const digest = sha256(key);
  for (const entry of (process.env.API_KEY_SHA256 ?? "").split(",")) {
    const [client, hex] = entry.split("=");
    if (!client || !/^[0-9a-f]{64}$/.test(hex ?? "")) continue;
    if (timingSafeEqual(digest, Buffer.from(hex, "hex"))) return { isAuthorized: true, context: { client } };
  }
  return { isAuthorized: false, context: {} };
}
