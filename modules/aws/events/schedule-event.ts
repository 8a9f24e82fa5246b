import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { AllKeysListed } from "../../core/known-keys";
import { boundedName } from "../../core/naming";
import type { Validator } from "../../core/validation";
import { allowInvoke, type EventBinding, type EventTarget } from "./event-target";
import { SCHEDULE_EXPRESSION } from "./schedule-expression";

/** The function run on a schedule (an EventBridge rule on the default bus, in UTC). */
export interface ScheduleEvent {
  readonly type: "schedule";
  /** `rate(1 hour)`, `rate(5 minutes)` or `cron(0 3 * * ? *)` (six fields, UTC). */
  readonly expression: string;
  /**
   * Not supported: EventBridge rules run in UTC; write the cron expression in UTC. Refused when set
   * (rather than ignored), so that a schedule never runs at an hour other than the one written.
   * @default UTC
   */
  readonly timezone?: string;
  /** The event the function receives, as an object (written as JSON, at most 8192 characters). @default EventBridge's scheduled event */
  readonly input?: Readonly<Record<string, unknown>>;
}

export const SCHEDULE_EVENT_KEYS = ["type", "expression", "timezone", "input"] as const satisfies readonly (keyof ScheduleEvent)[];
export type ScheduleEventKeysComplete = AllKeysListed<Exclude<keyof ScheduleEvent, (typeof SCHEDULE_EVENT_KEYS)[number]>>;

/** EventBridge's limit on a target's constant input. */
const INPUT_MAX_CHARS = 8192;

export function validateScheduleEvent(v: Validator, at: string, event: ScheduleEvent): void {
  v.required(`${at}.expression`, event.expression).check(`${at}.expression`, event.expression, SCHEDULE_EXPRESSION);
  if (event.timezone !== undefined) {
    v.fail(`${at}.timezone`, "unset: schedules are EventBridge rules, which run in UTC (write the cron expression in UTC)", event.timezone);
  }
  validateJsonInput(v, `${at}.input`, event.input, INPUT_MAX_CHARS);
}

/** An event given as an object, written as JSON within `max` characters. */
export function validateJsonInput(v: Validator, prop: string, input: unknown, max: number): void {
  if (input === undefined) return;
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    v.fail(prop, "an object (the event the function receives, written as JSON)", input);
    return;
  }
  const length = JSON.stringify(input).length;
  if (length > max) v.fail(prop, `at most ${max} characters as JSON`, `${length} characters`);
}

export function bindScheduleEvent(target: EventTarget, event: ScheduleEvent, n: number): EventBinding {
  const rule = new CloudwatchEventRule(target.scope, `Event${n}Rule`, {
    name: boundedName(target.functionName, `-schedule-${n}`, 64),
    description: `Runs ${target.functionName} on ${event.expression}`,
    scheduleExpression: event.expression,
    tags: target.tags,
  });
  new CloudwatchEventTarget(target.scope, `Event${n}Target`, {
    rule: rule.name,
    arn: target.invokeTargetArn,
    input: event.input ? JSON.stringify(event.input) : undefined,
  });
  allowInvoke(target, n, "schedule", { principal: "events.amazonaws.com", sourceArn: rule.arn });
  return { statements: [] };
}
