import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { json, log, required, type Order } from "./shared";

const dynamo = new DynamoDBClient({});
const sqs = new SQSClient({});

/** A new order from a request body: a customer and a positive total in cents, or why not. */
export function newOrder(body: string | undefined, id: string): Order | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? "");
  } catch {
    return "the body is not JSON";
  }
  const { customerId, totalCents } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof customerId !== "string" || customerId === "") return "customerId must be a non-empty string";
  if (typeof totalCents !== "number" || !Number.isInteger(totalCents) || totalCents <= 0) return "totalCents must be a positive integer";
  return { id, customerId, totalCents, status: "PLACED" };
}

/** POST /orders: stores the order and queues it for the worker. */
export async function create(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const order = newOrder(event.body, randomUUID());
  if (typeof order === "string") return json(400, { error: order });
  await dynamo.send(
    new PutItemCommand({
      TableName: required("ORDERS_TABLE"),
      Item: { id: { S: order.id }, customerId: { S: order.customerId }, totalCents: { N: String(order.totalCents) }, status: { S: order.status } },
      ConditionExpression: "attribute_not_exists(id)",
    }),
  );
  await sqs.send(new SendMessageCommand({ QueueUrl: required("JOBS_QUEUE_URL"), MessageBody: JSON.stringify({ orderId: order.id }) }));
  log("order placed", { orderId: order.id });
  return json(201, order);
}

/** GET /orders/{id}: the order, or 404. */
export async function get(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const id = event.pathParameters?.id;
  if (!id) return json(400, { error: "no order id" });
  const item = (await dynamo.send(new GetItemCommand({ TableName: required("ORDERS_TABLE"), Key: { id: { S: id } } }))).Item;
  if (!item) return json(404, { error: `no order ${id}` });
  return json(200, { id, customerId: item.customerId?.S, totalCents: Number(item.totalCents?.N), status: item.status?.S });
}
