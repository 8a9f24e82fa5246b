import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult } from "aws-lambda";
import { createHash, timingSafeEqual } from "node:crypto";
import { required } from "./shared";

const secrets = new SecretsManagerClient({});
let apiKeyDigest: Promise<Buffer> | undefined;

const sha256 = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/** The API key's digest, read once per container from the secret whose ARN `API_KEY_SECRET` holds. */
function expectedDigest(): Promise<Buffer> {
  apiKeyDigest ??= secrets.send(new GetSecretValueCommand({ SecretId: required("API_KEY_SECRET") })).then((r) => sha256(r.SecretString ?? ""));
  return apiKeyDigest;
}

/** True when `key` is the API key (compared as digests, in constant time); an empty key never is. */
export function matches(key: string | undefined, expected: Buffer): boolean {
  return key !== undefined && key !== "" && timingSafeEqual(sha256(key), expected);
}

/** The HTTP API's Lambda REQUEST authorizer (simple responses): the `x-api-key` header must be the API key. */
export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<APIGatewaySimpleAuthorizerResult> {
  return { isAuthorized: matches(event.headers?.["x-api-key"], await expectedDigest()) };
}
