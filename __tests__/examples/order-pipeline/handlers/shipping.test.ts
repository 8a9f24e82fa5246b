import type { EventBridgeEvent } from "aws-lambda";
import { handler, trackingUrl, type OrderShipped } from "../../../../examples/order-pipeline/handlers/shipping";
import { captureLogs, context, noCallback, sampleEvent } from "./events";

describe("order-pipeline: shipping events", () => {
  it("builds tracking links for known carriers only, the number URL-encoded", () => {
    expect(trackingUrl({ orderId: "o", carrier: "UPS", trackingNumber: "1Z 99" })).toBe("https://www.ups.com/track?tracknum=1Z%2099");
    expect(trackingUrl({ orderId: "o", carrier: "pigeon", trackingNumber: "1" })).toBeUndefined();
  });

  it("logs the shipped order with its tracking link", async () => {
    const logs = captureLogs();
    try {
      await handler(sampleEvent<EventBridgeEvent<"OrderShipped", OrderShipped>>("eventbridge-order-shipped"), context, noCallback);
      expect(logs.lines).toEqual([{ level: "info", message: "order shipped", orderId: "o-1001", trackingUrl: "https://www.dhl.com/track?id=JD0146%200000%201234" }]);
    } finally {
      logs.restore();
    }
  });
});
