import type { LocalDynamo, LocalTable } from "../dynamodb";
import { authorizationsFor, type TableArns } from "../dynamodb-requests";
import type { TableStream } from "../events/table-stream";
import type { Access } from "./access";
import { awsError, jsonBody, jsonResponse, type AwsRequest, type AwsResponse, type Service } from "./protocol";

type Json = Record<string, unknown>;

/** What dynalite answers; everything else DynamoDB has is refused as not emulated. */
const DYNALITE_OPERATIONS = new Set([
  "BatchGetItem", "BatchWriteItem", "CreateTable", "DeleteItem", "DeleteTable", "DescribeTable", "DescribeTimeToLive", "GetItem", "ListTables",
  "PutItem", "Query", "Scan", "TagResource", "UntagResource", "ListTagsOfResource", "UpdateItem", "UpdateTable",
]);
const STREAM_OPERATIONS = ["ListStreams", "DescribeStream", "GetShardIterator", "GetRecords"];
const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"]);

/**
 * DynamoDB (dynalite, in this process) and DynamoDB Streams behind the endpoint. Each call is
 * first turned into the authorizations IAM checks for it; writes to a table with a stream are
 * serialised per table and recorded on its stream with the images before and after.
 */
export class DynamoDbService implements Service {
  readonly signingName = "dynamodb";
  readonly protocol = "json-1.0" as const;
  readonly actions = [...DYNALITE_OPERATIONS, ...STREAM_OPERATIONS].map((o) => `dynamodb:${o}`);
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly byName: Map<string, LocalTable>;

  constructor(
    private readonly dynamo: LocalDynamo,
    private readonly streams: ReadonlyMap<string, TableStream>,
    private readonly access: Access,
    private readonly where: TableArns,
  ) {
    this.byName = new Map(dynamo.tables.map((t) => [t.name, t]));
  }

  async handle(request: AwsRequest): Promise<AwsResponse> {
    const target = String(request.headers["x-amz-target"] ?? "");
    const input = jsonBody(request);
    if (!input) return awsError(this.protocol, 400, "SerializationException", "Start of structure or map found where not expected.", request.requestId);
    const streamsCall = /^DynamoDBStreams_20120810\.(\w+)$/.exec(target);
    if (streamsCall) return this.streamsApi(streamsCall[1], input, request);
    const operation = /^DynamoDB_20120810\.(\w+)$/.exec(target)?.[1];
    if (!operation) return awsError(this.protocol, 400, "UnknownOperationException", `unknown operation ${target}`, request.requestId);
    const authorizations = DYNALITE_OPERATIONS.has(operation) ? authorizationsFor(operation, input, this.where) : undefined;
    if (!authorizations) {
      this.access.notEmulated(request.caller, `dynamodb:${operation}`, `dynamodb:${operation}`);
      return awsError(this.protocol, 400, "UnknownOperationException", `dynamodb:${operation} is not emulated by npm run local`, request.requestId);
    }
    const refusal = await this.access.check(request.caller, authorizations);
    if (refusal) return awsError(this.protocol, 400, "AccessDeniedException", refusal.message, request.requestId);
    const answer = WRITES.has(operation) ? await this.recordedWrite(operation, input) : await this.dynamo.call(operation, input);
    return { status: answer.status, headers: { "content-type": "application/x-amz-json-1.0", ...answer.headers }, body: Buffer.from(answer.body, "utf8") };
  }

  /** A write, with the stream records of the items it changed (tables without a stream are not locked). */
  private async recordedWrite(operation: string, input: Json) {
    const touched = this.itemsTouched(operation, input).filter((t) => this.streams.has(t.table));
    if (touched.length === 0) return this.dynamo.call(operation, input);
    const tables = [...new Set(touched.map((t) => t.table))].sort();
    return this.locked(tables, async () => {
      const before = await Promise.all(touched.map((t) => this.read(t.table, t.key)));
      const answer = await this.dynamo.call(operation, input);
      if (answer.status !== 200) return answer;
      const after = await Promise.all(touched.map((t) => this.read(t.table, t.key)));
      touched.forEach((t, i) => this.streams.get(t.table)!.write(t.key, before[i], after[i]));
      return answer;
    });
  }

  private itemsTouched(operation: string, input: Json): { table: string; key: Json }[] {
    const keyOf = (table: string, item: unknown): Json => {
      const names = this.byName.get(table)?.keyNames ?? [];
      return Object.fromEntries(names.map((n) => [n, (item as Json | undefined)?.[n]]).filter(([, v]) => v !== undefined));
    };
    const table = String(input.TableName ?? "").replace(/^arn:[^:]+:dynamodb:[^:]*:\d*:table\//, "");
    switch (operation) {
      case "PutItem":
        return [{ table, key: keyOf(table, input.Item) }];
      case "UpdateItem":
      case "DeleteItem":
        return [{ table, key: keyOf(table, input.Key) }];
      case "BatchWriteItem":
        return Object.entries((input.RequestItems ?? {}) as Record<string, Json[]>).flatMap(([name, writes]) =>
          (writes ?? []).map((w) => ({ table: name, key: keyOf(name, (w.PutRequest as Json | undefined)?.Item ?? (w.DeleteRequest as Json | undefined)?.Key) })),
        );
      default:
        return [];
    }
  }

  private async read(table: string, key: Json): Promise<Json | undefined> {
    const answer = await this.dynamo.call("GetItem", { TableName: table, Key: key, ConsistentRead: true });
    return answer.status === 200 ? ((JSON.parse(answer.body) as { Item?: Json }).Item ?? undefined) : undefined;
  }

  private async locked<T>(tables: readonly string[], work: () => Promise<T>): Promise<T> {
    const previous = Promise.all(tables.map((t) => this.locks.get(t)));
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    for (const t of tables) this.locks.set(t, settled);
    return run;
  }

  /** DynamoDB Streams' read API over the tables' streams (one shard each). */
  private async streamsApi(operation: string, input: Json, request: AwsRequest): Promise<AwsResponse> {
    const streamOf = (arn: unknown) => [...this.streams.values()].find((s) => s.arn === arn);
    const shardIteratorStream = (iterator: unknown) => {
      const [arn, position] = String(iterator ?? "").split("|");
      return { stream: streamOf(arn), position: Number(position) };
    };
    const resource = operation === "ListStreams" ? "*" : operation === "GetRecords" ? String(shardIteratorStream(input.ShardIterator).stream?.arn ?? "*") : String(input.StreamArn ?? "*");
    const refusal = await this.access.check(request.caller, [{ action: `dynamodb:${operation}`, resource, context: {} }]);
    if (refusal) return awsError(this.protocol, 400, "AccessDeniedException", refusal.message, request.requestId);
    const notFound = () => awsError(this.protocol, 400, "ResourceNotFoundException", "Requested resource not found", request.requestId);
    switch (operation) {
      case "ListStreams":
        return jsonResponse(this.protocol, {
          Streams: [...this.streams.values()]
            .filter((s) => input.TableName === undefined || s.table.name === input.TableName)
            .map((s) => ({ StreamArn: s.arn, TableName: s.table.name, StreamLabel: s.arn.split("/stream/")[1] })),
        });
      case "DescribeStream": {
        const stream = streamOf(input.StreamArn);
        if (!stream) return notFound();
        const first = stream.from(0)[0]?.record.dynamodb.SequenceNumber;
        return jsonResponse(this.protocol, {
          StreamDescription: {
            StreamArn: stream.arn,
            StreamLabel: stream.arn.split("/stream/")[1],
            StreamStatus: "ENABLED",
            StreamViewType: stream.table.stream.viewType,
            TableName: stream.table.name,
            KeySchema: stream.table.keyNames.map((n, i) => ({ AttributeName: n, KeyType: i === 0 ? "HASH" : "RANGE" })),
            Shards: [{ ShardId: stream.shardId, SequenceNumberRange: { StartingSequenceNumber: first ?? "100000000000000000001" } }],
          },
        });
      }
      case "GetShardIterator": {
        const stream = streamOf(input.StreamArn);
        if (!stream || input.ShardId !== stream.shardId) return notFound();
        const type = String(input.ShardIteratorType);
        const seq = String(input.SequenceNumber ?? "");
        const records = stream.from(0);
        const at = records.findIndex((r) => r.record.dynamodb.SequenceNumber === seq);
        const position = type === "TRIM_HORIZON" ? 0 : type === "LATEST" ? stream.length : type === "AT_SEQUENCE_NUMBER" ? at : type === "AFTER_SEQUENCE_NUMBER" ? at + 1 : -1;
        if (position < 0) return awsError(this.protocol, 400, "ValidationException", `no record with sequence number ${seq} (${type})`, request.requestId);
        return jsonResponse(this.protocol, { ShardIterator: `${stream.arn}|${position}` });
      }
      case "GetRecords": {
        const { stream, position } = shardIteratorStream(input.ShardIterator);
        if (!stream || !Number.isInteger(position)) return awsError(this.protocol, 400, "ValidationException", "Invalid ShardIterator", request.requestId);
        const limit = Math.min(Number(input.Limit ?? 1000), 1000);
        const records = stream.from(position).slice(0, limit).map((r) => r.record);
        return jsonResponse(this.protocol, { Records: records, NextShardIterator: `${stream.arn}|${position + records.length}` });
      }
      default:
        this.access.notEmulated(request.caller, `dynamodb:${operation}`, `DynamoDB Streams ${operation}`);
        return awsError(this.protocol, 400, "UnknownOperationException", `DynamoDB Streams ${operation} is not emulated by npm run local`, request.requestId);
    }
  }
}
