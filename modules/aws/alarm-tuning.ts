import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { Construct } from "constructs";
import { boundedName } from "../core/naming";
import { ALARM_PERIOD, refineEvaluationRange } from "../core/alarm-settings";
import { integerBetween, oneOf } from "../core/rules";
import { either, isObjectValue, object, optional, rule, type Refinement, type Schema, type TypeOf } from "../core/schema";

/** The pieces every alarm of the project is tuned and created with (functions, HTTP APIs). */

/** CloudWatch's limit on alarm names. */
export const ALARM_NAME_MAX = 255;
/** How long and how often a metric must breach: shared by every alarm's tuning. */
export const EVALUATION = {
  /** Seconds per datapoint. @default 60 */
  periodSeconds: optional(ALARM_PERIOD),
  /** Datapoints evaluated (their periods together at most a day). @default 1 */
  evaluationPeriods: optional(integerBetween(1, 1440, "periods")),
  /** Breaching datapoints among them that set the alarm off (M out of N). @default evaluationPeriods */
  datapointsToAlarm: optional(integerBetween(1, 1440, "datapoints")),
};

export function refineEvaluation(tuning: { periodSeconds?: unknown; evaluationPeriods?: unknown; datapointsToAlarm?: unknown }, r: Refinement): void {
  refineEvaluationRange(tuning, r);
  const periods = typeof tuning.evaluationPeriods === "number" ? tuning.evaluationPeriods : 1;
  if (typeof tuning.datapointsToAlarm === "number" && tuning.datapointsToAlarm > periods) {
    r.fail("datapointsToAlarm", `at most evaluationPeriods (${periods})`, tuning.datapointsToAlarm);
  }
}

/** The statistics of the duration and latency alarms: a percentile, or the maximum. */
const STATISTICS = ["p90", "p95", "p99", "Maximum"] as const;

export const COUNT_TUNING = object(
  {
    /** Count in one period that sets the alarm off (at or above). @default 1 */
    threshold: optional(integerBetween(1, 1_000_000_000)),
    ...EVALUATION,
  },
  { refine: refineEvaluation },
);

/** An alarm on a count (errors, throttles, messages, 5xx responses): how many, over how long. */
export interface CountAlarmTuning extends TypeOf<typeof COUNT_TUNING> {}

export const DURATION_TUNING = object(
  {
    /** Percent of the function's timeout the duration statistic reaches to set the alarm off. @default 80 */
    percentOfTimeout: optional(integerBetween(1, 100, "percent")),
    /** The duration statistic: a percentile or the maximum. @default "p99" */
    statistic: optional(oneOf(STATISTICS)),
    ...EVALUATION,
  },
  { refine: refineEvaluation },
);

/** The alarm on duration near the function's timeout. */
export interface DurationAlarmTuning extends TypeOf<typeof DURATION_TUNING> {}

export const AGE_TUNING = object(
  {
    /** Age in seconds that sets the alarm off (at or above). @default 60 for stream records, 300 for queue messages */
    thresholdSeconds: optional(integerBetween(1, 1_209_600, "seconds")),
    ...EVALUATION,
  },
  { refine: refineEvaluation },
);

/** An alarm on an age (a stream's iterator age, a queue's oldest message). */
export interface AgeAlarmTuning extends TypeOf<typeof AGE_TUNING> {}

export const LATENCY_TUNING = object(
  {
    /** Latency in milliseconds that sets the alarm off (at or above). @default 80% of the longest timeout of the API's functions */
    thresholdMs: optional(integerBetween(1, 3_600_000, "milliseconds")),
    /** The latency statistic: a percentile or the maximum. @default "p99" */
    statistic: optional(oneOf(STATISTICS)),
    ...EVALUATION,
  },
  { refine: refineEvaluation },
);

/** An alarm on request latency. */
export interface LatencyAlarmTuning extends TypeOf<typeof LATENCY_TUNING> {}

/** `false` turns one alarm off; an object tunes it. */
export function tunable<T>(schema: Schema<T>, what: string) {
  return either(`false, or the ${what} alarm's tuning ${schema.description}`, [
    { when: (v) => v === false, schema: rule<false>({ description: "false", test: (v) => v === false }) },
    { when: isObjectValue, schema },
  ]);
}


/** The metric an alarm reads and its threshold. */
export type MetricSettings = Pick<CloudwatchMetricAlarmConfig, "namespace" | "metricName" | "dimensions" | "statistic" | "extendedStatistic" | "threshold">;
export type EvaluationTuning = { readonly periodSeconds?: number; readonly evaluationPeriods?: number; readonly datapointsToAlarm?: number };

/** An alarm (at or above its threshold; no data is not a breach) that notifies `topicArn` when it goes off and when it recovers. */
export function metricAlarm(
  scope: Construct,
  id: string,
  props: { readonly name: string; readonly description: string; readonly metric: MetricSettings; readonly tuning?: EvaluationTuning; readonly topicArn: string; readonly tags?: Record<string, string> },
): CloudwatchMetricAlarm {
  const periods = props.tuning?.evaluationPeriods ?? 1;
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: props.name,
    alarmDescription: props.description,
    ...props.metric,
    period: props.tuning?.periodSeconds ?? 60,
    evaluationPeriods: periods,
    datapointsToAlarm: props.tuning?.datapointsToAlarm ?? periods,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    // No invocation, no request, no message: nothing is wrong.
    treatMissingData: "notBreaching",
    alarmActions: [props.topicArn],
    okActions: [props.topicArn],
    tags: props.tags,
  });
}

/** An alarm name of `base` and `suffix` within CloudWatch's limit. */
export function alarmName(base: string, suffix: string): string {
  return boundedName(base, `-${suffix}`, ALARM_NAME_MAX);
}
