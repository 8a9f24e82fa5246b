import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";

const dynamo = new DynamoDBClient({});

/** GET /orders/{id}: reads one order from the table named in ORDERS_TABLE. */
export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const id = event.pathParameters?.id ?? "";
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) return { statusCode: 400, body: JSON.stringify({ error: "bad order id" }) };
  const { Item } = await dynamo.send(new GetItemCommand({ TableName: process.env.ORDERS_TABLE, Key: { id: { S: id } } }));
  if (!Item) return { statusCode: 404, body: JSON.stringify({ error: "no such order" }) };
  return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ id, status: Item.status?.S }) };
};
