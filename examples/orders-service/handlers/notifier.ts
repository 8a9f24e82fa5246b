import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { log } from "./shared";

/** Tells the customer about a shipped order (here: a log line); messages come raw from the topic, filtered to SHIPPED. */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      const { orderId, status } = JSON.parse(record.body) as { orderId: string; status: string };
      log("customer notified", { orderId, status });
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
