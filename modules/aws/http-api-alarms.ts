import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { Construct } from "constructs";
import { booleanValue } from "../core/rules";
import { object, optional, type TypeOf } from "../core/schema";
import { stackTraits, watchedByDefault } from "../core/stack-traits";
import { refineAlarmSwitch, UNWATCHED_REASON } from "../core/alarm-settings";
import { alarmTopicArn } from "./alarm-topic";
import {
  alarmName,
  COUNT_TUNING,
  LATENCY_TUNING,
  metricAlarm,
  tunable,
  type CountAlarmTuning,
  type LatencyAlarmTuning,
} from "./alarm-tuning";

const HTTP_API_ALARMS = object(
  {
    /**
     * Whether the API has alarms. On where the environment is watched (protected, or its rule-pack
     * findings fail synth), as for functions.
     * @default on outside a warn-only, unprotected environment
     */
    enabled: optional(booleanValue),
    /** Why the API is not watched: required in a protected environment when `enabled` or `serverErrors` is false. @default none */
    reason: optional(UNWATCHED_REASON),
    /** Responses with a 5xx status (`5xx`, sum). @default at least 1 in 1 minute */
    serverErrors: optional(tunable(COUNT_TUNING.named<CountAlarmTuning>(), "5xx")),
    /** Request latency (`Latency`, p99 by default). @default p99 at 80% of the longest timeout of the API's functions, in 1 minute */
    latency: optional(tunable(LATENCY_TUNING.named<LatencyAlarmTuning>(), "latency")),
  },
  {
    refine(alarms, r) {
      refineAlarmSwitch(alarms, alarms.enabled === false || alarms.serverErrors === false, r);
    },
  },
);

/** The alarms of an `HttpApi`: 5xx responses and latency, sent to the stack's alarm topic. */
export interface HttpApiAlarmsProps extends TypeOf<typeof HTTP_API_ALARMS> {}
export const HTTP_API_ALARMS_SCHEMA = HTTP_API_ALARMS.named<HttpApiAlarmsProps>();

/** What the API's alarms are computed from. */
export interface AlarmedApi {
  readonly scope: Construct;
  readonly apiName: string;
  /** Reference to the API's id (the metrics' `ApiId` dimension). */
  readonly apiId: string;
  /** The longest timeout of the functions behind its routes, in seconds. */
  readonly longestTimeoutSeconds: number;
  readonly tags?: Record<string, string>;
}

/** The API's alarms, when it is watched: `alarms.enabled`, else the environment's traits. */
export function createHttpApiAlarms(api: AlarmedApi, props: HttpApiAlarmsProps = {}): CloudwatchMetricAlarm[] {
  if (!(props.enabled ?? watchedByDefault(stackTraits(api.scope)))) return [];
  const topicArn = alarmTopicArn(api.scope);
  const alarms: CloudwatchMetricAlarm[] = [];
  const dimensions = { ApiId: api.apiId };
  if (props.serverErrors !== false) {
    alarms.push(
      metricAlarm(api.scope, "ServerErrorsAlarm", {
        name: alarmName(api.apiName, "5xx"),
        description: `Responses with a 5xx status (HTTP API ${api.apiName})`,
        metric: { namespace: "AWS/ApiGateway", metricName: "5xx", dimensions, statistic: "Sum", threshold: props.serverErrors?.threshold ?? 1 },
        tuning: props.serverErrors,
        topicArn,
        tags: api.tags,
      }),
    );
  }
  if (props.latency !== false) {
    const statistic = props.latency?.statistic ?? "p99";
    const threshold = props.latency?.thresholdMs ?? Math.floor(api.longestTimeoutSeconds * 1000 * 0.8);
    alarms.push(
      metricAlarm(api.scope, "LatencyAlarm", {
        name: alarmName(api.apiName, "latency"),
        description: `Latency (${statistic}) at ${threshold} ms (HTTP API ${api.apiName})`,
        metric: { namespace: "AWS/ApiGateway", metricName: "Latency", dimensions, ...(statistic === "Maximum" ? { statistic } : { extendedStatistic: statistic }), threshold },
        tuning: props.latency,
        topicArn,
        tags: api.tags,
      }),
    );
  }
  return alarms;
}
