import type { APIGatewayProxyResultV2 } from "aws-lambda";

/** An order as the table holds it. */
export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly totalCents: number;
  readonly status: "PLACED" | "CONFIRMED" | "SHIPPED";
}

/** A JSON response of the HTTP API or the function URL. */
export function json(statusCode: number, body: unknown): APIGatewayProxyResultV2 {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** One structured log line (the functions log JSON: Lambda adds level, time and request id). */
export function log(message: string, fields: Record<string, unknown> = {}): void {
  console.info(JSON.stringify({ message, ...fields }));
}

/** The variable the stack sets, or a clear error at the first invocation that needs it. */
export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
