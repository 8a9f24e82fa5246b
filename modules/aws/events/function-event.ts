import type { Construct } from "constructs";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { list, variants, type TypeOf } from "../../core/schema";
import { isUnresolved, type Validator } from "../../core/validation";
import type { EventBinding, EventTarget } from "./event-target";
import { bindEventBridgeEvent, EVENTBRIDGE_EVENT_SCHEMA, type EventBridgeEvent } from "./eventbridge-event";
import { EventIdentity, eventName } from "./event-identity";
import { bindS3Event, checkS3Notification, S3_EVENT_SCHEMA, type EarlierS3Filters, type S3Event } from "./s3-event";
import { referenceOf } from "./references";
import { bindScheduleEvent, SCHEDULE_EVENT_SCHEMA, type ScheduleEvent } from "./schedule-event";
import { bindSnsEvent, SNS_EVENT_SCHEMA, type SnsEvent } from "./sns-event";
import { bindSqsEvent, queueArnOf, SQS_EVENT_SCHEMA, sqsEventStatements, type SqsEvent } from "./sqs-event";
import { bindStreamEvent, STREAM_EVENT_SCHEMA, streamArnOf, streamEventStatements, type StreamEvent } from "./stream-event";

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
 * events: two events of one name, a legacy position given twice, a source polled twice, S3
 * notifications of one bucket that overlap.
 */
export const FUNCTION_EVENTS = list(FUNCTION_EVENT, {
  of: "event sources ({ type, ... })",
  refine(events, r) {
    const polled = new Map<string, string>();
    const earlierS3: EarlierS3Filters = new Map();
    const names = new Map<string, { at: string; name: string }>();
    const positions = new Map<number, string>();
    events.forEach((event, i) => {
      if (event === null || typeof event !== "object" || !(FUNCTION_EVENT_TYPES as readonly string[]).includes(event.type)) return;
      // A source polled twice is the problem to report, not the name its two events share.
      if (claimPolledSource(r.v, r.at(i), event, polled)) claimEventName(r.v, r.at(i), event, names, r.scope);
      if (typeof event.legacyPosition === "number") {
        const first = positions.get(event.legacyPosition);
        if (first !== undefined) r.v.fail(`${r.at(i)}.legacyPosition`, `a position no other event had (${first} has it)`, event.legacyPosition);
        else positions.set(event.legacyPosition, r.at(i));
      }
      if (event.type === "s3" && r.scope !== undefined) checkS3Notification(r.v, r.scope as Construct, r.at(i), event, earlierS3);
    });
  },
});

/**
 * Each event's resources are named after it (`eventName`): two events of one function with the same
 * name, compared as IAM compares role names (case aside) and as statement ids keep them (letters and
 * digits), would share their resources. The second is refused, saying what its name came from.
 */
function claimEventName(v: Validator, at: string, event: FunctionEvent, names: Map<string, { at: string; name: string }>, scope: unknown): void {
  const name = eventName(event as FunctionEvent & Record<string, unknown>, scope as Construct | undefined);
  if (name === undefined) return;
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  const first = names.get(key);
  if (first === undefined) {
    names.set(key, { at, name });
    return;
  }
  const same = first.name === name ? `is also named ${JSON.stringify(name)}` : `is named ${JSON.stringify(first.name)}, the same name once case and punctuation are set aside (as IAM and statement ids compare names)`;
  const fix = event.id !== undefined ? "give it another id" : "give one of them an id";
  const why = event.id !== undefined ? "" : " (its name comes from its source: the two events read one source, or sources whose names read the same)";
  v.fail(event.id !== undefined ? `${at}.id` : at, `an event with a name of its own${why}: ${first.at} ${same}; ${fix}`, name);
}

/**
 * Lambda keeps one event source mapping per source and function (a second one for the same queue
 * or stream fails at apply with ResourceConflictException): a source polled twice by one function
 * is refused, naming the event that has it. Sources are compared as literal ARNs or as the resource
 * attribute a reference points at.
 */
function claimPolledSource(v: Validator, at: string, event: FunctionEvent, polled: Map<string, string>): boolean {
  const [prop, arn] =
    event.type === "sqs"
      ? [event.queue !== undefined ? "queue" : "queueArn", event.queue !== undefined || event.queueArn !== undefined ? queueArnOf(event) : undefined]
      : event.type === "dynamodb-stream" || event.type === "kinesis"
        ? [event.table !== undefined ? "table" : "streamArn", event.table?.streamArn !== undefined || event.streamArn !== undefined ? streamArnOf(event) : undefined]
        : [];
  if (prop === undefined || typeof arn !== "string" || arn === "") return true;
  const ref = referenceOf(arn);
  const key = ref ? `${ref.stack?.node.path ?? ""}/${ref.address}.${ref.attribute}` : isUnresolved(arn) ? undefined : arn;
  if (key === undefined) return true;
  const first = polled.get(key);
  if (first !== undefined) {
    v.fail(`${at}.${prop}`, `a source no other event of this function polls (Lambda keeps one event source mapping per source and function; ${first} has it: put both filters in its filterPatterns)`, arn);
    return false;
  }
  polled.set(key, at);
  return true;
}

/** The role statements the events need (polled sources only), each with its event's statement ids. */
export function eventStatements(events: readonly FunctionEvent[], scope?: Construct): PolicyDocumentStatement[] {
  return events.flatMap((event) => {
    const sid = () => EventIdentity.sidOf(eventName(event as FunctionEvent & Record<string, unknown>, scope) ?? event.type, event.legacyPosition);
    if (event.type === "sqs") return sqsEventStatements(scope, event, sid());
    if (event.type === "dynamodb-stream" || event.type === "kinesis") return streamEventStatements(scope, event, sid());
    return [];
  });
}

/**
 * Creates the resources of one event source under its own construct, named after the event (see
 * `EventIdentity`); returns the role statements it needs.
 */
export function bindEvent(target: EventTarget, event: FunctionEvent): EventBinding {
  const name = eventName(event as FunctionEvent & Record<string, unknown>, target.scope)!;
  const identity = new EventIdentity(target.scope, name, event.type, target.functionName, event.legacyPosition);
  const binding = bindEventOfType(target, event, identity);
  identity.moveFromPositionalAddresses();
  return binding;
}

function bindEventOfType(target: EventTarget, event: FunctionEvent, identity: EventIdentity): EventBinding {
  switch (event.type) {
    case "sqs":
      return bindSqsEvent(target, event, identity);
    case "dynamodb-stream":
    case "kinesis":
      return bindStreamEvent(target, event, identity);
    case "s3":
      return bindS3Event(target, event, identity);
    case "sns":
      return bindSnsEvent(target, event, identity);
    case "schedule":
      return bindScheduleEvent(target, event, identity);
    case "eventbridge":
      return bindEventBridgeEvent(target, event, identity);
  }
}
