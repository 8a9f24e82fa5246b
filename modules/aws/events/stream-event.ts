import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import type { AllKeysListed } from "../../core/known-keys";
import { lookupAction } from "../../core/policy/iam-actions";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { arnOf, booleanValue, integerBetween, oneOf } from "../../core/rules";
import type { Validator } from "../../core/validation";
import { destinationStatement, STREAM_FAILURE_DESTINATIONS, validateDestination } from "./destinations";
import type { EventBinding, EventTarget } from "./event-target";
import { validateSourceArn } from "./references";
import { polledMappingConfig, validatePolledCommon, type FilterPattern } from "./polling";

/** A DynamoDB stream or a Kinesis data stream read by Lambda, shard by shard (an event source mapping). */
export interface StreamEvent {
  readonly type: "dynamodb-stream" | "kinesis";
  /** ARN of the stream: `table.streamArn` (DynamoDB) or `stream.arn` (Kinesis), or a literal ARN. */
  readonly streamArn: string;
  /** Where a new mapping starts reading. @default "LATEST" */
  readonly startingPosition?: "LATEST" | "TRIM_HORIZON";
  /** Records per batch, 1 to 10000. @default 100 */
  readonly batchSize?: number;
  /** Seconds Lambda gathers records before invoking, 0 to 300. @default 0 */
  readonly maxBatchingWindowSeconds?: number;
  /**
   * The handler returns `{ batchItemFailures: [{ itemIdentifier: sequenceNumber }] }`: Lambda
   * retries from the first failed record instead of the whole batch.
   * @default true
   */
  readonly reportBatchItemFailures?: boolean;
  /** Split a failing batch in two and retry each half. @default false */
  readonly bisectBatchOnError?: boolean;
  /** Retries of a failing batch, -1 (until the record expires) to 10000. @default -1 */
  readonly maxRetryAttempts?: number;
  /** Oldest record sent to the function, in seconds: -1 (no limit) or 60 to 604800. @default -1 */
  readonly maxRecordAgeSeconds?: number;
  /** SQS queue or SNS topic that receives the metadata of batches that failed every retry. @default none */
  readonly onFailureDestinationArn?: string;
  /** Event filter patterns (objects, at most 5): only matching records invoke the function. @default none */
  readonly filterPatterns?: readonly FilterPattern[];
}

export const STREAM_EVENT_KEYS = [
  "type",
  "streamArn",
  "startingPosition",
  "batchSize",
  "maxBatchingWindowSeconds",
  "reportBatchItemFailures",
  "bisectBatchOnError",
  "maxRetryAttempts",
  "maxRecordAgeSeconds",
  "onFailureDestinationArn",
  "filterPatterns",
] as const satisfies readonly (keyof StreamEvent)[];
export type StreamEventKeysComplete = AllKeysListed<Exclude<keyof StreamEvent, (typeof STREAM_EVENT_KEYS)[number]>>;

const STREAM_ARN = {
  "dynamodb-stream": arnOf("dynamodb", "a DynamoDB stream ARN (table.streamArn)", /^table\/[A-Za-z0-9_.-]{3,255}\/stream\/.+$/),
  kinesis: arnOf("kinesis", "a Kinesis data stream ARN", /^stream\/[A-Za-z0-9_.-]{1,128}$/),
} as const;

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

export function validateStreamEvent(v: Validator, at: string, event: StreamEvent): void {
  validateSourceArn(v, `${at}.streamArn`, event.streamArn, STREAM_ARN[event.type], event.type === "kinesis" ? "kinesis" : "dynamodb");
  v.check(`${at}.startingPosition`, event.startingPosition, oneOf(["LATEST", "TRIM_HORIZON"] as const));
  v.check(`${at}.batchSize`, event.batchSize, integerBetween(1, 10000, "records"));
  v.check(`${at}.bisectBatchOnError`, event.bisectBatchOnError, booleanValue);
  v.check(`${at}.maxRetryAttempts`, event.maxRetryAttempts, integerBetween(-1, 10000));
  v.check(`${at}.maxRecordAgeSeconds`, event.maxRecordAgeSeconds, {
    description: "-1 (no limit) or an integer from 60 to 604800 (seconds)",
    test: (s) => s === -1 || (Number.isInteger(s) && s >= 60 && s <= 604800),
  });
  validateDestination(v, `${at}.onFailureDestinationArn`, event.onFailureDestinationArn, STREAM_FAILURE_DESTINATIONS);
  validatePolledCommon(v, at, event);
}

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
