import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Caller } from "../identities";

/** One verified request to the local AWS endpoint. */
export interface AwsRequest {
  readonly method: string;
  /** Decoded path (`/bucket/a b.txt`). */
  readonly path: string;
  readonly rawPath: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The payload, aws-chunked encoding already removed. */
  readonly body: Buffer;
  readonly caller: Caller;
  readonly requestId: string;
}

export interface AwsResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** The wire formats of the emulated services: each answers errors in its own shape. */
export type Protocol = "json-1.0" | "json-1.1" | "query" | "rest-xml" | "rest-json";

export function newRequestId(): string {
  return randomUUID();
}

export function jsonResponse(protocol: "json-1.0" | "json-1.1" | "rest-json", body: unknown, status = 200, headers: Record<string, string> = {}): AwsResponse {
  const text = Buffer.from(JSON.stringify(body ?? {}), "utf8");
  const contentType = protocol === "rest-json" ? "application/json" : `application/x-amz-${protocol}`;
  return { status, headers: { "content-type": contentType, ...headers }, body: text };
}

export function xmlResponse(body: string, status = 200, headers: Record<string, string> = {}): AwsResponse {
  return { status, headers: { "content-type": "application/xml", ...headers }, body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, "utf8") };
}

/** An AWS error answered in the protocol's own shape, so the SDK raises the named exception. */
export function awsError(protocol: Protocol, status: number, code: string, message: string, requestId: string, options: { namespace?: string; queryCode?: string } = {}): AwsResponse {
  switch (protocol) {
    case "json-1.0":
    case "json-1.1":
      return jsonResponse(protocol, { __type: `${options.namespace ?? "com.amazon.coral.service"}#${code}`, message, Message: message }, status, {
        "x-amzn-requestid": requestId,
        ...(options.queryCode && { "x-amzn-query-error": `${options.queryCode};Sender` }),
      });
    case "rest-json":
      return jsonResponse(protocol, { Type: "User", message, Message: message }, status, { "x-amzn-errortype": code, "x-amzn-requestid": requestId });
    case "query":
      return xmlResponse(
        `<ErrorResponse><Error><Type>Sender</Type><Code>${xml(code)}</Code><Message>${xml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        status,
        { "x-amzn-requestid": requestId },
      );
    case "rest-xml":
      return xmlResponse(`<Error><Code>${xml(code)}</Code><Message>${xml(message)}</Message><RequestId>${requestId}</RequestId></Error>`, status, { "x-amz-request-id": requestId });
  }
}

export function xml(text: unknown): string {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** A JSON request body, or undefined when it is not JSON (answered as SerializationException). */
export function jsonBody(request: AwsRequest): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(request.body.length === 0 ? "{}" : request.body.toString("utf8")) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The body of an `aws-chunked` upload (S3 streaming with trailing checksums): the chunks'
 * data joined, chunk headers and trailers dropped.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    if (lineEnd < 0) throw new Error("aws-chunked body ends without its last chunk");
    const size = parseInt(body.subarray(at, lineEnd).toString("latin1").split(";")[0], 16);
    if (!Number.isFinite(size)) throw new Error("aws-chunked body has a malformed chunk header");
    at = lineEnd + 2;
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(at, at + size));
    at += size + 2;
  }
}

/** One emulated service behind the endpoint. */
export interface Service {
  /** The signing name: the credential scope's service (`dynamodb`, `sqs`, `s3`, ...). */
  readonly signingName: string;
  readonly protocol: Protocol;
  /** The IAM actions of the operations it answers: what a run can observe (the least-privilege report). */
  readonly actions: readonly string[];
  handle(request: AwsRequest): Promise<AwsResponse>;
}
