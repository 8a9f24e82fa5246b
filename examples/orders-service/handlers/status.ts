import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { json, required } from "./shared";

const dynamo = new DynamoDBClient({});

/** The function URL (AWS_IAM): an order's status for the support team's tools, `?id=<order id>`. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const id = event.queryStringParameters?.id;
  if (!id) return json(400, { error: "give ?id=<order id>" });
  const item = (await dynamo.send(new GetItemCommand({ TableName: required("ORDERS_TABLE"), Key: { id: { S: id } }, ProjectionExpression: "#s", ExpressionAttributeNames: { "#s": "status" } }))).Item;
  return item ? json(200, { id, status: item.status?.S }) : json(404, { error: `no order ${id}` });
}
