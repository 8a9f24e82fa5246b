import type { EventBridgeHandler } from "aws-lambda";
import { log } from "./order";

/** The detail of an `OrderShipped` event on the pipeline's bus. */
export interface OrderShipped {
  readonly orderId: string;
  readonly carrier: string;
  readonly trackingNumber: string;
}

/** A tracking link for the carriers the shop uses; undefined for others. */
export function trackingUrl(detail: OrderShipped): string | undefined {
  const base: Record<string, string> = { dhl: "https://www.dhl.com/track?id=", ups: "https://www.ups.com/track?tracknum=" };
  const prefix = base[detail.carrier.toLowerCase()];
  return prefix ? `${prefix}${encodeURIComponent(detail.trackingNumber)}` : undefined;
}

/** Matched by the rule's pattern (source order-pipeline, detail-type OrderShipped). */
export const handler: EventBridgeHandler<"OrderShipped", OrderShipped, void> = async (event) => {
  log("info", "order shipped", { orderId: event.detail.orderId, trackingUrl: trackingUrl(event.detail) ?? null });
};
