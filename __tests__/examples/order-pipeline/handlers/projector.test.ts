import type { DynamoDBStreamEvent } from "aws-lambda";
import { projectBatch, projectionOf, type Projection } from "../../../../examples/order-pipeline/handlers/projector";
import { captureLogs, sampleEvent } from "./events";

describe("order-pipeline: DynamoDB stream projector", () => {
  const event = sampleEvent<DynamoDBStreamEvent>("dynamodb-orders-stream");

  it("a new order adds one order and its total; a changed total adds the difference", () => {
    expect(event.Records.map(projectionOf)).toEqual([
      { customerId: "c-42", orders: 1, totalCents: 2599 },
      { customerId: "c-42", orders: 0, totalCents: 400 },
    ]);
  });

  it("removals, unchanged totals and records without the fields project nothing", () => {
    const [insert, modify] = event.Records;
    expect(projectionOf({ ...insert, eventName: "REMOVE" })).toBeUndefined();
    expect(projectionOf({ ...modify, dynamodb: { ...modify.dynamodb, OldImage: modify.dynamodb!.NewImage } })).toBeUndefined();
    expect(projectionOf({ ...insert, dynamodb: { NewImage: { id: { S: "x" } } } })).toBeUndefined();
  });

  it("applies records in order and stops at the first failure, reporting its sequence number", async () => {
    const applied: Projection[] = [];
    const logs = captureLogs();
    try {
      const failing = await projectBatch(event.Records, async (p) => {
        if (p.orders === 1) throw new Error("throttled");
        applied.push(p);
      });
      expect(failing).toEqual({ batchItemFailures: [{ itemIdentifier: "100000000000000000001" }] });
      // The second record was not applied: Lambda retries from the first failure.
      expect(applied).toEqual([]);
    } finally {
      logs.restore();
    }
    await expect(projectBatch(event.Records, async (p) => void applied.push(p))).resolves.toEqual({ batchItemFailures: [] });
    expect(applied).toHaveLength(2);
  });
});
