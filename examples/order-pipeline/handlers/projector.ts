import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamHandler } from "aws-lambda";
import { log } from "./order";

/** The change one stream record makes to a customer's totals. */
export interface Projection {
  readonly customerId: string;
  readonly orders: number;
  readonly totalCents: number;
}

/** Applies a projection to the read model; replaced in tests. */
export type ApplyProjection = (projection: Projection) => Promise<void>;

/**
 * What a record changes in the customer's totals: a new order adds one order and its total; a
 * change of total adds the difference; removals and records without the fields change nothing.
 */
export function projectionOf(record: DynamoDBRecord): Projection | undefined {
  const image = record.dynamodb?.NewImage;
  const customerId = image?.customerId?.S;
  const total = Number(image?.totalCents?.N);
  if (!customerId || !Number.isInteger(total)) return undefined;
  if (record.eventName === "INSERT") return { customerId, orders: 1, totalCents: total };
  if (record.eventName === "MODIFY") {
    const before = Number(record.dynamodb?.OldImage?.totalCents?.N);
    const delta = Number.isInteger(before) ? total - before : 0;
    return delta === 0 ? undefined : { customerId, orders: 0, totalCents: delta };
  }
  return undefined;
}

/**
 * Projects records in stream order and stops at the first failure, reporting its sequence number:
 * Lambda retries the shard from there (records after it were not applied, so none is counted twice).
 */
export async function projectBatch(records: readonly DynamoDBRecord[], apply: ApplyProjection): Promise<DynamoDBBatchResponse> {
  for (const record of records) {
    const projection = projectionOf(record);
    if (!projection) continue;
    try {
      await apply(projection);
    } catch (e) {
      log("warn", "projection failed", { sequenceNumber: record.dynamodb?.SequenceNumber, reason: (e as Error).message });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" }] };
    }
  }
  return { batchItemFailures: [] };
}

let dynamo: DynamoDBClient | undefined;

/** Adds to the customer's counters in the table named by CUSTOMER_TOTALS_TABLE (ADD is atomic). */
const applyToTable: ApplyProjection = async ({ customerId, orders, totalCents }) => {
  dynamo ??= new DynamoDBClient({});
  await dynamo.send(
    new UpdateItemCommand({
      TableName: process.env.CUSTOMER_TOTALS_TABLE,
      Key: { customerId: { S: customerId } },
      UpdateExpression: "ADD orders :o, totalCents :t",
      ExpressionAttributeValues: { ":o": { N: String(orders) }, ":t": { N: String(totalCents) } },
    }),
  );
};

export const handler: DynamoDBStreamHandler = async (event) => projectBatch(event.Records, applyToTable);
