import { CloudSchedulerJob } from "@cdktf/provider-google/lib/cloud-scheduler-job";
import { Fn } from "cdktf";
import type { AllKeysListed } from "../../core/known-keys";
import { shortHash } from "../../core/naming";
import { TIME_ZONE } from "../../core/rules";
import { isUnresolved, type Validator } from "../../core/validation";
import { SCHEDULER_ATTEMPT_DEADLINE_SECONDS, SCHEDULER_DESCRIPTION_MAX, SCHEDULER_JOB_NAME_MAX } from "../gcp-limits";
import { clampedSeconds, type CloudRunEventTarget, endpoint, validatePath } from "./cloud-run-event-target";
import { UNIX_CRON, unixCronProblem } from "./unix-cron";

/**
 * A Cloud Scheduler job that POSTs to the service on a schedule, with an OIDC token of the service's
 * invoker account.
 */
export interface CloudRunScheduleEvent {
  readonly type: "schedule";
  /** unix-cron, 5 fields: `"0 3 * * *"` is every day at 03:00 in `timeZone`. */
  readonly expression: string;
  /** A tz database name. @default "Etc/UTC" */
  readonly timeZone?: string;
  /** The path the job POSTs to, starting with `/`. @default the service's root URL */
  readonly path?: string;
  /** The request body: a string as is, an object as JSON (`Content-Type: application/json`). @default no body */
  readonly body?: string | Readonly<Record<string, unknown>>;
}

/** Every key of `CloudRunScheduleEvent`, for refusing unknown ones. */
export const SCHEDULE_EVENT_KEYS = ["type", "expression", "timeZone", "path", "body"] as const satisfies readonly (keyof CloudRunScheduleEvent)[];
export type ScheduleEventKeysComplete = AllKeysListed<Exclude<keyof CloudRunScheduleEvent, (typeof SCHEDULE_EVENT_KEYS)[number]>>;

const DEFAULT_TIME_ZONE = "Etc/UTC";

/** Checks one schedule event's settings (`at` is its prop path, e.g. `events[1]`). */
export function validateScheduleEvent(v: Validator, at: string, event: CloudRunScheduleEvent): void {
  v.onlyKnownKeys(at, event, SCHEDULE_EVENT_KEYS);
  v.required(`${at}.expression`, event.expression);
  if (event.expression !== undefined && event.expression !== "" && !isUnresolved(event.expression)) {
    const problem = unixCronProblem(event.expression);
    if (problem) v.fail(`${at}.expression`, `${UNIX_CRON.description}; here: ${problem}`, event.expression);
  }
  v.check(`${at}.timeZone`, event.timeZone, TIME_ZONE);
  validatePath(v, `${at}.path`, event.path);
  const body = event.body;
  if (body !== undefined && !isUnresolved(body)) {
    if (typeof body === "string") return;
    if (body === null || typeof body !== "object" || Array.isArray(body)) v.fail(`${at}.body`, "a string or a JSON object", body);
    else {
      try {
        JSON.stringify(body);
      } catch {
        v.fail(`${at}.body`, "an object that JSON.stringify can write", "an object with a cycle or a BigInt");
      }
    }
  }
}

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
