import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import type { ScheduledEvent } from "aws-lambda";
import { log, required } from "./shared";

const dynamo = new DynamoDBClient({});

/** Counts the orders every night (a scan of counts only, page by page) and logs it for the dashboard. */
export async function handler(event: ScheduledEvent): Promise<{ orders: number }> {
  let orders = 0;
  let start: Record<string, import("@aws-sdk/client-dynamodb").AttributeValue> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: required("ORDERS_TABLE"), Select: "COUNT", ExclusiveStartKey: start }));
    orders += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  log("nightly order count", { orders, at: event.time });
  return { orders };
}
