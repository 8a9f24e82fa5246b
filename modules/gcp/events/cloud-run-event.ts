import type { CloudSchedulerJob } from "@cdktf/provider-google/lib/cloud-scheduler-job";
import type { PubsubSubscription } from "@cdktf/provider-google/lib/pubsub-subscription";
import type { IConstruct } from "constructs";
import { claimUniqueName } from "../../core/unique-names";
import { isUnresolved, type Validator } from "../../core/validation";
import { claimLocatedName } from "../unique-names";
import { createSchedulerJob, type CloudRunScheduleEvent, schedulerJobName, validateScheduleEvent } from "./cloud-scheduler-job";
import type { CloudRunEventTarget } from "./cloud-run-event-target";
import { type CloudRunPubsubEvent, createPubsubSubscription, subscriptionName, validatePubsubEvent } from "./pubsub-push";

export type { CloudRunPubsubEvent } from "./pubsub-push";
export type { CloudRunScheduleEvent } from "./cloud-scheduler-job";

/** What calls a Cloud Run service besides HTTP clients: the GCP twin of `ServerlessFunction.events`. */
export type CloudRunEvent = CloudRunPubsubEvent | CloudRunScheduleEvent;

export const CLOUD_RUN_EVENT_TYPES = ["pubsub", "schedule"] as const satisfies readonly CloudRunEvent["type"][];

/** The names each event's resource gets, in order (a subscription name or a job name). */
export function eventResourceNames(serviceName: string, events: readonly CloudRunEvent[]): string[] {
  const subscriptions = new Set<string>();
  const jobs = new Set<string>();
  return events.map((e) => (e.type === "pubsub" ? subscriptionName(serviceName, e, subscriptions) : schedulerJobName(serviceName, e, jobs)));
}

/**
 * Checks `events`: a list of known event types, each with its own keys and rules; claims the
 * subscription and job names so two services of a stack cannot both create one.
 */
export function validateCloudRunEvents(
  v: Validator,
  scope: IConstruct,
  service: { serviceName?: unknown; location?: unknown; project?: unknown },
  events: unknown,
): void {
  if (events === undefined) return;
  if (!Array.isArray(events) || isUnresolved(events)) {
    v.fail("events", `a list of { type: ${CLOUD_RUN_EVENT_TYPES.map((t) => `"${t}"`).join(" | ")}, ... }`, events);
    return;
  }
  const before = v.ok;
  events.forEach((event: CloudRunEvent, i) => {
    const at = `events[${i}]`;
    if (event === null || typeof event !== "object" || Array.isArray(event)) {
      v.fail(at, "an event { type, ... }", event);
      return;
    }
    if (event.type === "pubsub") validatePubsubEvent(v, at, event);
    else if (event.type === "schedule") validateScheduleEvent(v, at, event);
    else v.fail(`${at}.type`, `one of ${CLOUD_RUN_EVENT_TYPES.map((t) => `"${t}"`).join(", ")}`, (event as { type?: unknown }).type);
  });
  // Names are derived from valid settings only.
  if (!v.ok || !before || typeof service.serviceName !== "string") return;
  const names = eventResourceNames(service.serviceName, events);
  const project = typeof service.project === "string" && !isUnresolved(service.project) ? ` in project ${service.project}` : "";
  events.forEach((event: CloudRunEvent, i) => {
    if (event.type === "pubsub") claimUniqueName(v, scope, `Pub/Sub subscription name${project}`, `events[${i}]`, names[i]);
    else claimLocatedName(v, scope, "Cloud Scheduler job name", `events[${i}]`, names[i], service.location, service.project);
  });
}

/** Creates each event's subscription or job, all pushing as `target.invokerEmail`. */
export function createCloudRunEvents(target: CloudRunEventTarget, events: readonly CloudRunEvent[]): (PubsubSubscription | CloudSchedulerJob)[] {
  const names = eventResourceNames(target.serviceName, events);
  return events.map((event, i) => (event.type === "pubsub" ? createPubsubSubscription(target, event, names[i]) : createSchedulerJob(target, event, names[i])));
}
