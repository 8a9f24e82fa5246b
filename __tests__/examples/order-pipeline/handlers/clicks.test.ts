import type { KinesisStreamEvent } from "aws-lambda";
import { countClicks, handler } from "../../../../examples/order-pipeline/handlers/clicks";
import { captureLogs, context, noCallback, sampleEvent } from "./events";

describe("order-pipeline: clickstream counter", () => {
  const event = sampleEvent<KinesisStreamEvent>("kinesis-clicks");

  it("counts the good records and reports the first bad one by its sequence number", async () => {
    const logs = captureLogs();
    try {
      const { counts, response } = await countClicks(event.Records);
      expect(counts).toEqual({ "/products/42": 2 });
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[2].kinesis.sequenceNumber }] });
      await expect(handler({ Records: event.Records.slice(0, 2) }, context, noCallback)).resolves.toEqual({ batchItemFailures: [] });
    } finally {
      logs.restore();
    }
  });
});
