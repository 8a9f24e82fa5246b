import type { SNSEvent } from "aws-lambda";
import { log, parseOrder } from "./order";

/** What the customer is told for each status, if anything. */
export function messageFor(status: string): string | undefined {
  return { PAID: "Thank you, your payment arrived.", SHIPPED: "Your order is on its way." }[status];
}

export interface NotifyResult {
  readonly notified: { readonly orderId: string; readonly customerId: string; readonly message: string }[];
}

/**
 * SNS invokes it asynchronously: a thrown error is retried by Lambda and then sent to the
 * on-failure destination; the returned value goes to the on-success destination.
 */
export const handler = async (event: SNSEvent): Promise<NotifyResult> => {
  const notified: NotifyResult["notified"][number][] = [];
  for (const record of event.Records) {
    const order = parseOrder(record.Sns.Message);
    const message = messageFor(order.status);
    if (!message) continue;
    log("info", "customer notified", { orderId: order.id, customerId: order.customerId });
    notified.push({ orderId: order.id, customerId: order.customerId, message });
  }
  return { notified };
};
