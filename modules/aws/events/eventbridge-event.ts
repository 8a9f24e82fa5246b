import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { arnOf, matches, oneOf } from "../../core/rules";
import { custom, object, optional, required, type TypeOf } from "../../core/schema";
import { isUnresolved } from "../../core/validation";
import { EVENT_IDENTITY_FIELDS, type EventIdentity } from "./event-identity";
import { allowInvoke, type EventBinding, type EventTarget } from "./event-target";

const BUS_NAME = matches(/^[A-Za-z0-9._\-/]{1,256}$/, "an event bus name (letters, digits, . _ - /, at most 256)");
const BUS_ARN = arnOf("events", "an event bus ARN", /^event-bus\/[A-Za-z0-9._\-/]{1,256}$/);
/** EventBridge's limit on an event pattern. */
const PATTERN_MAX_CHARS = 4096;
const PATTERN_RULE = 'a non-empty event pattern object, e.g. { source: ["orders"] }';

const EVENT_PATTERN = custom<Readonly<Record<string, unknown>>>(PATTERN_RULE, (c, prop, pattern) => {
  if (pattern === null || typeof pattern !== "object" || Array.isArray(pattern) || Object.keys(pattern).length === 0) {
    c.v.fail(prop, PATTERN_RULE, pattern);
  } else if (JSON.stringify(pattern).length > PATTERN_MAX_CHARS) {
    c.v.fail(prop, `a pattern of at most ${PATTERN_MAX_CHARS} characters as JSON`, `${JSON.stringify(pattern).length} characters`);
  }
}, { missing: PATTERN_RULE });

/** A bus's name, or its ARN when it starts with `arn:`. */
const BUS = custom<string>(`${BUS_NAME.description}, or ${BUS_ARN.description}`, (c, prop, bus) => {
  if (!isUnresolved(bus)) c.v.check(prop, bus as string, typeof bus === "string" && bus.startsWith("arn:") ? BUS_ARN : BUS_NAME);
});

const EVENTBRIDGE_EVENT = object({
  /** `"eventbridge"`. */
  type: required(oneOf(["eventbridge"] as const)),
  /** The event pattern, as an object (`{ source: ["orders"], "detail-type": ["OrderPaid"] }`); written as JSON. */
  eventPattern: required(EVENT_PATTERN),
  /** Name or ARN of the bus. @default the account's default bus */
  eventBusName: optional(BUS),
  ...EVENT_IDENTITY_FIELDS,
});

/** Events of an EventBridge bus that match a pattern (a rule with the function as its target). */
export interface EventBridgeEvent extends TypeOf<typeof EVENTBRIDGE_EVENT> {}
export const EVENTBRIDGE_EVENT_SCHEMA = EVENTBRIDGE_EVENT.named<EventBridgeEvent>();

export function bindEventBridgeEvent(target: EventTarget, event: EventBridgeEvent, identity: EventIdentity): EventBinding {
  const rule = new CloudwatchEventRule(identity, "Rule", {
    name: identity.physicalName("", 64, "-events-<n>"),
    description: `Sends matching events to ${target.functionName}`,
    eventBusName: event.eventBusName,
    eventPattern: JSON.stringify(event.eventPattern),
    tags: target.tags,
  });
  new CloudwatchEventTarget(identity, "Target", {
    rule: rule.name,
    eventBusName: event.eventBusName,
    arn: target.invokeTargetArn,
  });
  allowInvoke(target, identity, { principal: "events.amazonaws.com", sourceArn: rule.arn });
  return { statements: [] };
}
