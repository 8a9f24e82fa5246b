import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { lookupAction } from "../../core/policy/iam-actions";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { arnOf, booleanValue, integerBetween, oneOf } from "../../core/rules";
import { dependent, object, optional, required, type TypeOf } from "../../core/schema";
import { destinationArn, destinationStatement, STREAM_FAILURE_DESTINATIONS } from "./destinations";
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
    /** ARN of the stream: `table.streamArn` (DynamoDB) or `stream.arn` (Kinesis), or a literal ARN. */
    streamArn: required(STREAM_ARN_OF_TYPE),
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

export function streamEventStatements(event: StreamEvent, n: number): PolicyDocumentStatement[] {
  const statements: PolicyDocumentStatement[] = [
    { sid: `Event${n}ReadStream`, effect: "Allow", actions: [...STREAM_READ_ACTIONS[event.type]], resources: [event.streamArn] },
  ];
  if (event.type === "dynamodb-stream") {
    const wildcardOnly = lookupAction(DYNAMODB_LIST_STREAMS)?.wildcardOnly ?? true;
    statements.push({ sid: `Event${n}ListStreams`, effect: "Allow", actions: [DYNAMODB_LIST_STREAMS], resources: [wildcardOnly ? "*" : event.streamArn] });
  }
  if (event.onFailureDestinationArn !== undefined) statements.push(destinationStatement(`Event${n}SendFailedBatches`, event.onFailureDestinationArn));
  return statements;
}

export function bindStreamEvent(target: EventTarget, event: StreamEvent, n: number): EventBinding {
  new LambdaEventSourceMapping(target.scope, `Event${n}Mapping`, {
    eventSourceArn: event.streamArn,
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
  return { statements: streamEventStatements(event, n) };
}
