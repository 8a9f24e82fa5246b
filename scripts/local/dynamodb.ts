import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { References } from "./references";
import { nested, nestedList, pathOf, resourcesOf, type Block, type Stack } from "./stack";

// dynalite has no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;

/** A table of the stack, as its CreateTable request, with its key schema for the IAM check. */
export interface LocalTable {
  readonly path: string;
  readonly name: string;
  readonly arn: string;
  readonly hashKey: string;
  readonly createTable: Record<string, unknown>;
  /** Declared settings dynalite does not reproduce. */
  readonly notEmulated: readonly string[];
}

export interface LocalDynamo {
  readonly endpoint: string;
  readonly tables: readonly LocalTable[];
  close(): Promise<void>;
}

/** CreateTable requests for the stack's `aws_dynamodb_table`s: keys, indexes, billing and streams as declared. */
export function tablesOf(stack: Stack): LocalTable[] {
  const refs = new References(stack);
  return resourcesOf(stack, "aws_dynamodb_table").map(([key, block]) => {
    const path = pathOf(block, "aws_dynamodb_table", key);
    const name = refs.resolve(String(block.name), path);
    const str = (value: unknown) => refs.resolve(String(value), path);
    const keySchema = (hash: unknown, range: unknown) => [
      { AttributeName: str(hash), KeyType: "HASH" },
      ...(range !== undefined ? [{ AttributeName: str(range), KeyType: "RANGE" }] : []),
    ];
    const projection = (index: Block) => ({
      ProjectionType: String(index.projection_type ?? "ALL"),
      ...(Array.isArray(index.non_key_attributes) && { NonKeyAttributes: index.non_key_attributes.map(str) }),
    });
    const provisioned = block.billing_mode === "PROVISIONED" || (block.billing_mode === undefined && block.read_capacity !== undefined);
    const throughput = (b: Block) => ({ ReadCapacityUnits: Number(b.read_capacity ?? 1), WriteCapacityUnits: Number(b.write_capacity ?? 1) });
    const gsis = nestedList(block, "global_secondary_index").map((index) => ({
      IndexName: str(index.name),
      KeySchema: keySchema(index.hash_key, index.range_key),
      Projection: projection(index),
      ...(provisioned && { ProvisionedThroughput: throughput(index) }),
    }));
    const lsis = nestedList(block, "local_secondary_index").map((index) => ({
      IndexName: str(index.name),
      KeySchema: keySchema(block.hash_key, index.range_key),
      Projection: projection(index),
    }));
    const notEmulated: string[] = [];
    if (block.stream_enabled === true) notEmulated.push(`stream (${String(block.stream_view_type)}): invoke its consumer with a stream event (invoke --event)`);
    if (nested(block, "ttl")?.enabled === true) notEmulated.push("time to live: items do not expire");
    if (nestedList(block, "replica").length > 0) notEmulated.push("replicas");
    const createTable = {
      TableName: name,
      AttributeDefinitions: nestedList(block, "attribute").map((a) => ({ AttributeName: str(a.name), AttributeType: String(a.type) })),
      KeySchema: keySchema(block.hash_key, block.range_key),
      ...(provisioned ? { BillingMode: "PROVISIONED", ProvisionedThroughput: throughput(block) } : { BillingMode: "PAY_PER_REQUEST" }),
      ...(gsis.length > 0 && { GlobalSecondaryIndexes: gsis }),
      ...(lsis.length > 0 && { LocalSecondaryIndexes: lsis }),
      ...(block.stream_enabled === true && { StreamSpecification: { StreamEnabled: true, StreamViewType: String(block.stream_view_type) } }),
    };
    return { path, name, arn: refs.resolve(`\${aws_dynamodb_table.${key}.arn}`, path), hashKey: str(block.hash_key), createTable, notEmulated };
  });
}

/** An in-memory dynalite on 127.0.0.1 with the stack's tables created and active. */
export async function startDynamo(tables: readonly LocalTable[]): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  try {
    for (const table of tables) {
      const { status, body } = await dynamoCall(endpoint, "CreateTable", table.createTable);
      if (status !== 200) throw new Error(`${table.path}: the local DynamoDB refused table ${table.name}: ${body}`);
    }
    // Tables are ACTIVE once the creation timer (0 ms) has fired.
    for (const table of tables) {
      for (let i = 0; ; i++) {
        const { body } = await dynamoCall(endpoint, "DescribeTable", { TableName: table.name });
        if ((JSON.parse(body) as { Table?: { TableStatus?: string } }).Table?.TableStatus === "ACTIVE") break;
        if (i > 100) throw new Error(`table ${table.name} did not become ACTIVE`);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { endpoint, tables, close };
}

/** One DynamoDB API call to `endpoint` (dynalite needs an Authorization header but checks no signature). */
export function dynamoCall(endpoint: string, operation: string, input: unknown): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(input);
  return new Promise((resolve, reject) => {
    const req = request(
      `${endpoint}/`,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": `DynamoDB_20120810.${operation}`,
          authorization: "AWS4-HMAC-SHA256 Credential=local/20000101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0",
          "x-amz-date": "20000101T000000Z",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
