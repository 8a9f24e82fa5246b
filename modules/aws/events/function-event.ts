import type { Construct } from "constructs";
import type { AllKeysListed } from "../../core/known-keys";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { oneOf } from "../../core/rules";
import { isUnresolved, type Validator } from "../../core/validation";
import type { EventBinding, EventTarget } from "./event-target";
import { bindEventBridgeEvent, EVENTBRIDGE_EVENT_KEYS, validateEventBridgeEvent, type EventBridgeEvent } from "./eventbridge-event";
import { bindS3Event, S3_EVENT_KEYS, validateS3Event, type EarlierS3Filters, type S3Event } from "./s3-event";
import { referenceOf } from "./references";
import { bindScheduleEvent, SCHEDULE_EVENT_KEYS, validateScheduleEvent, type ScheduleEvent } from "./schedule-event";
import { bindSnsEvent, SNS_EVENT_KEYS, validateSnsEvent, type SnsEvent } from "./sns-event";
import { bindSqsEvent, SQS_EVENT_KEYS, sqsEventStatements, validateSqsEvent, type SqsEvent } from "./sqs-event";
import { bindStreamEvent, STREAM_EVENT_KEYS, streamEventStatements, validateStreamEvent, type StreamEvent } from "./stream-event";

export type { EventBridgeEvent, S3Event, ScheduleEvent, SnsEvent, SqsEvent, StreamEvent };

/** What invokes a function besides `HttpApi`: one event source, told apart by `type`. */
export type FunctionEvent = SqsEvent | StreamEvent | S3Event | SnsEvent | ScheduleEvent | EventBridgeEvent;

export const FUNCTION_EVENT_TYPES = ["sqs", "dynamodb-stream", "kinesis", "s3", "sns", "schedule", "eventbridge"] as const satisfies readonly FunctionEvent["type"][];
/** Compiles only when every type of the union is listed. */
export type FunctionEventTypesComplete = AllKeysListed<Exclude<FunctionEvent["type"], (typeof FUNCTION_EVENT_TYPES)[number]>>;

const KEYS: Readonly<Record<FunctionEvent["type"], readonly string[]>> = {
  sqs: SQS_EVENT_KEYS,
  "dynamodb-stream": STREAM_EVENT_KEYS,
  kinesis: STREAM_EVENT_KEYS,
  s3: S3_EVENT_KEYS,
  sns: SNS_EVENT_KEYS,
  schedule: SCHEDULE_EVENT_KEYS,
  eventbridge: EVENTBRIDGE_EVENT_KEYS,
};

/** Checks `events`: a list of objects, each with a known `type`, only that type's keys and valid values. */
export function validateEvents(v: Validator, scope: Construct, events: unknown, functionTimeout: number): void {
  const list = v.list<unknown>("events", events, { of: "event sources ({ type, ... })" });
  const earlierS3: EarlierS3Filters = new Map();
  const polled = new Map<string, string>();
  list?.forEach((item, i) => {
    const at = `events[${i}]`;
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      v.fail(at, `an event source object { type: ${FUNCTION_EVENT_TYPES.map((t) => JSON.stringify(t)).join(" | ")}, ... }`, item);
      return;
    }
    const event = item as FunctionEvent;
    if (!(FUNCTION_EVENT_TYPES as readonly string[]).includes(event.type)) {
      v.fail(`${at}.type`, oneOf<string>(FUNCTION_EVENT_TYPES).description, event.type);
      return;
    }
    v.onlyKnownKeys(at, event, KEYS[event.type]);
    claimPolledSource(v, at, event, polled);
    switch (event.type) {
      case "sqs":
        return validateSqsEvent(v, at, event, scope, functionTimeout);
      case "dynamodb-stream":
      case "kinesis":
        return validateStreamEvent(v, at, event);
      case "s3":
        return validateS3Event(v, at, event, scope, earlierS3);
      case "sns":
        return validateSnsEvent(v, at, event);
      case "schedule":
        return validateScheduleEvent(v, at, event);
      case "eventbridge":
        return validateEventBridgeEvent(v, at, event);
    }
  });
}

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
