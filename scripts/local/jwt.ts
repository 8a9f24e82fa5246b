import { createPublicKey, verify, type JsonWebKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

/** Keys from a JSON Web Key Set file, by key id. */
export interface Jwks {
  readonly file: string;
  readonly keys: ReadonlyMap<string, { readonly key: KeyObject; readonly alg?: string }>;
}

export type JwtDecision = { readonly ok: true; readonly claims: Record<string, unknown>; readonly scopes: readonly string[] } | { readonly ok: false; readonly reason: string };

const ALGORITHMS: Record<string, { hash: string; pss?: boolean; ec?: boolean }> = {
  RS256: { hash: "sha256" },
  RS384: { hash: "sha384" },
  RS512: { hash: "sha512" },
  PS256: { hash: "sha256", pss: true },
  PS384: { hash: "sha384", pss: true },
  PS512: { hash: "sha512", pss: true },
  ES256: { hash: "sha256", ec: true },
  ES384: { hash: "sha384", ec: true },
  ES512: { hash: "sha512", ec: true },
};

export function loadJwks(file: string): Jwks {
  let parsed: { keys?: (JsonWebKey & { kid?: string; alg?: string })[] };
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as typeof parsed;
  } catch (error) {
    throw new Error(`--jwks ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) throw new Error(`--jwks ${file}: not a JSON Web Key Set (no "keys")`);
  const keys = new Map<string, { key: KeyObject; alg?: string }>();
  parsed.keys.forEach((jwk, i) => {
    try {
      keys.set(jwk.kid ?? `#${i}`, { key: createPublicKey({ key: jwk, format: "jwk" }), alg: jwk.alg });
    } catch (error) {
      throw new Error(`--jwks ${file}: key ${jwk.kid ?? i}: ${(error as Error).message}`);
    }
  });
  return { file, keys };
}

/**
 * API Gateway's JWT authorizer: the token's signature against the key set, `iss` equal to the
 * issuer, `aud` (or `client_id`) one of the audiences, `exp` and `nbf`, and the route's scopes
 * (at least one in `scope`/`scp`).
 */
export function verifyJwt(token: string, jwks: Jwks, expected: { issuer: string; audience: readonly string[]; scopes: readonly string[] }, now = Date.now()): JwtDecision {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "not a JWT (three dot-separated parts)" };
  let header: { alg?: string; kid?: string };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as typeof header;
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "the JWT's header or claims are not JSON" };
  }
  const algorithm = ALGORITHMS[header.alg ?? ""];
  if (!algorithm) return { ok: false, reason: `alg ${String(header.alg)} is not accepted (RS*, PS*, ES* are)` };
  const entry = header.kid !== undefined ? jwks.keys.get(header.kid) : jwks.keys.size === 1 ? [...jwks.keys.values()][0] : undefined;
  if (!entry) return { ok: false, reason: `no key ${String(header.kid)} in ${jwks.file}` };
  if (entry.alg && entry.alg !== header.alg) return { ok: false, reason: `key ${String(header.kid)} is for ${entry.alg}, the token says ${String(header.alg)}` };
  const signature = Buffer.from(parts[2], "base64url");
  const valid = verify(
    algorithm.hash,
    Buffer.from(`${parts[0]}.${parts[1]}`),
    algorithm.ec ? { key: entry.key, dsaEncoding: "ieee-p1363" } : algorithm.pss ? { key: entry.key, padding: 6, saltLength: 32 } : entry.key,
    signature,
  );
  if (!valid) return { ok: false, reason: "the signature does not verify" };
  const seconds = now / 1000;
  if (typeof claims.exp !== "number" || claims.exp <= seconds) return { ok: false, reason: "the token has expired (or has no exp)" };
  if (typeof claims.nbf === "number" && claims.nbf > seconds) return { ok: false, reason: "the token is not valid yet (nbf)" };
  if (claims.iss !== expected.issuer) return { ok: false, reason: `iss ${JSON.stringify(claims.iss)} is not the issuer ${expected.issuer}` };
  const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud !== undefined ? [claims.aud] : claims.client_id !== undefined ? [claims.client_id] : [];
  if (!audiences.some((a) => expected.audience.includes(String(a)))) return { ok: false, reason: `aud ${JSON.stringify(claims.aud ?? claims.client_id)} is none of ${expected.audience.join(", ")}` };
  const scopes = typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : Array.isArray(claims.scp) ? claims.scp.map(String) : typeof claims.scp === "string" ? claims.scp.split(" ") : [];
  if (expected.scopes.length > 0 && !expected.scopes.some((s) => scopes.includes(s))) return { ok: false, reason: `the token has none of the route's scopes (${expected.scopes.join(", ")})` };
  return { ok: true, claims, scopes };
}
