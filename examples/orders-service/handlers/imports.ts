import { BatchWriteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { log, required, type Order } from "./shared";

const s3 = new S3Client({});
const dynamo = new DynamoDBClient({});
/** DynamoDB's limit on the items of one BatchWriteItem. */
const BATCH = 25;

/** The orders of an uploaded CSV file (`customerId,totalCents` per line); a malformed line fails the whole file. */
export function parseOrders(csv: string, newId: () => string = randomUUID): Order[] {
  return csv
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      const [customerId, total] = line.split(",").map((f) => f.trim());
      const totalCents = Number(total);
      if (!customerId || !Number.isInteger(totalCents) || totalCents <= 0) throw new Error(`line ${i + 1} is not customerId,totalCents: ${JSON.stringify(line)}`);
      return { id: newId(), customerId, totalCents, status: "PLACED" as const };
    });
}

/** Imports the orders of each file uploaded under imports/; a failure is retried, then sent to the on-failure queue. */
export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
    const body = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
    const orders = parseOrders(body);
    for (let i = 0; i < orders.length; i += BATCH) {
      const items = orders.slice(i, i + BATCH).map((o) => ({
        PutRequest: { Item: { id: { S: o.id }, customerId: { S: o.customerId }, totalCents: { N: String(o.totalCents) }, status: { S: o.status } } },
      }));
      const result = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [required("ORDERS_TABLE")]: items } }));
      if (Object.keys(result.UnprocessedItems ?? {}).length > 0) throw new Error("DynamoDB left items unprocessed; the file is retried");
    }
    log("orders imported", { key, orders: orders.length });
  }
}
