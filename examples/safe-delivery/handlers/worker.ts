import type { SQSBatchResponse, SQSEvent } from "aws-lambda";

/** Takes each job; a job that is not JSON is reported, so only it returns to the queue (and, after 5 tries, to its dead-letter queue). */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failed = event.Records.filter((record) => {
    try {
      JSON.parse(record.body);
      return false;
    } catch {
      return true;
    }
  });
  return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
}
