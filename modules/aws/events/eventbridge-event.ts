import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { AllKeysListed } from "../../core/known-keys";
import { boundedName } from "../../core/naming";
import { arnOf, matches } from "../../core/rules";
import { isUnresolved, type Validator } from "../../core/validation";
import { allowInvoke, type EventBinding, type EventTarget } from "./event-target";

/** Events of an EventBridge bus that match a pattern (a rule with the function as its target). */
export interface EventBridgeEvent {
  readonly type: "eventbridge";
  /** The event pattern, as an object (`{ source: ["orders"], "detail-type": ["OrderPaid"] }`); written as JSON. */
  readonly eventPattern: Readonly<Record<string, unknown>>;
  /** Name or ARN of the bus. @default the account's default bus */
  readonly eventBusName?: string;
}

export const EVENTBRIDGE_EVENT_KEYS = ["type", "eventPattern", "eventBusName"] as const satisfies readonly (keyof EventBridgeEvent)[];
export type EventBridgeEventKeysComplete = AllKeysListed<Exclude<keyof EventBridgeEvent, (typeof EVENTBRIDGE_EVENT_KEYS)[number]>>;

const BUS_NAME = matches(/^[A-Za-z0-9._\-/]{1,256}$/, "an event bus name (letters, digits, . _ - /, at most 256)");
const BUS_ARN = arnOf("events", "an event bus ARN", /^event-bus\/[A-Za-z0-9._\-/]{1,256}$/);
/** EventBridge's limit on an event pattern. */
const PATTERN_MAX_CHARS = 4096;

export function validateEventBridgeEvent(v: Validator, at: string, event: EventBridgeEvent): void {
  const pattern = event.eventPattern;
  if (pattern === null || typeof pattern !== "object" || Array.isArray(pattern) || Object.keys(pattern).length === 0) {
    v.fail(`${at}.eventPattern`, 'a non-empty event pattern object, e.g. { source: ["orders"] }', pattern);
  } else if (JSON.stringify(pattern).length > PATTERN_MAX_CHARS) {
    v.fail(`${at}.eventPattern`, `a pattern of at most ${PATTERN_MAX_CHARS} characters as JSON`, `${JSON.stringify(pattern).length} characters`);
  }
  const bus = event.eventBusName;
  if (bus !== undefined && !isUnresolved(bus)) v.check(`${at}.eventBusName`, bus, typeof bus === "string" && bus.startsWith("arn:") ? BUS_ARN : BUS_NAME);
}

export function bindEventBridgeEvent(target: EventTarget, event: EventBridgeEvent, n: number): EventBinding {
  const rule = new CloudwatchEventRule(target.scope, `Event${n}Rule`, {
    name: boundedName(target.functionName, `-events-${n}`, 64),
    description: `Sends matching events to ${target.functionName}`,
    eventBusName: event.eventBusName,
    eventPattern: JSON.stringify(event.eventPattern),
    tags: target.tags,
  });
  new CloudwatchEventTarget(target.scope, `Event${n}Target`, {
    rule: rule.name,
    eventBusName: event.eventBusName,
    arn: target.invokeTargetArn,
  });
  allowInvoke(target, n, "eventbridge", { principal: "events.amazonaws.com", sourceArn: rule.arn });
  return { statements: [] };
}
