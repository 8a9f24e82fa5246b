import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { log, required } from "./shared";

const dynamo = new DynamoDBClient({});

/** The order a job message names, or undefined for a message that is not a job. */
export function jobOf(body: string): string | undefined {
  try {
    const { orderId } = JSON.parse(body) as { orderId?: unknown };
    return typeof orderId === "string" && orderId !== "" ? orderId : undefined;
  } catch {
    return undefined;
  }
}

/** Confirms each queued order; a message that fails comes back (partial batch response), then goes to the queue's dead-letter queue. */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    const orderId = jobOf(record.body);
    try {
      if (!orderId) throw new Error("not a job message");
      await dynamo.send(
        new UpdateItemCommand({
          TableName: required("ORDERS_TABLE"),
          Key: { id: { S: orderId } },
          UpdateExpression: "SET #status = :confirmed",
          ConditionExpression: "attribute_exists(id)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":confirmed": { S: "CONFIRMED" } },
        }),
      );
      log("order confirmed", { orderId });
    } catch (error) {
      log("job failed", { messageId: record.messageId, error: (error as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
