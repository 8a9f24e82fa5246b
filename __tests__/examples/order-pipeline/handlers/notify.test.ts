import type { SNSEvent } from "aws-lambda";
import { handler, messageFor } from "../../../../examples/order-pipeline/handlers/notify";
import { captureLogs, sampleEvent } from "./events";

describe("order-pipeline: SNS notifier", () => {
  it("returns who was told what (the async on-success destination receives it)", async () => {
    const logs = captureLogs();
    try {
      await expect(handler(sampleEvent<SNSEvent>("sns-order-paid"))).resolves.toEqual({
        notified: [{ orderId: "o-1001", customerId: "c-42", message: "Thank you, your payment arrived." }],
      });
    } finally {
      logs.restore();
    }
  });

  it("throws on a malformed order, so that Lambda retries and then sends it to the on-failure destination", async () => {
    const event = sampleEvent<SNSEvent>("sns-order-paid");
    event.Records[0].Sns.Message = "{}";
    await expect(handler(event)).rejects.toThrow("bad id");
  });

  it("tells nothing for statuses customers are not told about", () => {
    expect(messageFor("PLACED")).toBeUndefined();
    expect(messageFor("SHIPPED")).toBe("Your order is on its way.");
  });
});
