import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac, timingSafeEqual, type BinaryLike } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Caller, Credentials } from "../identities";

/** A request as it arrived, before any parsing that could change what was signed. */
export interface SignedRequest {
  readonly method: string;
  /** The request target as sent: raw (still percent-encoded) path and query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export type Verification =
  | { readonly ok: true; readonly caller: Caller; readonly service: string; readonly region: string; readonly payloadHash: string }
  | { readonly ok: false; readonly problem: SignatureProblem; readonly message: string; readonly service?: string };

/** The ways AWS refuses a signature, each answered with its own error by the service's protocol. */
export type SignatureProblem = "missing" | "incomplete" | "unknown-key" | "mismatch" | "wrong-region" | "expired" | "bad-token";

/** AWS refuses requests signed more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const UNSIGNED = new Set(["UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"]);

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): BinaryLike => (typeof data === "string" ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));

class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

/**
 * Verifies a Signature Version 4 `Authorization` header as AWS does: the access key must be one
 * this session issued, the signature must be the one its secret (and, for a function, its session
 * token) gives for exactly the signed headers, path, query and payload; the credential scope must
 * name this endpoint's region; the time must be within 15 minutes. The signing itself is
 * @smithy/signature-v4's, the code every AWS SDK for JavaScript signs with.
 */
export async function verifySignature(request: SignedRequest, region: string, lookup: (accessKeyId: string) => Caller | undefined, now = Date.now()): Promise<Verification> {
  const authorization = request.headers.authorization;
  if (typeof authorization !== "string" || authorization === "") {
    return { ok: false, problem: "missing", message: "Request is missing Authentication Token" };
  }
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/.exec(authorization);
  if (!m) return { ok: false, problem: "incomplete", message: `Authorization header is not a Signature Version 4 header (AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...)` };
  const [, accessKeyId, scopeDate, scopeRegion, service, signedHeaderList, signature] = m;
  const caller = lookup(accessKeyId);
  if (!caller) return { ok: false, problem: "unknown-key", service, message: "The security token included in the request is invalid." };
  if (scopeRegion !== region) {
    return { ok: false, problem: "wrong-region", service, message: `Credential should be scoped to a valid region. The request is signed for '${scopeRegion}'; this endpoint is '${region}'.` };
  }
  const amzDate = String(request.headers["x-amz-date"] ?? "");
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!date) return { ok: false, problem: "incomplete", service, message: "Authorization header requires existence of an 'X-Amz-Date' header in ISO-8601 basic format." };
  const signingDate = new Date(Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6]));
  if (amzDate.slice(0, 8) !== scopeDate) return { ok: false, problem: "mismatch", service, message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}'` };
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
    return { ok: false, problem: "expired", service, message: `Signature expired: ${amzDate} is more than 15 minutes away from the time of this endpoint (${new Date(now).toISOString()})` };
  }
  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host")) return { ok: false, problem: "incomplete", service, message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." };
  const credentials: Credentials = caller.credentials;
  if (credentials.sessionToken !== undefined && !signedHeaders.includes("x-amz-security-token")) {
    return { ok: false, problem: "bad-token", service, message: "The security token included in the request is invalid (temporary credentials need their session token, signed)." };
  }

  // The payload: its declared hash must be the body's (or an unsigned form S3 accepts).
  const declared = request.headers["x-amz-content-sha256"];
  const bodyHash = createHash("sha256").update(request.body).digest("hex");
  let payloadHash = bodyHash;
  if (typeof declared === "string") {
    if (UNSIGNED.has(declared) && service === "s3") payloadHash = declared;
    else if (declared !== bodyHash) {
      return { ok: false, problem: "mismatch", service, message: `The provided 'x-amz-content-sha256' header does not match what was computed (${declared.startsWith("STREAMING-") ? `${declared} is not accepted here` : "the body is not the one signed"}).` };
    }
  }

  const [rawPath, rawQuery = ""] = request.url.split(/\?(.*)/s);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return { ok: false, problem: "mismatch", service, message: `The signed header ${name} is not in the request.` };
    headers[name] = Array.isArray(value) ? value.join(",") : String(value);
  }
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, uriEscapePath: service !== "s3", applyChecksum: false });
  const signed = await signer.sign(
    { method: request.method, protocol: "http:", hostname: "local", path: rawPath, query: parseQuery(rawQuery), headers, body: request.body },
    { signingDate, signingRegion: region, signingService: service, signableHeaders: new Set(signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? "";
  const expectedHeaders = /SignedHeaders=([^,\s]+)/.exec(String(signed.headers.authorization))?.[1];
  if (expectedHeaders !== signedHeaderList || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    return {
      ok: false,
      problem: "mismatch",
      service,
      message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    };
  }
  return { ok: true, caller, service, region, payloadHash };
}

/** The query as the signer wants it: decoded names and values, repeated names as lists. */
function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of raw.split("&").filter(Boolean)) {
    const [name, ...rest] = pair.split("=");
    const key = decode(name);
    const value = decode(rest.join("="));
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
