import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { PassThrough } from "node:stream";
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
  /** The key attributes: hash, then range. */
  readonly keyNames: readonly string[];
  readonly stream?: { readonly arn: string; readonly viewType: string };
  readonly createTable: Record<string, unknown>;
  /** Declared settings dynalite does not reproduce. */
  readonly notEmulated: readonly string[];
}

export interface LocalDynamo {
  readonly tables: readonly LocalTable[];
  /** One DynamoDB API call, answered by dynalite in this process (it listens on no port). */
  call(operation: string, input: unknown): Promise<DynamoAnswer>;
  close(): Promise<void>;
}

export interface DynamoAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
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
    return {
      path,
      name,
      arn: refs.resolve(`\${aws_dynamodb_table.${key}.arn}`, path),
      hashKey: str(block.hash_key),
      keyNames: [str(block.hash_key), ...(block.range_key !== undefined ? [str(block.range_key)] : [])],
      ...(block.stream_enabled === true && { stream: { arn: refs.resolve(`\${aws_dynamodb_table.${key}.stream_arn}`, path), viewType: String(block.stream_view_type) } }),
      createTable,
      notEmulated,
    };
  });
}

/**
 * An in-memory dynalite with the stack's tables created and active. It is never bound to a port:
 * its request handler is called in this process, so the checking endpoint is the only way in.
 */
export async function startDynamo(tables: readonly LocalTable[]): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const handler = server.listeners("request")[0] as (req: IncomingMessage, res: ServerResponse) => void;
  const call = (operation: string, input: unknown) => callHandler(handler, operation, input);
  for (const table of tables) {
    const { status, body } = await call("CreateTable", table.createTable);
    if (status !== 200) throw new Error(`${table.path}: the local DynamoDB refused table ${table.name}: ${body}`);
  }
  // Tables are ACTIVE once the creation timer (0 ms) has fired.
  for (const table of tables) {
    for (let i = 0; ; i++) {
      const { body } = await call("DescribeTable", { TableName: table.name });
      if ((JSON.parse(body) as { Table?: { TableStatus?: string } }).Table?.TableStatus === "ACTIVE") break;
      if (i > 100) throw new Error(`table ${table.name} did not become ACTIVE`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return { tables, call, close: async () => undefined };
}

/** dynalite's HTTP handler, called with an in-memory request and response. */
function callHandler(handler: (req: IncomingMessage, res: ServerResponse) => void, operation: string, input: unknown): Promise<DynamoAnswer> {
  const body = Buffer.from(JSON.stringify(input), "utf8");
  return new Promise((resolve, reject) => {
    const req = Object.assign(new PassThrough(), {
      method: "POST",
      url: "/",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": `DynamoDB_20120810.${operation}`,
        // dynalite wants a SigV4-shaped header and checks no signature: the endpoint has verified the caller's.
        authorization: "AWS4-HMAC-SHA256 Credential=local/20000101/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0",
        "x-amz-date": "20000101T000000Z",
        "content-length": String(body.length),
      },
    });
    const headers: Record<string, string> = {};
    const res = {
      statusCode: 200,
      contentType: "",
      setHeader(name: string, value: unknown) {
        headers[name.toLowerCase()] = String(value);
      },
      end(text?: string | Buffer) {
        resolve({ status: this.statusCode, headers, body: text === undefined ? "" : String(text) });
      },
    };
    try {
      handler(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    } catch (error) {
      reject(error as Error);
    }
    req.end(body);
  });
}
