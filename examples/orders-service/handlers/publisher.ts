import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { log, required } from "./shared";

const sns = new SNSClient({});

/** What a stream record tells subscribers: an order whose status is new or changed. */
export function statusChange(record: DynamoDBRecord): { orderId: string; status: string } | undefined {
  const image = record.dynamodb?.NewImage;
  const orderId = image?.id?.S;
  const status = image?.status?.S;
  if (!orderId || !status || record.eventName === "REMOVE") return undefined;
  if (record.eventName === "MODIFY" && record.dynamodb?.OldImage?.status?.S === status) return undefined;
  return { orderId, status };
}

/** Publishes each status change, in order; stops at the first failure so that Lambda retries from there. */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const change = statusChange(record);
    if (!change) continue;
    try {
      await sns.send(
        new PublishCommand({
          TopicArn: required("ORDER_EVENTS_TOPIC"),
          Message: JSON.stringify(change),
          MessageAttributes: { status: { DataType: "String", StringValue: change.status } },
        }),
      );
      log("status published", change);
    } catch (error) {
      log("publish failed", { ...change, error: (error as Error).message });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
    }
  }
  return { batchItemFailures: [] };
}
