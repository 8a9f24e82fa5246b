/** An order as the pipeline passes it around (the body of queue messages and SNS notifications). */
export interface Order {
  readonly id: string;
  readonly customerId: string;
  /** Total in cents, so that no float rounding touches money. */
  readonly totalCents: number;
  readonly status: "PLACED" | "PAID" | "SHIPPED" | "CANCELLED";
}

const STATUSES: readonly Order["status"][] = ["PLACED", "PAID", "SHIPPED", "CANCELLED"];

/** Parses and checks an order; throws with the reason when the text is not one. */
export function parseOrder(text: string): Order {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error("not JSON");
  }
  const o = value as Partial<Order> | null;
  if (!o || typeof o !== "object") throw new Error("not an object");
  if (typeof o.id !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(o.id)) throw new Error("bad id");
  if (typeof o.customerId !== "string" || o.customerId === "") throw new Error("bad customerId");
  if (typeof o.totalCents !== "number" || !Number.isInteger(o.totalCents) || o.totalCents < 0) throw new Error("bad totalCents");
  if (!STATUSES.includes(o.status as Order["status"])) throw new Error("bad status");
  return { id: o.id, customerId: o.customerId, totalCents: o.totalCents, status: o.status as Order["status"] };
}

/** One JSON log line, as CloudWatch Logs Insights reads it. */
export function log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, message, ...fields }));
}
