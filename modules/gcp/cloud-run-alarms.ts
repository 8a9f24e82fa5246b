import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import type { Construct } from "constructs";
import { ALARM_PERIOD, refineAlarmSwitch, refineEvaluationRange, UNWATCHED_REASON } from "../core/alarm-settings";
import { booleanValue, integerBetween, oneOf } from "../core/rules";
import { either, isObjectValue, object, optional, rule, type Schema, type TypeOf } from "../core/schema";
import { stackTraits, watchedByDefault } from "../core/stack-traits";
import { alarmChannelName } from "./alarm-channel";

const EVALUATION = {
  /** Seconds per aligned point. @default 60 */
  periodSeconds: optional(ALARM_PERIOD),
  /** Consecutive points that must breach (Cloud Monitoring's condition duration is the rest of them). @default 1 */
  evaluationPeriods: optional(integerBetween(1, 1440, "periods")),
};

const SERVER_ERRORS = object(
  {
    /** 5xx responses in one period that set the alert off (at or above). @default 1 */
    threshold: optional(integerBetween(1, 1_000_000_000)),
    ...EVALUATION,
  },
  { refine: refineEvaluationRange },
);

/** The alert on 5xx responses of a Cloud Run service. */
export interface CloudRunServerErrorsAlarm extends TypeOf<typeof SERVER_ERRORS> {}

/** The percentiles Cloud Monitoring aligns a distribution to. */
const PERCENTILES = ["p50", "p95", "p99"] as const;

const LATENCY = object(
  {
    /** Request latency in milliseconds that sets the alert off (above). @default 80% of the service's timeout */
    thresholdMs: optional(integerBetween(1, 3_600_000, "milliseconds")),
    /** The latency percentile. @default "p99" */
    statistic: optional(oneOf(PERCENTILES)),
    ...EVALUATION,
  },
  { refine: refineEvaluationRange },
);

/** The alert on request latency of a Cloud Run service. */
export interface CloudRunLatencyAlarm extends TypeOf<typeof LATENCY> {}

function tunable<T>(schema: Schema<T>, what: string) {
  return either(`false, or the ${what} alert's tuning ${schema.description}`, [
    { when: (v) => v === false, schema: rule<false>({ description: "false", test: (v) => v === false }) },
    { when: isObjectValue, schema },
  ]);
}

const CLOUD_RUN_ALARMS = object(
  {
    /**
     * Whether the service has alert policies. On where the environment is watched (protected, or its
     * rule-pack findings fail synth), as on AWS.
     * @default on outside a warn-only, unprotected environment
     */
    enabled: optional(booleanValue),
    /** Why the service is not watched: required in a protected environment when `enabled` or `serverErrors` is false. @default none */
    reason: optional(UNWATCHED_REASON),
    /** Responses with a 5xx status (`run.googleapis.com/request_count`, class 5xx). @default at least 1 in 1 minute */
    serverErrors: optional(tunable(SERVER_ERRORS.named<CloudRunServerErrorsAlarm>(), "5xx")),
    /** Request latency (`run.googleapis.com/request_latencies`, p99 by default). @default p99 above 80% of the timeout, in 1 minute */
    latency: optional(tunable(LATENCY.named<CloudRunLatencyAlarm>(), "latency")),
  },
  {
    refine(alarms, r) {
      refineAlarmSwitch(alarms, alarms.enabled === false || alarms.serverErrors === false, r);
    },
  },
);

/** The alert policies of a `CloudRunService`, the twin of `ServerlessFunction`'s and `HttpApi`'s `alarms`. */
export interface CloudRunAlarmsProps extends TypeOf<typeof CLOUD_RUN_ALARMS> {}
export const CLOUD_RUN_ALARMS_SCHEMA = CLOUD_RUN_ALARMS.named<CloudRunAlarmsProps>();

/** What a service's alert policies are computed from. */
export interface AlarmedService {
  readonly scope: Construct;
  readonly serviceName: string;
  readonly project?: string;
  /** Seconds. */
  readonly timeout: number;
  readonly labels?: Record<string, string>;
}

/** The service's alert policies, when it is watched, each notifying the stack's alarm channel. */
export function createCloudRunAlarms(service: AlarmedService, props: CloudRunAlarmsProps = {}): MonitoringAlertPolicy[] {
  if (!(props.enabled ?? watchedByDefault(stackTraits(service.scope)))) return [];
  const channel = alarmChannelName(service.scope, service.project);
  const revisions = `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${service.serviceName}"`;
  const policies: MonitoringAlertPolicy[] = [];
  const policy = (id: string, what: string, filter: string, aligner: string, reducer: string, threshold: number, tuning: { periodSeconds?: number; evaluationPeriods?: number } | undefined) => {
    const period = tuning?.periodSeconds ?? 60;
    policies.push(
      new MonitoringAlertPolicy(service.scope, id, {
        displayName: `${service.serviceName}: ${what}`,
        project: service.project,
        combiner: "OR",
        severity: "ERROR",
        notificationChannels: [channel],
        userLabels: service.labels,
        alertStrategy: { autoClose: "1800s" },
        conditions: [
          {
            displayName: what,
            conditionThreshold: {
              filter: `${revisions} AND ${filter}`,
              aggregations: [{ alignmentPeriod: `${period}s`, perSeriesAligner: aligner, crossSeriesReducer: reducer, groupByFields: ["resource.labels.service_name"] }],
              // Cloud Monitoring compares with GT or LT only.
              comparison: "COMPARISON_GT",
              thresholdValue: threshold,
              duration: `${period * ((tuning?.evaluationPeriods ?? 1) - 1)}s`,
              // No request: nothing is wrong.
              evaluationMissingData: "EVALUATION_MISSING_DATA_INACTIVE",
              trigger: { count: 1 },
            },
          },
        ],
      }),
    );
  };
  if (props.serverErrors !== false) {
    const threshold = props.serverErrors?.threshold ?? 1;
    policy("ServerErrorsAlert", `${threshold} or more 5xx responses a period`, 'metric.type = "run.googleapis.com/request_count" AND metric.labels.response_code_class = "5xx"', "ALIGN_DELTA", "REDUCE_SUM", threshold - 1, props.serverErrors);
  }
  if (props.latency !== false) {
    const statistic = props.latency?.statistic ?? "p99";
    const threshold = props.latency?.thresholdMs ?? Math.floor(service.timeout * 1000 * 0.8);
    const aligner = `ALIGN_PERCENTILE_${statistic.slice(1).padStart(2, "0")}`;
    policy("LatencyAlert", `latency ${statistic} above ${threshold} ms`, 'metric.type = "run.googleapis.com/request_latencies"', aligner, "REDUCE_MAX", threshold, props.latency);
  }
  return policies;
}
