import type { KinesisStreamBatchResponse, KinesisStreamHandler, KinesisStreamRecord } from "aws-lambda";
import { log } from "./order";

/** A product page view, as the shop's front end puts it on the clicks stream. */
export interface Click {
  readonly orderId?: string;
  readonly page: string;
}

/** Decodes a record's base64 data; throws when it is not a click. */
export function clickOf(record: KinesisStreamRecord): Click {
  const value = JSON.parse(Buffer.from(record.kinesis.data, "base64").toString("utf8")) as Partial<Click>;
  if (typeof value.page !== "string" || value.page === "") throw new Error("not a click");
  return { page: value.page, ...(typeof value.orderId === "string" ? { orderId: value.orderId } : {}) };
}

/** Counts page views per page; stops at the first bad record and reports it (Lambda retries from there). */
export async function countClicks(records: readonly KinesisStreamRecord[]): Promise<{ counts: Record<string, number>; response: KinesisStreamBatchResponse }> {
  const counts: Record<string, number> = {};
  for (const record of records) {
    try {
      const { page } = clickOf(record);
      counts[page] = (counts[page] ?? 0) + 1;
    } catch (e) {
      log("warn", "bad click record", { sequenceNumber: record.kinesis.sequenceNumber, reason: (e as Error).message });
      return { counts, response: { batchItemFailures: [{ itemIdentifier: record.kinesis.sequenceNumber }] } };
    }
  }
  return { counts, response: { batchItemFailures: [] } };
}

export const handler: KinesisStreamHandler = async (event) => {
  const { counts, response } = await countClicks(event.Records);
  log("info", "page views", { counts });
  return response;
};
