import { DynamoDBClient, ScanCommand, type ScanCommandOutput } from "@aws-sdk/client-dynamodb";
import type { ScheduledHandler } from "aws-lambda";

/** The smallest client surface the report needs, so tests can pass a fake. */
export interface ScanClient {
  send(command: ScanCommand): Promise<Pick<ScanCommandOutput, "Count" | "LastEvaluatedKey">>;
}

let client: ScanClient | undefined;

/** Counts the users table page by page (Select COUNT reads no item data back). */
export async function countUsers(tableName: string, dynamo: ScanClient): Promise<number> {
  let total = 0;
  let startKey: ScanCommandOutput["LastEvaluatedKey"];
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: tableName, Select: "COUNT", ExclusiveStartKey: startKey }));
    total += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return total;
}

/** Invoked by the nightly EventBridge schedule; a thrown error goes to the dead-letter queue after retries. */
export const handler: ScheduledHandler = async (event) => {
  const tableName = process.env.USERS_TABLE_NAME;
  if (!tableName) throw new Error("USERS_TABLE_NAME is not set");
  client ??= new DynamoDBClient({});
  const users = await countUsers(tableName, client);
  console.log(JSON.stringify({ level: "info", message: "users report", users, scheduledAt: event.time }));
};
