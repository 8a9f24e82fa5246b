import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { PassThrough } from "node:stream";
import { block as first, blocks, type Config } from "../../modules/core/terraform";
import { blocksAs, pathOf, type Stack } from "./stack";
import { LocalValues } from "./values";

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

/** CreateTable requests for the stack's tables (what the catalog says is emulated as a table): keys, indexes, billing and streams as declared. */
export function tablesOf(stack: Stack): LocalTable[] {
  const values = new LocalValues(stack);
  return blocksAs(stack, "table").map((block) => {
    const path = pathOf(block);
    const config = block.config;
    const str = (value: unknown) => values.text(value, path);
    const name = str(config.name);
    const keySchema = (hash: unknown, range: unknown) => [
      { AttributeName: str(hash), KeyType: "HASH" },
      ...(range !== undefined ? [{ AttributeName: str(range), KeyType: "RANGE" }] : []),
    ];
    const projection = (index: Config) => ({
      ProjectionType: index.projection_type === undefined ? "ALL" : str(index.projection_type),
      ...(index.non_key_attributes !== undefined && { NonKeyAttributes: values.texts(index.non_key_attributes, path) }),
    });
    const provisioned = config.billing_mode === "PROVISIONED" || (config.billing_mode === undefined && config.read_capacity !== undefined);
    const throughput = (b: Config) => ({ ReadCapacityUnits: values.number(b.read_capacity, 1, path), WriteCapacityUnits: values.number(b.write_capacity, 1, path) });
    const gsis = blocks(config.global_secondary_index).map((index) => ({
      IndexName: str(index.name),
      KeySchema: keySchema(index.hash_key, index.range_key),
      Projection: projection(index),
      ...(provisioned && { ProvisionedThroughput: throughput(index) }),
    }));
    const lsis = blocks(config.local_secondary_index).map((index) => ({
      IndexName: str(index.name),
      KeySchema: keySchema(config.hash_key, index.range_key),
      Projection: projection(index),
    }));
    const notEmulated: string[] = [];
    if (first(config.ttl)?.enabled === true) notEmulated.push("time to live: items do not expire");
    if (blocks(config.replica).length > 0) notEmulated.push("replicas");
    const streamed = config.stream_enabled === true;
    const viewType = streamed ? str(config.stream_view_type) : undefined;
    const createTable = {
      TableName: name,
      AttributeDefinitions: blocks(config.attribute).map((a) => ({ AttributeName: str(a.name), AttributeType: str(a.type) })),
      KeySchema: keySchema(config.hash_key, config.range_key),
      ...(provisioned ? { BillingMode: "PROVISIONED", ProvisionedThroughput: throughput(config) } : { BillingMode: "PAY_PER_REQUEST" }),
      ...(gsis.length > 0 && { GlobalSecondaryIndexes: gsis }),
      ...(lsis.length > 0 && { LocalSecondaryIndexes: lsis }),
      ...(streamed && { StreamSpecification: { StreamEnabled: true, StreamViewType: viewType } }),
    };
    return {
      path,
      name,
      arn: values.attribute(block.address, "arn", path),
      hashKey: str(config.hash_key),
      keyNames: [str(config.hash_key), ...(config.range_key !== undefined ? [str(config.range_key)] : [])],
      ...(streamed && { stream: { arn: values.attribute(block.address, "stream_arn", path), viewType: viewType! } }),
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
