import type { SQSBatchItemFailure, SQSBatchResponse, SQSHandler, SQSRecord } from "aws-lambda";
import { log, parseOrder, type Order } from "./order";

/** What the worker does with one order; replaced in tests. */
export type ProcessOrder = (order: Order) => Promise<void>;

/** Charges nothing in this example: records the order as taken into work. */
const processOrder: ProcessOrder = async (order) => {
  log("info", "order taken", { orderId: order.id, totalCents: order.totalCents });
};

/**
 * Processes each message of the batch on its own and reports only the failed ones
 * (`ReportBatchItemFailures`): Lambda deletes the rest, and only the failed messages return to the
 * queue, to end up in its dead-letter queue after `maxReceiveCount` attempts.
 */
export async function processBatch(records: readonly SQSRecord[], process: ProcessOrder): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of records) {
    try {
      await process(parseOrder(record.body));
    } catch (e) {
      log("warn", "order message failed", { messageId: record.messageId, reason: (e as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

export const handler: SQSHandler = async (event) => processBatch(event.Records, processOrder);
