import type { SQSEvent } from "aws-lambda";
import { handler, processBatch } from "../../../../examples/order-pipeline/handlers/worker";
import { captureLogs, context, noCallback, sampleEvent } from "./events";

describe("order-pipeline: SQS worker", () => {
  const event = sampleEvent<SQSEvent>("sqs-orders");

  it("reports only the message that failed (not JSON), by its messageId", async () => {
    const logs = captureLogs();
    try {
      await expect(handler(event, context, noCallback)).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1].messageId }] });
      expect(logs.lines).toEqual([
        { level: "info", message: "order taken", orderId: "o-1001", totalCents: 2599 },
        { level: "warn", message: "order message failed", messageId: event.Records[1].messageId, reason: "not JSON" },
      ]);
    } finally {
      logs.restore();
    }
  });

  it("a processing error fails that message only; the others are processed", async () => {
    const logs = captureLogs();
    const seen: string[] = [];
    const records = [event.Records[0], { ...event.Records[0], messageId: "m-2", body: event.Records[0].body.replace("o-1001", "o-1002") }];
    try {
      const result = await processBatch(records, async (order) => {
        seen.push(order.id);
        if (order.id === "o-1001") throw new Error("payment service down");
      });
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0].messageId }] });
      expect(seen).toEqual(["o-1001", "o-1002"]);
    } finally {
      logs.restore();
    }
  });

  it("an empty list of failures when every message succeeds", async () => {
    await expect(processBatch([event.Records[0]], async () => undefined)).resolves.toEqual({ batchItemFailures: [] });
  });
});
