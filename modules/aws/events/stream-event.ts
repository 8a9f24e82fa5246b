import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import type { Construct } from "constructs";
import { lookupAction } from "../../core/policy/iam-actions";
import { toDocumentStatement, type PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { arnOf, booleanValue, integerBetween, oneOf } from "../../core/rules";
import { dependent, instanceOf, object, optional, required, type TypeOf } from "../../core/schema";
import { receivedInstead } from "../../core/validation";
import { keyStatement } from "../function-grants";
import { Table } from "../table";
import { destinationArn, destinationStatement, STREAM_FAILURE_DESTINATIONS } from "./destinations";
import { EVENT_IDENTITY_FIELDS, type EventIdentity } from "./event-identity";
import type { EventBinding, EventTarget } from "./event-target";
import { sourceArn } from "./references";
import { BATCHING_WINDOW, FILTER_PATTERNS, polledMappingConfig } from "./polling";

const STREAM_ARN = {
  "dynamodb-stream": arnOf("dynamodb", "a DynamoDB stream ARN (table.streamArn)", /^table\/[A-Za-z0-9_.-]{3,255}\/stream\/.+$/),
  kinesis: arnOf("kinesis", "a Kinesis data stream ARN", /^stream\/[A-Za-z0-9_.-]{1,128}$/),
} as const;

/** The stream's ARN: its service follows the event's `type` (a Kinesis ARN is no DynamoDB stream). */
const STREAM_ARN_OF_TYPE = dependent(`${STREAM_ARN["dynamodb-stream"].description} for dynamodb-stream, ${STREAM_ARN.kinesis.description} for kinesis`, (event) =>
  event.type === "kinesis" ? sourceArn(STREAM_ARN.kinesis, "kinesis") : sourceArn(STREAM_ARN["dynamodb-stream"], "dynamodb"),
);

const STREAM_EVENT = object(
  {
    /** `"dynamodb-stream"` or `"kinesis"`. */
    type: required(oneOf(["dynamodb-stream", "kinesis"] as const)),
    /** For `dynamodb-stream`: the `Table` whose stream is read (it must have `stream`). Exactly one of `table`, `streamArn`. @default none */
    table: optional(instanceOf(Table, "a Table (the construct; or give streamArn)", { sameStack: true })),
    /** ARN of the stream: a literal ARN, or `stream_arn` of a raw `DynamodbTable` (DynamoDB), `arn` of a `KinesisStream`. @default none (required for kinesis) */
    streamArn: optional(STREAM_ARN_OF_TYPE),
    /** Where a new mapping starts reading. @default "LATEST" */
    startingPosition: optional(oneOf(["LATEST", "TRIM_HORIZON"] as const)),
    /** Records per batch, 1 to 10000. @default 100 */
    batchSize: optional(integerBetween(1, 10000, "records")),
    /** Seconds Lambda gathers records before invoking, 0 to 300. @default 0 */
    maxBatchingWindowSeconds: optional(BATCHING_WINDOW),
    /**
     * The handler returns `{ batchItemFailures: [{ itemIdentifier: sequenceNumber }] }`: Lambda
     * retries from the first failed record instead of the whole batch.
     * @default true
     */
    reportBatchItemFailures: optional(booleanValue),
    /** Split a failing batch in two and retry each half. @default false */
    bisectBatchOnError: optional(booleanValue),
    /** Retries of a failing batch, -1 (until the record expires) to 10000. @default -1 */
    maxRetryAttempts: optional(integerBetween(-1, 10000)),
    /** Oldest record sent to the function, in seconds: -1 (no limit) or 60 to 604800. @default -1 */
    maxRecordAgeSeconds: optional<number>({
      description: "-1 (no limit) or an integer from 60 to 604800 (seconds)",
      test: (s) => s === -1 || (Number.isInteger(s) && s >= 60 && s <= 604800),
    }),
    /** SQS queue or SNS topic that receives the metadata of batches that failed every retry. @default none */
    onFailureDestinationArn: optional(destinationArn(STREAM_FAILURE_DESTINATIONS)),
    /** Event filter patterns (objects, at most 5): only matching records invoke the function. @default none */
    filterPatterns: optional(FILTER_PATTERNS),
    ...EVENT_IDENTITY_FIELDS,
  },
  {
    refine(event, r) {
      if (event.type === "kinesis") {
        if (event.table !== undefined) r.fail("table", "unset for a kinesis event (give the stream's streamArn)", receivedInstead(event.table));
        else if (event.streamArn === undefined) r.fail("streamArn", "set (the Kinesis stream's ARN)", undefined);
        return;
      }
      if ((event.table === undefined) === (event.streamArn === undefined)) {
        r.fail("table | streamArn", "exactly one of table (a Table) and streamArn", event.table === undefined ? "neither" : "both");
      } else if (event.table instanceof Table && event.table.streamArn === undefined) {
        r.fail("table", `a Table with a stream: ${event.table.node.path} has none (give it stream: "NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE" or "KEYS_ONLY")`, event.table.node.path);
      }
    },
  },
);

/** A DynamoDB stream or a Kinesis data stream read by Lambda, shard by shard (an event source mapping). */
export interface StreamEvent extends TypeOf<typeof STREAM_EVENT> {}
export const STREAM_EVENT_SCHEMA = STREAM_EVENT.named<StreamEvent>();

/**
 * What Lambda's poller calls, per source (Lambda Developer Guide, "execution role permissions" of
 * DynamoDB Streams and Kinesis). Kinesis needs no `kinesis:ListStreams`: the mapping names its stream.
 */
const STREAM_READ_ACTIONS = {
  "dynamodb-stream": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
  kinesis: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
} as const;
/** Listed by Lambda for DynamoDB streams; granted on the stream when AWS can scope it, else on "*". */
const DYNAMODB_LIST_STREAMS = "dynamodb:ListStreams";

/** The ARN of the stream an event reads: its `Table`'s stream, or `streamArn`. */
export function streamArnOf(event: StreamEvent): string {
  return event.table?.streamArn ?? event.streamArn!;
}

/**
 * What the poller does with the role: read this one stream (and list streams, which DynamoDB
 * authorizes on "*" only), decrypt it through DynamoDB when its `Table` has a customer-managed key,
 * and send failed batches to the on-failure destination. `sid` is the event's.
 */
export function streamEventStatements(scope: Construct | undefined, event: StreamEvent, sid: string): PolicyDocumentStatement[] {
  const streamArn = streamArnOf(event);
  const statements: PolicyDocumentStatement[] = [{ sid: `${sid}ReadStream`, effect: "Allow", actions: [...STREAM_READ_ACTIONS[event.type]], resources: [streamArn] }];
  if (event.type === "dynamodb-stream") {
    const wildcardOnly = lookupAction(DYNAMODB_LIST_STREAMS)?.wildcardOnly ?? true;
    statements.push({ sid: `${sid}ListStreams`, effect: "Allow", actions: [DYNAMODB_LIST_STREAMS], resources: [wildcardOnly ? "*" : streamArn] });
  }
  const key = event.table?.kmsKeyArn;
  if (key !== undefined && scope !== undefined) {
    const { sid: keySid, ...statement } = keyStatement(scope, `${sid}DecryptStream`, key, ["kms:Decrypt"], "dynamodb", `table ${event.table!.tableName}`);
    statements.push(toDocumentStatement(statement, keySid));
  }
  if (event.onFailureDestinationArn !== undefined) statements.push(destinationStatement(`${sid}SendFailedBatches`, event.onFailureDestinationArn));
  return statements;
}

export function bindStreamEvent(target: EventTarget, event: StreamEvent, identity: EventIdentity): EventBinding {
  new LambdaEventSourceMapping(identity, "Mapping", {
    eventSourceArn: streamArnOf(event),
    functionName: target.invokeTargetArn,
    startingPosition: event.startingPosition ?? "LATEST",
    batchSize: event.batchSize,
    bisectBatchOnFunctionError: event.bisectBatchOnError,
    maximumRetryAttempts: event.maxRetryAttempts,
    maximumRecordAgeInSeconds: event.maxRecordAgeSeconds,
    destinationConfig:
      event.onFailureDestinationArn !== undefined ? { onFailure: { destinationArn: event.onFailureDestinationArn } } : undefined,
    ...polledMappingConfig(event),
    tags: target.tags,
  });
  return { statements: streamEventStatements(target.scope, event, identity.sid) };
}
