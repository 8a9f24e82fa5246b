import { CloudSchedulerJob } from "@cdktf/provider-google/lib/cloud-scheduler-job";
import { Fn } from "cdktf";
import { shortHash } from "../../core/naming";
import { oneOf, TIME_ZONE } from "../../core/rules";
import { custom, object, optional, required, type TypeOf } from "../../core/schema";
import { isUnresolved } from "../../core/validation";
import { SCHEDULER_ATTEMPT_DEADLINE_SECONDS, SCHEDULER_DESCRIPTION_MAX, SCHEDULER_JOB_NAME_MAX } from "../gcp-limits";
import { clampedSeconds, type CloudRunEventTarget, endpoint, REQUEST_PATH_SCHEMA } from "./cloud-run-event-target";
import { UNIX_CRON, unixCronProblem } from "./unix-cron";

const DEFAULT_TIME_ZONE = "Etc/UTC";
const BODY_RULE = "a string or a JSON object";

const EXPRESSION = custom<string>(UNIX_CRON.description, (c, prop, expression) => {
  if (expression === "" || expression === null || isUnresolved(expression)) return;
  const problem = typeof expression === "string" ? unixCronProblem(expression) : "not a string";
  if (problem) c.v.fail(prop, `${UNIX_CRON.description}; here: ${problem}`, expression);
});

const BODY = custom<string | Readonly<Record<string, unknown>>>(BODY_RULE, (c, prop, body) => {
  if (isUnresolved(body) || typeof body === "string") return;
  if (body === null || typeof body !== "object" || Array.isArray(body)) c.v.fail(prop, BODY_RULE, body);
  else {
    try {
      JSON.stringify(body);
    } catch {
      c.v.fail(prop, "an object that JSON.stringify can write", "an object with a cycle or a BigInt");
    }
  }
});

const SCHEDULE_EVENT = object({
  /** `"schedule"`. */
  type: required(oneOf(["schedule"] as const)),
  /** unix-cron, 5 fields: `"0 3 * * *"` is every day at 03:00 in `timeZone`. */
  expression: required(EXPRESSION),
  /** A tz database name. @default "Etc/UTC" */
  timeZone: optional(TIME_ZONE),
  /** The path the job POSTs to, starting with `/`. @default the service's root URL */
  path: optional(REQUEST_PATH_SCHEMA),
  /** The request body: a string as is, an object as JSON (`Content-Type: application/json`). @default no body */
  body: optional(BODY),
});

/**
 * A Cloud Scheduler job that POSTs to the service on a schedule, with an OIDC token of the service's
 * invoker account.
 */
export interface CloudRunScheduleEvent extends TypeOf<typeof SCHEDULE_EVENT> {}
export const CLOUD_RUN_SCHEDULE_EVENT_SCHEMA = SCHEDULE_EVENT.named<CloudRunScheduleEvent>();

/**
 * The job's name: `<serviceName>-<path as words>` (`<serviceName>-schedule` for the root URL), cut with
 * a hash past 500 characters; a repeat among this service's events gets `-2`, `-3`.
 */
export function schedulerJobName(serviceName: string, event: CloudRunScheduleEvent, taken: Set<string>): string {
  const words = typeof event.path === "string" && !isUnresolved(event.path) ? event.path.split("?")[0].replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "") : "";
  let base = `${serviceName}-${words || "schedule"}`;
  if (base.length > SCHEDULER_JOB_NAME_MAX - 3) base = `${base.slice(0, SCHEDULER_JOB_NAME_MAX - 12)}-${shortHash(base, 8)}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

export function createSchedulerJob(target: CloudRunEventTarget, event: CloudRunScheduleEvent, name: string): CloudSchedulerJob {
  const body = event.body;
  const json = body !== undefined && typeof body === "object";
  const text = json ? JSON.stringify(body) : body;
  return new CloudSchedulerJob(target.scope, `Schedule-${name}`, {
    name,
    project: target.project,
    region: target.location,
    // Scheduler allows 500 characters; a long path is cut here rather than refused.
    description: `POST ${event.path ?? "/"} of Cloud Run service ${target.serviceName} on "${event.expression}"`.slice(0, SCHEDULER_DESCRIPTION_MAX),
    schedule: event.expression,
    timeZone: event.timeZone ?? DEFAULT_TIME_ZONE,
    // Scheduler stops waiting after this; the service may take up to its own timeout.
    attemptDeadline: `${clampedSeconds(target.timeout, SCHEDULER_ATTEMPT_DEADLINE_SECONDS)}s`,
    httpTarget: {
      uri: endpoint(target, event.path),
      httpMethod: "POST",
      // The API takes the body base64-encoded.
      body: text === undefined ? undefined : isUnresolved(text) ? Fn.base64encode(text) : Buffer.from(text, "utf8").toString("base64"),
      headers: json ? { "Content-Type": "application/json" } : undefined,
      oidcToken: { serviceAccountEmail: target.invokerEmail, audience: target.uri },
    },
    dependsOn: [target.invokerGrant],
  });
}
