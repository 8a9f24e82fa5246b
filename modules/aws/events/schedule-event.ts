import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatementCondition } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { oneOf, TIME_ZONE } from "../../core/rules";
import { custom, object, optional, required, type Schema, type TypeOf } from "../../core/schema";
import { EVENT_IDENTITY_FIELDS, type EventIdentity } from "./event-identity";
import type { EventBinding, EventTarget } from "./event-target";
import { stackContext } from "../../core/stack-context";
import { stackEnvironment } from "../../core/stack-environment";
import { SCHEDULE_EXPRESSION } from "./schedule-expression";

/** Schedules go to the account's group that always exists (the group is part of the trust condition). */
const SCHEDULE_GROUP = "default";

/** Kept at EventBridge's limit on a target's constant input, so a schedule's input fits either service. */
const INPUT_MAX_CHARS = 8192;

/**
 * What a handler written for EventBridge's scheduled events (`ScheduledHandler`) reads, filled in by
 * Scheduler at each invocation (Scheduler sends only the input it is given). Account and region are
 * left out: the handler has them in `context.invokedFunctionArn`.
 */
export const DEFAULT_SCHEDULE_INPUT = {
  version: "0",
  id: "<aws.scheduler.execution-id>",
  "detail-type": "Scheduled Event",
  source: "aws.scheduler",
  time: "<aws.scheduler.scheduled-time>",
  resources: ["<aws.scheduler.schedule-arn>"],
  detail: {},
} as const;

const SCHEDULE_EVENT = object({
  /** `"schedule"`. */
  type: required(oneOf(["schedule"] as const)),
  /** `rate(1 hour)`, `rate(5 minutes)` or `cron(0 3 * * ? *)` (six fields, read in `timezone`). */
  expression: required(SCHEDULE_EXPRESSION),
  /**
   * The tz database time zone the cron expression is read in (`Europe/Paris`): `cron(0 3 * * ? *)`
   * then runs at 03:00 local time, summer and winter.
   * @default UTC
   */
  timezone: optional(TIME_ZONE),
  /**
   * The event the function receives, as an object (written as JSON, at most 8192 characters). Strings
   * may hold Scheduler's context keywords, such as `<aws.scheduler.scheduled-time>`.
   * @default a scheduled event: `{ version, id, "detail-type": "Scheduled Event", source: "aws.scheduler", time, resources: [schedule ARN], detail: {} }`
   */
  input: optional(jsonInput(INPUT_MAX_CHARS)),
  ...EVENT_IDENTITY_FIELDS,
});

/** The function run on a schedule: an EventBridge Scheduler schedule, in UTC or in `timezone`. */
export interface ScheduleEvent extends TypeOf<typeof SCHEDULE_EVENT> {}
export const SCHEDULE_EVENT_SCHEMA = SCHEDULE_EVENT.named<ScheduleEvent>();

/** An event given as an object, written as JSON within `max` characters. */
export function jsonInput(max: number): Schema<Readonly<Record<string, unknown>>> {
  const rule = "an object (the event the function receives, written as JSON)";
  return custom(rule, (c, prop, input) => {
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      c.v.fail(prop, rule, input);
      return;
    }
    const length = JSON.stringify(input).length;
    if (length > max) c.v.fail(prop, `at most ${max} characters as JSON`, `${length} characters`);
  });
}

/**
 * A schedule in the account's `default` group whose target is the function (its `live` alias when
 * it has one), invoked with a role of its own: trusted by `scheduler.amazonaws.com` for this
 * account's schedule group, allowed `lambda:InvokeFunction` on that one target. Scheduler invokes through the role,
 * so the function's resource policy gets no statement.
 */
export function bindScheduleEvent(target: EventTarget, event: ScheduleEvent, identity: EventIdentity): EventBinding {
  const name = identity.physicalName("", 64, "-schedule-<n>");
  const trust = new DataAwsIamPolicyDocument(identity, "SchedulerTrust", {
    statement: [
      {
        sid: "SchedulerAssumeRole",
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["scheduler.amazonaws.com"] }],
        condition: confusedDeputyConditions(target),
      },
    ],
  });
  const role = new IamRole(identity, "SchedulerRole", {
    name: identity.physicalName("-invoker", 64, "-schedule-<n>-invoker"),
    description: `Lets EventBridge Scheduler schedule ${name} invoke Lambda function ${target.functionName}`,
    assumeRolePolicy: trust.json,
    permissionsBoundary: stackEnvironment(identity).deployer?.permissionsBoundaryArn,
    tags: target.tags,
  });
  const policy = new DataAwsIamPolicyDocument(identity, "SchedulerPermissions", {
    statement: [{ sid: "InvokeScheduledFunction", effect: "Allow", actions: ["lambda:InvokeFunction"], resources: [target.invokeTargetArn] }],
  });
  const rolePolicy = new IamRolePolicy(identity, "SchedulerPolicy", { name: "invoke", role: role.id, policy: policy.json });
  new SchedulerSchedule(identity, "Schedule", {
    name,
    groupName: SCHEDULE_GROUP,
    description: `Runs ${target.functionName} on ${event.expression}${event.timezone ? ` (${event.timezone})` : ""}`,
    scheduleExpression: event.expression,
    scheduleExpressionTimezone: event.timezone,
    flexibleTimeWindow: { mode: "OFF" },
    target: { arn: target.invokeTargetArn, roleArn: role.arn, input: JSON.stringify(event.input ?? DEFAULT_SCHEDULE_INPUT) },
    // The first run must find the role allowed to invoke.
    dependsOn: [rolePolicy],
  });
  return { statements: [] };
}

/**
 * Pins the trust to this account's `default` schedule group, as far as the provider states the
 * account and region (AWS's confused-deputy guide for Scheduler: `aws:SourceArn` must be a schedule
 * group's ARN, not a schedule's).
 */
function confusedDeputyConditions(target: EventTarget): DataAwsIamPolicyDocumentStatementCondition[] | undefined {
  const aws = stackContext(target.scope, "aws").aws;
  const account = aws?.accountId;
  if (account === undefined) return undefined;
  const conditions: DataAwsIamPolicyDocumentStatementCondition[] = [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }];
  const region = aws?.region;
  if (region !== undefined) {
    const arn = `arn:${aws?.partition ?? "aws"}:scheduler:${region}:${account}:schedule-group/${SCHEDULE_GROUP}`;
    conditions.push({ test: "ArnEquals", variable: "aws:SourceArn", values: [arn] });
  }
  return conditions;
}
