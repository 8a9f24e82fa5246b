import type { ModelBlock } from "../../modules/core/terraform";
import type { StackView } from "./stack-view";

/**
 * What a stack says about safe delivery, one fact per subject: how each Lambda function's `live`
 * alias and each Cloud Run service's traffic move to new code (rollout), and what each alarm or alert
 * policy watches. The review compares these between base and head (`diffDeliveryFacts`), so a change
 * of strategy, a rollback alarm removed or a threshold raised reads as one line, not as attribute paths.
 */
export interface DeliveryFact {
  readonly kind: "rollout" | "alarm";
  /** `svc-prod-hello` (a function, a service) or the alarm's name. */
  readonly subject: string;
  /** The Terraform address of the block (or output) the fact is read from, and its construct path. */
  readonly address: string;
  readonly path: string;
  /** One line: `canary: 10% then the rest after 5 min; rolls back on svc-prod-hello-errors, ...`. */
  readonly summary: string;
}

export interface DeliveryChange {
  readonly kind: DeliveryFact["kind"];
  readonly subject: string;
  readonly address: string;
  readonly path: string;
  readonly change: "added" | "removed" | "changed";
  readonly before?: string;
  readonly after?: string;
}

const CODEDEPLOY_DEFAULT = /^CodeDeployDefault\.Lambda(?:(Canary)(\d+)Percent(\d+)Minutes?|(Linear)(\d+)PercentEvery(\d+)Minutes?|(AllAtOnce))$/;

export function extractDeliveryFacts(index: StackView): DeliveryFact[] {
  const facts: DeliveryFact[] = [];
  for (const group of index.model.ofType("aws_codedeploy_deployment_group")) {
    const c = group.raw;
    const subject = resolvedText(index, c.app_name) ?? index.pathOf(group.address);
    const alarmConfig = asRecord(asList(c.alarm_configuration)[0]);
    const alarms = alarmConfig.enabled === false ? [] : asList(alarmConfig.alarms).map((a) => resolvedText(index, a) ?? String(a));
    const rollback = asRecord(asList(c.auto_rollback_configuration)[0]);
    const rollsBack = rollback.enabled === true ? asList(rollback.events).map(String) : [];
    const onAlarm = rollsBack.includes("DEPLOYMENT_STOP_ON_ALARM") && alarms.length > 0;
    facts.push({
      kind: "rollout",
      subject,
      address: group.address,
      path: index.pathOf(group.address),
      summary: [
        `Lambda alias through CodeDeploy, ${strategyOf(index, c.deployment_config_name)}`,
        onAlarm ? `rolls back on ${alarms.join(", ")}` : alarms.length > 0 ? `stops on ${alarms.join(", ")}, no automatic rollback` : "no rollback alarm",
      ].join("; "),
    });
  }
  for (const [name, raw] of Object.entries(asRecord(index.stack.config.output))) {
    const v = asRecord(asRecord(raw).value);
    if (v.kind !== "gcp-cloud-run") continue;
    const tag = typeof v.tag === "string" && v.tag !== "" ? ` (tag ${v.tag})` : "";
    facts.push({
      kind: "rollout",
      subject: String(v.service),
      address: `output.${name}`,
      path: `output ${name.replace(/_[0-9A-F]{8}$/, "")}`,
      summary: Number(v.percent) >= 100 ? `Cloud Run traffic: all of it to the new revision${tag}, pinned by name` : `Cloud Run traffic: ${v.percent}% to the new revision${tag}, the rest on the previous one`,
    });
  }
  for (const alarm of index.model.ofType("aws_cloudwatch_metric_alarm")) {
    const c = alarm.raw;
    const statistic = c.extended_statistic ?? c.statistic;
    const dimensions = Object.entries(asRecord(c.dimensions)).map(([k, v]) => `${k}=${resolvedText(index, v) ?? v}`);
    const missing = c.treat_missing_data !== undefined ? `, missing data ${c.treat_missing_data}` : "";
    const actions = asList(c.alarm_actions).length === 0 || c.actions_enabled === false ? ", notifies no one" : "";
    facts.push({
      kind: "alarm",
      subject: String(c.alarm_name ?? index.pathOf(alarm.address)),
      address: alarm.address,
      path: index.pathOf(alarm.address),
      summary: `${c.namespace} ${c.metric_name} (${dimensions.join(", ")}) ${statistic} ${OPERATOR[String(c.comparison_operator)] ?? c.comparison_operator} ${c.threshold}, ${c.datapoints_to_alarm ?? c.evaluation_periods} of ${c.evaluation_periods} × ${c.period} s${missing}${actions}`,
    });
  }
  for (const policy of index.model.ofType("google_monitoring_alert_policy")) {
    const c = policy.raw;
    const conditions = asList(c.conditions).map((raw) => {
      const condition = asRecord(raw);
      const threshold = asRecord(asList(condition.condition_threshold)[0]);
      const aggregation = asRecord(asList(threshold.aggregations)[0]);
      const metric = /metric\.type = "([^"]+)"/.exec(String(threshold.filter ?? ""))?.[1] ?? String(threshold.filter ?? "");
      return `${metric} ${aggregation.per_series_aligner ?? ""} ${OPERATOR[String(threshold.comparison)] ?? threshold.comparison} ${threshold.threshold_value} per ${aggregation.alignment_period ?? "?"}`.replace(/ {2,}/g, " ");
    });
    const channels = asList(c.notification_channels).length === 0 || c.enabled === false ? ", notifies no one" : "";
    facts.push({ kind: "alarm", subject: String(c.display_name ?? index.pathOf(policy.address)), address: policy.address, path: index.pathOf(policy.address), summary: `${conditions.join("; ")}${channels}` });
  }
  return facts;
}

/** Facts added, removed or whose summary changed, between two sides of one stack. */
export function diffDeliveryFacts(base: readonly DeliveryFact[], head: readonly DeliveryFact[]): DeliveryChange[] {
  const key = (f: DeliveryFact) => `${f.kind}\u0000${f.subject}`;
  const before = new Map(base.map((f) => [key(f), f]));
  const after = new Map(head.map((f) => [key(f), f]));
  const changes: DeliveryChange[] = [];
  for (const [k, h] of after) {
    const b = before.get(k);
    if (!b) changes.push({ kind: h.kind, subject: h.subject, address: h.address, path: h.path, change: "added", after: h.summary });
    else if (b.summary !== h.summary) changes.push({ kind: h.kind, subject: h.subject, address: h.address, path: h.path, change: "changed", before: b.summary, after: h.summary });
  }
  for (const [k, b] of before) {
    if (!after.has(k)) changes.push({ kind: b.kind, subject: b.subject, address: b.address, path: b.path, change: "removed", before: b.summary });
  }
  return changes;
}

const OPERATOR: Record<string, string> = {
  GreaterThanOrEqualToThreshold: ">=",
  GreaterThanThreshold: ">",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "<=",
  COMPARISON_GT: ">",
  COMPARISON_GE: ">=",
  COMPARISON_LT: "<",
  COMPARISON_LE: "<=",
};

/** `canary: 10% then the rest after 5 min`, from a CodeDeploy default's name or the stack's own deployment config. */
function strategyOf(index: StackView, name: unknown): string {
  const literal = typeof name === "string" ? CODEDEPLOY_DEFAULT.exec(name) : null;
  if (literal) {
    if (literal[1]) return `canary: ${literal[2]}% then the rest after ${literal[3]} min`;
    if (literal[4]) return `linear: ${literal[5]}% more every ${literal[6]} min`;
    return "all at once";
  }
  const config = referencedBlock(index, name);
  if (config?.type === "aws_codedeploy_deployment_config") {
    const routing = asRecord(asList(config.raw.traffic_routing_config)[0]);
    const canary = asRecord(asList(routing.time_based_canary)[0]);
    const linear = asRecord(asList(routing.time_based_linear)[0]);
    if (routing.type === "TimeBasedCanary") return `canary: ${canary.percentage}% then the rest after ${canary.interval} min`;
    if (routing.type === "TimeBasedLinear") return `linear: ${linear.percentage}% more every ${linear.interval} min`;
    if (routing.type === "AllAtOnce") return "all at once";
  }
  return `deployment config ${typeof name === "string" ? name : JSON.stringify(name)}`;
}

/** The block a `${type.name.attribute}` reference designates, if the value is exactly one. */
function referencedBlock(index: StackView, value: unknown): ModelBlock | undefined {
  const m = typeof value === "string" ? /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(value) : null;
  return m ? index.block(m[1]) : undefined;
}

/**
 * A value as text: a literal as it is; a reference to another block's name-like attribute read from
 * that block (`${aws_codedeploy_app.X.name}` -> its `name`); undefined when synth cannot tell.
 */
function resolvedText(index: StackView, value: unknown): string | undefined {
  if (typeof value === "string" && !value.includes("${")) return value;
  const m = typeof value === "string" ? /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(value) : null;
  if (!m) return undefined;
  const block = index.block(m[1]);
  const attribute = m[2] === "deployment_group_name" || m[2] === "alarm_name" || m[2] === "function_name" || m[2] === "name" ? block?.raw[m[2]] : undefined;
  return resolvedText(index, attribute) ?? (block ? index.describe(block.address) : undefined);
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A nested block, which Terraform JSON writes either as one object or as a list of them. */
function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
