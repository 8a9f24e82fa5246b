import type { Construct } from "constructs";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { list, variants, type TypeOf } from "../../core/schema";
import { isUnresolved, type Validator } from "../../core/validation";
import type { EventBinding, EventTarget } from "./event-target";
import { bindEventBridgeEvent, EVENTBRIDGE_EVENT_SCHEMA, type EventBridgeEvent } from "./eventbridge-event";
import { bindS3Event, checkS3Notification, S3_EVENT_SCHEMA, type EarlierS3Filters, type S3Event } from "./s3-event";
import { referenceOf } from "./references";
import { bindScheduleEvent, SCHEDULE_EVENT_SCHEMA, type ScheduleEvent } from "./schedule-event";
import { bindSnsEvent, SNS_EVENT_SCHEMA, type SnsEvent } from "./sns-event";
import { bindSqsEvent, SQS_EVENT_SCHEMA, sqsEventStatements, type SqsEvent } from "./sqs-event";
import { bindStreamEvent, STREAM_EVENT_SCHEMA, streamEventStatements, type StreamEvent } from "./stream-event";

export type { EventBridgeEvent, S3Event, ScheduleEvent, SnsEvent, SqsEvent, StreamEvent };

/** The schema of each event type, by `type`. */
const EVENT_SCHEMAS = {
  sqs: SQS_EVENT_SCHEMA,
  "dynamodb-stream": STREAM_EVENT_SCHEMA,
  kinesis: STREAM_EVENT_SCHEMA,
  s3: S3_EVENT_SCHEMA,
  sns: SNS_EVENT_SCHEMA,
  schedule: SCHEDULE_EVENT_SCHEMA,
  eventbridge: EVENTBRIDGE_EVENT_SCHEMA,
} as const;

export const FUNCTION_EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as readonly (keyof typeof EVENT_SCHEMAS)[];

/** One event source, told apart by `type`: each type has its own keys and rules. */
const FUNCTION_EVENT = variants("type", EVENT_SCHEMAS, {
  expected: `an event source object { type: ${FUNCTION_EVENT_TYPES.map((t) => JSON.stringify(t)).join(" | ")}, ... }`,
});

/** What invokes a function besides `HttpApi`: one event source, told apart by `type`. */
export type FunctionEvent = TypeOf<typeof FUNCTION_EVENT>;

/**
 * A function's `events`: a list of event sources, each checked by its type's schema; then what spans
 * events: a source polled twice, S3 notifications of one bucket that overlap.
 */
export const FUNCTION_EVENTS = list(FUNCTION_EVENT, {
  of: "event sources ({ type, ... })",
  refine(events, r) {
    const polled = new Map<string, string>();
    const earlierS3: EarlierS3Filters = new Map();
    events.forEach((event, i) => {
      if (event === null || typeof event !== "object" || !(FUNCTION_EVENT_TYPES as readonly string[]).includes(event.type)) return;
      claimPolledSource(r.v, r.at(i), event, polled);
      if (event.type === "s3" && r.scope !== undefined) checkS3Notification(r.v, r.scope as Construct, r.at(i), event, earlierS3);
    });
  },
});

/**
 * Lambda keeps one event source mapping per source and function (a second one for the same queue
 * or stream fails at apply with ResourceConflictException): a source polled twice by one function
 * is refused, naming the event that has it. Sources are compared as literal ARNs or as the resource
 * attribute a reference points at.
 */
function claimPolledSource(v: Validator, at: string, event: FunctionEvent, polled: Map<string, string>): void {
  const [prop, arn] = event.type === "sqs" ? ["queueArn", event.queueArn] : event.type === "dynamodb-stream" || event.type === "kinesis" ? ["streamArn", event.streamArn] : [];
  if (prop === undefined || typeof arn !== "string" || arn === "") return;
  const ref = referenceOf(arn);
  const key = ref ? `${ref.stack?.node.path ?? ""}/${ref.address}.${ref.attribute}` : isUnresolved(arn) ? undefined : arn;
  if (key === undefined) return;
  const first = polled.get(key);
  if (first !== undefined) {
    v.fail(`${at}.${prop}`, `a source no other event of this function polls (Lambda keeps one event source mapping per source and function; ${first} has it: put both filters in its filterPatterns)`, arn);
  } else polled.set(key, at);
}

/** The role statements the events need (event `n` is `events[n - 1]`): polled sources only. */
export function eventStatements(events: readonly FunctionEvent[]): PolicyDocumentStatement[] {
  return events.flatMap((event, i) => {
    if (event.type === "sqs") return sqsEventStatements(event, i + 1);
    if (event.type === "dynamodb-stream" || event.type === "kinesis") return streamEventStatements(event, i + 1);
    return [];
  });
}

/** Creates the resources of one event source; returns the role statements it needs. */
export function bindEvent(target: EventTarget, event: FunctionEvent, n: number): EventBinding {
  switch (event.type) {
    case "sqs":
      return bindSqsEvent(target, event, n);
    case "dynamodb-stream":
    case "kinesis":
      return bindStreamEvent(target, event, n);
    case "s3":
      return bindS3Event(target, event, n);
    case "sns":
      return bindSnsEvent(target, event, n);
    case "schedule":
      return bindScheduleEvent(target, event, n);
    case "eventbridge":
      return bindEventBridgeEvent(target, event, n);
  }
}
