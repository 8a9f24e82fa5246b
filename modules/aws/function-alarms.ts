import type { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from "cdktf";
import type { Construct } from "constructs";
import { booleanValue } from "../core/rules";
import { object, optional, type TypeOf } from "../core/schema";
import { stackTraits, watchedByDefault } from "../core/stack-traits";
import { isUnresolved } from "../core/validation";
import { refineAlarmSwitch, UNWATCHED_REASON } from "../core/alarm-settings";
import { alarmTopicArn } from "./alarm-topic";
import {
  AGE_TUNING,
  alarmName,
  COUNT_TUNING,
  DURATION_TUNING,
  metricAlarm,
  tunable,
  type AgeAlarmTuning,
  type CountAlarmTuning,
  type DurationAlarmTuning,
  type EvaluationTuning,
  type MetricSettings,
} from "./alarm-tuning";
import type { FunctionEvent } from "./events/function-event";
import { EventIdentity, eventName } from "./events/event-identity";
import { referenceOf } from "./events/references";
import { queueArnOf } from "./events/sqs-event";

const FUNCTION_ALARMS = object(
  {
    /**
     * Whether the function has alarms at all. On where the environment is watched (protected, or its
     * rule-pack findings fail synth: every environment but a development one), and wherever the
     * function's `deployment` rolls back on alarms.
     * @default on outside a warn-only, unprotected environment
     */
    enabled: optional(booleanValue),
    /**
     * Why the function is not watched: required in a protected environment when `enabled` is false or
     * the `errors` alarm is off; it is the reason the rule pack's `lambda-alarms` finding is accepted with.
     * @default none
     */
    reason: optional(UNWATCHED_REASON),
    /** Failed invocations (`Errors`, sum): rolls a deployment back. @default at least 1 error in 1 minute */
    errors: optional(tunable(COUNT_TUNING.named<CountAlarmTuning>(), "errors")),
    /** Throttled invocations (`Throttles`, sum): rolls a deployment back. @default at least 1 throttle in 1 minute */
    throttles: optional(tunable(COUNT_TUNING.named<CountAlarmTuning>(), "throttles")),
    /** Duration near the timeout (`Duration`, p99 by default): rolls a deployment back. @default p99 at 80% of the timeout in 1 minute */
    duration: optional(tunable(DURATION_TUNING.named<DurationAlarmTuning>(), "duration")),
    /** Stream records waiting (`IteratorAge`, maximum), when the function reads a stream. @default 60 s */
    iteratorAge: optional(tunable(AGE_TUNING.named<AgeAlarmTuning>(), "iterator age")),
    /**
     * Messages in a dead-letter queue (`ApproximateNumberOfMessagesVisible`, maximum): the function's own
     * (`deadLetterQueue`) and that of each queue it consumes, when synth knows it.
     * @default at least 1 message
     */
    deadLetterQueue: optional(tunable(COUNT_TUNING.named<CountAlarmTuning>(), "dead-letter queue")),
    /** Age of the oldest message of each queue it consumes (`ApproximateAgeOfOldestMessage`, maximum). @default 300 s */
    queueAge: optional(tunable(AGE_TUNING.named<AgeAlarmTuning>(), "queue age")),
  },
  {
    refine(alarms, r) {
      refineAlarmSwitch(alarms, alarms.enabled === false || alarms.errors === false, r);
    },
  },
);

/**
 * The alarms of a function, computed from what it has (errors, throttles, duration near its
 * timeout, iterator age of its streams, messages in its dead-letter queues, age of the oldest message
 * of the queues it consumes), each sent to the stack's alarm topic; tuned or turned off here.
 */
export interface FunctionAlarmsProps extends TypeOf<typeof FUNCTION_ALARMS> {}
export const FUNCTION_ALARMS_SCHEMA = FUNCTION_ALARMS.named<FunctionAlarmsProps>();

/** What the alarms are computed from. */
export interface AlarmedFunction {
  readonly scope: Construct;
  readonly functionName: string;
  /** Seconds. */
  readonly timeout: number;
  readonly events: readonly FunctionEvent[];
  /** Name of the function's own dead-letter queue, when it has one. */
  readonly deadLetterQueueName?: string;
  readonly tags?: Record<string, string>;
}

/** A function's alarms; `rollback` are those a deployment of the function watches. */
export interface FunctionAlarms {
  readonly all: readonly CloudwatchMetricAlarm[];
  readonly rollback: readonly CloudwatchMetricAlarm[];
}

/**
 * Whether a function gets alarms: as `alarms.enabled` says, else when its deployment rolls back on
 * alarms, else as the environment's traits say (`watchedByDefault`).
 */
export function functionAlarmsEnabled(scope: Construct, alarms: FunctionAlarmsProps | undefined, rollbackOnAlarms: boolean): boolean {
  if (alarms?.enabled !== undefined) return alarms.enabled;
  return rollbackOnAlarms || watchedByDefault(stackTraits(scope));
}

/** Creates the function's alarms (under `fn.scope`), all notifying the stack's alarm topic. */
export function createFunctionAlarms(fn: AlarmedFunction, props: FunctionAlarmsProps = {}): FunctionAlarms {
  const topic = alarmTopicArn(fn.scope);
  const all: CloudwatchMetricAlarm[] = [];
  const rollback: CloudwatchMetricAlarm[] = [];
  const add = (id: string, suffix: string, description: string, tuning: EvaluationTuning | undefined, metric: MetricSettings, forRollback = false) => {
    const alarm = metricAlarm(fn.scope, id, {
      name: alarmName(fn.functionName, suffix),
      description: `${description} (Lambda function ${fn.functionName})`,
      metric,
      tuning,
      topicArn: topic,
      tags: fn.tags,
    });
    all.push(alarm);
    if (forRollback) rollback.push(alarm);
  };
  const lambda = (metricName: string, statistic: Pick<CloudwatchMetricAlarmConfig, "statistic" | "extendedStatistic">, threshold: number): MetricSettings => ({
    namespace: "AWS/Lambda",
    metricName,
    dimensions: { FunctionName: fn.functionName },
    ...statistic,
    threshold,
  });
  const sqs = (metricName: string, queueName: string, threshold: number): MetricSettings => ({
    namespace: "AWS/SQS",
    metricName,
    dimensions: { QueueName: queueName },
    statistic: "Maximum",
    threshold,
  });

  const errors = props.errors;
  if (errors !== false) add("ErrorsAlarm", "errors", "Invocations that failed", errors, lambda("Errors", { statistic: "Sum" }, errors?.threshold ?? 1), true);
  const throttles = props.throttles;
  if (throttles !== false) add("ThrottlesAlarm", "throttles", "Invocations throttled", throttles, lambda("Throttles", { statistic: "Sum" }, throttles?.threshold ?? 1), true);
  const duration = props.duration;
  if (duration !== false) {
    const percent = duration?.percentOfTimeout ?? 80;
    const statistic = duration?.statistic ?? "p99";
    add(
      "DurationAlarm",
      "duration",
      `Duration (${statistic}) at ${percent}% of the ${fn.timeout} s timeout`,
      duration,
      lambda("Duration", statistic === "Maximum" ? { statistic } : { extendedStatistic: statistic }, Math.floor(fn.timeout * 1000 * percent) / 100),
      true,
    );
  }
  const iteratorAge = props.iteratorAge;
  if (iteratorAge !== false && fn.events.some((e) => e.type === "dynamodb-stream" || e.type === "kinesis")) {
    add("IteratorAgeAlarm", "iterator-age", "Age of the last stream record processed", iteratorAge, lambda("IteratorAge", { statistic: "Maximum" }, (iteratorAge?.thresholdSeconds ?? 60) * 1000));
  }
  const deadLetter = props.deadLetterQueue;
  if (deadLetter !== false && fn.deadLetterQueueName !== undefined) {
    add("DeadLetterQueueAlarm", "dlq-messages", "Failed asynchronous invocations in the function's dead-letter queue", deadLetter, sqs("ApproximateNumberOfMessagesVisible", fn.deadLetterQueueName, deadLetter?.threshold ?? 1));
  }
  const queueAge = props.queueAge;
  for (const event of fn.events) {
    if (event.type !== "sqs") continue;
    // Named after the event, as its other resources are: adding, removing or reordering events renames no alarm.
    const name = eventName(event as FunctionEvent & Record<string, unknown>, fn.scope)!;
    const id = EventIdentity.idOf(name);
    const queueArn = queueArnOf(event);
    const queue = event.queue?.name ?? queueNameOf(fn.scope, queueArn);
    if (queueAge !== false && queue !== undefined) {
      add(`${id}-QueueAgeAlarm`, `${name}-queue-age`, `Age of the oldest message of the queue of event ${name}`, queueAge, sqs("ApproximateAgeOfOldestMessage", queue, queueAge?.thresholdSeconds ?? 300));
    }
    const deadLetterQueue = event.queue?.deadLetterQueue.name ?? deadLetterQueueNameOf(fn.scope, queueArn);
    if (deadLetter !== false && deadLetterQueue !== undefined) {
      add(`${id}-DeadLetterQueueAlarm`, `${name}-dlq-messages`, `Messages in the dead-letter queue of the queue of event ${name}`, deadLetter, sqs("ApproximateNumberOfMessagesVisible", deadLetterQueue, deadLetter?.threshold ?? 1));
    }
  }
  return { all, rollback };
}

/** The queue's name: the last part of a literal ARN, or the `name` of the `SqsQueue` of the stack a reference points at. */
function queueNameOf(scope: Construct, queueArn: string): string | undefined {
  if (!isUnresolved(queueArn)) return queueArn.split(":").pop();
  return sqsQueueOfStack(scope, queueArn)?.name;
}

/**
 * The dead-letter queue of a consumed queue, when synth knows it: the queue is an `SqsQueue` of the
 * stack whose `redrivePolicy` (JSON text, or `Fn.jsonencode`) targets a literal queue ARN or another
 * `SqsQueue` of the stack.
 */
function deadLetterQueueNameOf(scope: Construct, queueArn: string): string | undefined {
  const queue = sqsQueueOfStack(scope, queueArn);
  const redrive = queue?.redrivePolicyInput;
  if (queue === undefined || typeof redrive !== "string") return undefined;
  const stack = TerraformStack.of(scope);
  const text = String(Tokenization.resolve(redrive, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }));
  const literal = /"deadLetterTargetArn"\s*:\s*"arn:[^:"]+:sqs:[^:"]*:\d*:([A-Za-z0-9_-]{1,80}(?:\.fifo)?)"/.exec(text)?.[1];
  if (literal !== undefined) return literal;
  const address = /\baws_sqs_queue\.([A-Za-z0-9_-]+)\.arn\b/.exec(text)?.[1];
  if (address === undefined) return undefined;
  return stack.node.findAll().find((c): c is SqsQueue => c instanceof SqsQueue && c.friendlyUniqueId === address && c !== queue)?.name;
}

/** The `SqsQueue` of the function's own stack that an ARN refers to (`queue.arn`), if it is one. */
function sqsQueueOfStack(scope: Construct, arn: unknown): SqsQueue | undefined {
  const ref = referenceOf(arn);
  const stack = TerraformStack.of(scope);
  if (!ref || ref.resourceType !== "aws_sqs_queue" || ref.attribute !== "arn" || ref.stack !== stack) return undefined;
  return stack.node.findAll().find((c): c is SqsQueue => c instanceof SqsQueue && `${c.terraformResourceType}.${c.friendlyUniqueId}` === ref.address);
}
